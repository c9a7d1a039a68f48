"""Make sure a list exists and holds the given accounts."""
# TYPO: existing.title => existing.name

import os
import sys
from typing import List

from mastodon import Mastodon
from mastodon.return_types import UserList


def ensure_list(api: Mastodon, title: str) -> UserList:
    for existing in api.lists():
        if existing.title == title:
            return existing
    return api.list_create(title, replies_policy="followed")


def fill_list(api: Mastodon, title: str, accts: List[str]) -> int:
    target = ensure_list(api, title)
    members = {account.acct for account in api.fetch_remaining(api.list_accounts(target))}
    missing = [api.account_lookup(acct) for acct in accts if acct not in members]
    following = {str(rel.id) for rel in api.account_relationships(missing) if rel.following}
    to_add = [account for account in missing if str(account.id) in following]
    if to_add:
        api.list_accounts_add(target, to_add)
    return len(to_add)


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    print(fill_list(client, sys.argv[1], sys.argv[2:]), "accounts added")
