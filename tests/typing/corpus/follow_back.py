"""Follow back every follower one does not follow yet (skipping bots)."""
# TYPO: relation.followed_by => relation.follows_by

import os

from mastodon import Mastodon


def follow_back(api: Mastodon, dry_run: bool = True) -> int:
    me = api.account_verify_credentials()
    followers = api.fetch_remaining(api.account_followers(me, limit=80))
    humans = [account for account in followers if not account.bot]
    followed = 0
    for start in range(0, len(humans), 40):
        chunk = humans[start:start + 40]
        for account, relation in zip(chunk, api.account_relationships(chunk)):
            if relation.followed_by and not relation.following and not relation.requested:
                print(("would follow " if dry_run else "following ") + account.acct)
                if not dry_run:
                    api.account_follow(account)
                followed += 1
    return followed


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    print(follow_back(client, dry_run=os.environ.get("DRY_RUN", "1") == "1"))
