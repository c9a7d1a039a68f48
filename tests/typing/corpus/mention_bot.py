"""Answer every new mention with a friendly reply, remembering the last one answered."""
# TYPO: reply.url => reply.ulr

import os
from typing import Optional

from mastodon import Mastodon


def answer_mentions(api: Mastodon, since: Optional[str]) -> Optional[str]:
    newest = since
    for note in api.notifications(types=["mention"], since_id=since, limit=40):
        status = note.status
        if status is None or note.account.bot:
            continue
        reply = api.status_reply(status, "Thanks for the mention!", visibility="unlisted")
        print(f"answered @{note.account.acct}: {reply.url}")
        if newest is None or int(note.id) > int(newest):
            newest = str(note.id)
    return newest


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    print(answer_mentions(client, os.environ.get("SINCE_ID")))
