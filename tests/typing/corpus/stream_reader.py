"""Print a hashtag's new statuses and one's notifications as they arrive."""
# TYPO: status.account.acct => status.account.accnt

import os
from typing import List

from mastodon import Mastodon, StreamListener
from mastodon.return_types import Notification, Status


class Printer(StreamListener):
    def __init__(self) -> None:
        self.seen: List[str] = []

    def on_update(self, status: Status) -> None:
        self.seen.append(str(status.id))
        print(f"@{status.account.acct}: {status.spoiler_text or status.content[:80]}")

    def on_notification(self, notification: Notification) -> None:
        who = notification.account.display_name or notification.account.username
        print(f"[{notification.type}] from {who} at {notification.created_at:%H:%M}")

    def on_delete(self, status_id: str) -> None:
        if status_id in self.seen:
            print(f"deleted: {status_id}")


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    client.stream_hashtag("python", Printer(), local=True)
