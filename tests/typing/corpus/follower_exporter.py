"""Write the followers of an account to a CSV file."""
# TYPO: follower.display_name => follower.displayname

import csv
import os
import sys

from mastodon import Mastodon


def export_followers(api: Mastodon, acct: str, path: str) -> int:
    account = api.account_lookup(acct)
    followers = api.fetch_remaining(api.account_followers(account, limit=80))
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["acct", "name", "followers", "bot", "since"])
        for follower in followers:
            writer.writerow([follower.acct, follower.display_name, follower.followers_count,
                             follower.bot, follower.created_at.date().isoformat()])
    return len(followers)


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    print(export_followers(client, sys.argv[1], sys.argv[2]), "followers written")
