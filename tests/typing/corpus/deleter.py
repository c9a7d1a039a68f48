"""Delete one's own statuses older than a number of days, keeping the popular ones."""
# TYPO: status.favourites_count => status.favorites_count

import os
import sys
from datetime import datetime, timedelta, timezone
from typing import Optional

from mastodon import Mastodon
from mastodon.types_base import PaginatableList
from mastodon.return_types import Status


def delete_old(api: Mastodon, days: int, keep_above: int = 10) -> int:
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    me = api.account_verify_credentials()
    deleted = 0
    page: Optional[PaginatableList[Status]] = api.account_statuses(me, limit=40)
    while page:
        for status in page:
            if status.created_at >= cutoff or status.pinned:
                continue
            if status.favourites_count + status.reblogs_count > keep_above:
                continue
            api.status_delete(status)
            deleted += 1
        page = api.fetch_next(page)
    return deleted


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    print(delete_old(client, int(sys.argv[1])), "statuses deleted")
