"""Schedule a week of morning posts and list what is already waiting."""
# TYPO: scheduled.scheduled_at => scheduled.schedule_at

import os
from datetime import datetime, timedelta, timezone
from typing import List

from mastodon import Mastodon
from mastodon.return_types import ScheduledStatus


def schedule_week(api: Mastodon, texts: List[str]) -> List[ScheduledStatus]:
    start = datetime.now(timezone.utc).replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=1)
    made: List[ScheduledStatus] = []
    for day, text in enumerate(texts):
        scheduled = api.status_post(text, visibility="public", scheduled_at=start + timedelta(days=day))
        print(f"{scheduled.id}: {scheduled.params.text!r} at {scheduled.scheduled_at:%a %H:%M}")
        made.append(scheduled)
    return made


def waiting(api: Mastodon) -> int:
    return sum(1 for item in api.pagination_iterator(api.scheduled_statuses()) if item.params.poll is None)


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    schedule_week(client, ["Good morning!", "Coffee time.", "Halfway there."])
    print(waiting(client), "posts scheduled")
