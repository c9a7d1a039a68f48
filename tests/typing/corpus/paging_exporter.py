"""Export a hashtag timeline page by page, saving where to resume after each page."""
# TYPO: status.reblogs_count => status.reblog_count

import os
import sys
from typing import Optional

from mastodon import Mastodon
from mastodon.types_base import Entity, PaginatableList
from mastodon.return_types import Status


def export(api: Mastodon, tag: str, resume_file: str) -> int:
    first: PaginatableList[Status]
    if os.path.exists(resume_file):
        with open(resume_file, encoding="utf-8") as f:
            saved = PaginatableList[Status].from_json(f.read())
        restarted: Optional[PaginatableList[Status]] = api.fetch_next(saved)
        if restarted is None:
            return 0
        first = restarted
    else:
        first = api.timeline_hashtag(tag, limit=40)
    exported = 0
    for page, info in api.pagination_page_iterator(first, return_pagination_info=True):
        for status in page:
            print(status.id, status.created_at.isoformat(), status.reblogs_count, status.content[:40])
            exported += 1
        if info is not None:
            with open(resume_file, "w", encoding="utf-8") as f:
                f.write(page.to_json())
    newer = api.fetch_previous(first)
    if newer is not None:
        print(len(newer), "newer statuses arrived meanwhile")
    return exported


def is_saved_page(text: str) -> bool:
    return isinstance(Entity.from_json(text), PaginatableList)


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    print(export(client, sys.argv[1], sys.argv[2]), "statuses exported")
