"""A daily digest of notifications: counts by type and the newest one in full."""
# TYPO: latest.created_at => latest.created

import os
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Dict

from mastodon import Mastodon


def digest(api: Mastodon, hours: int = 24) -> Dict[str, int]:
    since = datetime.now(timezone.utc) - timedelta(hours=hours)
    counts: Counter[str] = Counter()
    newest_id = None
    for note in api.pagination_iterator(api.notifications(limit=80)):
        if note.created_at < since:
            break
        counts[note.type] += 1
        newest_id = newest_id or note.id
    if newest_id is not None:
        latest = api.notifications(id=newest_id)
        text = latest.status.content if latest.status is not None else ""
        print(f"latest: {latest.type} by @{latest.account.acct} at {latest.created_at:%H:%M} {text[:60]}")
    return dict(counts)


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    for kind, number in sorted(digest(client).items()):
        print(f"{kind:>16}: {number}")
