"""Search a server and print accounts, hashtags and statuses found."""
# TYPO: tag.name => tag.title

import os
import sys

from mastodon import Mastodon


def search(api: Mastodon, query: str) -> None:
    found = api.search_v2(query, resolve=True, limit=10)
    for account in found.accounts:
        print(f"account  @{account.acct} ({account.followers_count} followers)")
    for tag in found.hashtags:
        trending = "trending" if tag.history else ""
        print(f"hashtag  #{tag.name} {tag.url} {trending}")
    for status in found.statuses:
        print(f"status   {status.url or status.uri} by @{status.account.acct}")


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    search(client, " ".join(sys.argv[1:]))
