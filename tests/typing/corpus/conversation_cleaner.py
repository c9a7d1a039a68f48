"""Mark direct conversations read and drop the ones whose last status is gone."""
# TYPO: conversation.unread => conversation.unseen

import os

from mastodon import Mastodon


def clean(api: Mastodon) -> int:
    changed = 0
    for conversation in api.pagination_iterator(api.conversations(limit=40)):
        last = conversation.last_status
        if last is None:
            api.conversations_delete(conversation)
            changed += 1
            continue
        if conversation.unread:
            names = ", ".join(account.acct for account in conversation.accounts)
            print(f"{names}: {last.content[:60]}")
            api.conversations_read(conversation)
            changed += 1
    return changed


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    print(clean(client), "conversations changed")
