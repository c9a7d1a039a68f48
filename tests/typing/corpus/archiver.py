"""Archive one's own statuses, oldest page last, as JSON lines that can be restored later."""
# TYPO: status.created_at => status.created

import json
import os
import sys

from mastodon import Mastodon
from mastodon.return_types import Status


def archive(api: Mastodon, path: str) -> int:
    me = api.account_verify_credentials()
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for status in api.pagination_iterator(api.account_statuses(me, limit=40)):
            record = {"id": str(status.id), "when": status.created_at.isoformat(),
                      "saved": status.to_json(pretty=False)}
            out.write(json.dumps(record) + "\n")
            count += 1
    return count


def restore(line: str) -> Status:
    record = json.loads(line)
    return Status.from_json(record["saved"])


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    print(archive(client, sys.argv[1]), "statuses archived")
