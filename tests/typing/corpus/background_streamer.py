"""Follow the home timeline in the background while the main thread does other work, then stop."""
# TYPO: handle.is_receiving => handle.is_recieving

import os
import time

from mastodon import Mastodon, StreamListener
from mastodon.return_types import Status


class Counter(StreamListener):
    def __init__(self) -> None:
        self.count = 0

    def on_update(self, status: Status) -> None:
        self.count += 1
        print(f"{self.count}: @{status.account.acct}")


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    counter = Counter()
    handle = client.stream_user(counter, run_async=True, reconnect_async=True)
    try:
        time.sleep(60)
        print("still receiving" if handle.is_receiving() else "not receiving")
    finally:
        handle.close()
    print(f"{counter.count} statuses")
