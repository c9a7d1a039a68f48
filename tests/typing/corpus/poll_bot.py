"""Ask a question with a poll, then report the results once it has closed."""
# TYPO: option.votes_count => option.vote_count

import os
import sys
from typing import Dict

from mastodon import Mastodon


def ask(api: Mastodon, question: str, answers: list[str]) -> str:
    poll = api.make_poll(answers, expires_in=3600, multiple=False)
    status = api.status_post(question, poll=poll, visibility="public")
    return str(status.id)


def results(api: Mastodon, status_id: str) -> Dict[str, int]:
    status = api.status(status_id)
    poll = status.poll
    if poll is None or not poll.expired:
        return {}
    return {option.title: option.votes_count or 0 for option in poll.options}


if __name__ == "__main__":
    client = Mastodon(access_token=os.environ["MASTODON_TOKEN"], api_base_url=os.environ["MASTODON_URL"])
    if sys.argv[1] == "ask":
        print(ask(client, sys.argv[2], sys.argv[3:]))
    else:
        for title, votes in results(client, sys.argv[2]).items():
            print(f"{votes:5} {title}")
