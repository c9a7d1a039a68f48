"""Conversations: listing, read state, removal."""

from datetime import datetime

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import Mastodon, MastodonVersionError, PaginatableList


def test_conversations(api, rsps):
    rsps.get(BASE + "/api/v1/conversations", json=[entity("Conversation")],
             headers={"Link": f'<{BASE}/api/v1/conversations?max_id=41>; rel="next"'},
             match=[query_matcher({"limit": "2", "min_id": "7"})])
    result = api.conversations(min_id=7, limit=2)
    assert isinstance(result, PaginatableList) and result._pagination_next["max_id"] == "41"
    conversation = result[0]
    assert conversation.unread is True and conversation.accounts[0].acct
    assert isinstance(conversation.last_status.created_at, datetime)


def test_conversations_read_and_unread(api, rsps):
    rsps.post(BASE + "/api/v1/conversations/418450/read", json=entity("Conversation") | {"unread": False},
              match=[form_matcher({})])
    assert api.conversations_read(entity("Conversation")).unread is False
    rsps.post(BASE + "/api/v1/conversations/418450/unread", json=entity("Conversation"))
    assert api.conversations_unread("418450").unread is True


def test_conversations_delete(api, rsps):
    rsps.delete(BASE + "/api/v1/conversations/418450", json={})
    assert api.conversations_delete(418450) is None


def test_conversations_unread_needs_4_2(rsps):
    old = Mastodon(api_base_url=BASE, access_token="t", mastodon_version="4.1.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.conversations_unread("1")
