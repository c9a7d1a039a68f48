"""Polls: reading, voting, and building the poll of a new status."""

from datetime import datetime, timedelta

import pytest

from conftest import BASE, entity, form_matcher, recorded
from mastodon import AttribAccessDict, MastodonIllegalArgumentError


def test_poll(api, rsps):
    rsps.get(BASE + "/api/v1/polls/34830", json=entity("Poll"))
    poll = api.poll("34830")
    assert isinstance(poll.expires_at, datetime) and poll.expires_at.tzinfo is not None
    assert [o.title for o in poll.options] == ["accept", "deny"] and poll.own_votes == [1]


def test_poll_from_a_status(api, rsps):
    status = recorded("status_post_poll")["body"]
    rsps.get(BASE + f"/api/v1/polls/{status['poll']['id']}", json=status["poll"])
    assert api.poll(status["poll"]).id == status["poll"]["id"]


@pytest.mark.parametrize("choices, sent", [(1, ["1"]), ([0, 2], ["0", "2"]), ((3,), ["3"])])
def test_poll_vote(api, rsps, choices, sent):
    rsps.post(BASE + "/api/v1/polls/34830/votes", json=entity("Poll") | {"voted": True},
              match=[form_matcher({"choices[]": sent})])
    result = api.poll_vote({"id": "34830"}, choices)
    assert result.voted is True and isinstance(result.options, list)


@pytest.mark.parametrize("bad", [None, "1", [-1], [True], [1.0], 1.5])
def test_poll_vote_refuses_bad_choices(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.poll_vote("1", bad)
    assert len(rsps.calls) == 0


def test_make_poll(api):
    poll = api.make_poll(("yes", "no"), timedelta(hours=1), multiple=True)
    assert isinstance(poll, AttribAccessDict)
    assert poll == {"options": ["yes", "no"], "expires_in": 3600, "multiple": True, "hide_totals": False}
    assert poll.expires_in == 3600


@pytest.mark.parametrize("options, expires_in", [("yes", 60), (["a", 3], 60), (None, 60),
                                                 (["a", "b"], "60"), (["a", "b"], None), (["a", "b"], 1.5)])
def test_make_poll_refuses_bad_polls(api, options, expires_in):
    with pytest.raises(MastodonIllegalArgumentError):
        api.make_poll(options, expires_in)
