"""Follow suggestions: v1, v2, the fallback between them, and dismissing one."""

import warnings

import pytest

from conftest import BASE, entity, query_matcher, recorded
from mastodon import (AttribAccessDict, MastodonDeprecationWarning, MastodonIllegalArgumentError,
                      MastodonServerError, NonPaginatableList)


def test_suggestions_v2(api, rsps):
    rsps.get(BASE + "/api/v2/suggestions", json=[entity("Suggestion")], match=[query_matcher({"limit": "5"})])
    result = api.suggestions_v2(limit=5)
    assert isinstance(result, NonPaginatableList)
    assert isinstance(result[0], AttribAccessDict)
    assert result[0].source == "staff" and result[0].account.acct == "alice"


def test_suggestions_v1(api, rsps):
    rsps.get(BASE + "/api/v1/suggestions", json=[entity("Account")], match=[query_matcher({})])
    result = api.suggestions_v1()
    assert isinstance(result, NonPaginatableList)
    assert result[0].acct == "noiob@awoo.space"


def test_suggestions_prefers_v2(api, rsps):
    rsps.get(BASE + "/api/v2/suggestions", json=[entity("Suggestion")], match=[query_matcher({"limit": "2"})])
    result = api.suggestions(limit=2)
    assert result[0].account.id == "109031732217496096"
    assert len(rsps.calls) == 1


def test_suggestions_falls_back_to_v1_on_404(api, rsps):
    rsps.get(BASE + "/api/v2/suggestions", status=404, json=recorded("error_404")["body"])
    rsps.get(BASE + "/api/v1/suggestions", json=[entity("Account")], match=[query_matcher({"limit": "3"})],
             headers={"Deprecation": "@1621123200"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = api.suggestions(limit=3)
    assert isinstance(result, NonPaginatableList) and result[0].acct == "noiob@awoo.space"
    assert [c.request.url.split("?")[0] for c in rsps.calls] == [BASE + "/api/v2/suggestions",
                                                                 BASE + "/api/v1/suggestions"]
    assert any(issubclass(w.category, MastodonDeprecationWarning) for w in caught)


def test_suggestions_does_not_hide_other_errors(api, rsps):
    rsps.get(BASE + "/api/v2/suggestions", status=500, json={"error": "boom"})
    with pytest.raises(MastodonServerError):
        api.suggestions()


@pytest.mark.parametrize("given", ["109031732217496096", {"id": "109031732217496096"}, entity("Suggestion")])
def test_suggestion_delete(api, rsps, given):
    rsps.delete(BASE + "/api/v1/suggestions/109031732217496096", json={})
    assert api.suggestion_delete(given) is None
    assert rsps.calls[0].request.method == "DELETE"


def test_suggestion_delete_needs_an_account(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError):
        api.suggestion_delete({"source": "staff"})
