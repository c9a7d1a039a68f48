"""Post the pictures of a folder, four per status, each with its description."""
# TYPO: media.description => media.desciption

import os
import sys
from typing import List

from mastodon import Mastodon
from mastodon.return_types import MediaAttachment, Status


def upload_folder(api: Mastodon, folder: str) -> List[Status]:
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith((".png", ".jpg", ".jpeg")))
    posted: List[Status] = []
    for start in range(0, len(names), 4):
        batch: List[MediaAttachment] = []
        for name in names[start:start + 4]:
            media = api.media_post(os.path.join(folder, name), description=name.rsplit(".", 1)[0],
                                   synchronous=True)
            print(f"uploaded {name}: {media.type} {media.url} ({media.description})")
            batch.append(media)
        status = api.status_post(f"Pictures {start + 1}-{start + len(batch)}", media_ids=batch, sensitive=False)
        posted.append(status)
    return posted


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    for done in upload_folder(client, sys.argv[1]):
        print(done.url, len(done.media_attachments))
