"""The typed-endpoint table of tests/api/test_result_types.py, run against AsyncMastodon on a real server.

The table (which methods are typed, the arguments they are called with, the payload served,
the checks on the result) is the sync test's own, imported, so both clients answer to one
table: every typed endpoint method, awaited, returns its declared entity at every depth.
"""

import inspect
import os
import sys

import pytest
from aioserver import TOKEN, ThreadServer, run

from mastodon import AsyncMastodon, Mastodon

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "api"))
import test_result_types as table  # noqa: E402


@pytest.fixture(scope="module")
def server():
    """One server for the module (in a thread), answering every request with the test's body."""
    shared = ThreadServer().start()
    yield shared
    shared.stop()


def call_with(server, body, call, headers=None):
    """Serve ``body`` (or ``body(seen)``) to every request, ``await call(api)`` in a fresh loop:
    (result, number of requests)."""
    server.state.update(body=body, headers=headers or {}, calls=0)

    async def main():
        async with AsyncMastodon(client_id="client-id", client_secret="client-secret", access_token=TOKEN,
                                 api_base_url=server.url) as api:
            result = call(api)
            while inspect.isawaitable(result):
                result = await result
            return result
    return run(main()), server.state["calls"]


class _Seen:
    """What the sync table's per-request answer functions read: the URL."""

    def __init__(self, seen):
        self.url = seen.path + ("?" + str(seen.query) if seen.query else "")


@pytest.mark.parametrize("name", table.GENERIC)
def test_generic_call_returns_the_declared_types(server, name):
    expected = table.expected_type(name, table.TYPED[name])
    body, dropped = table.payload_for(expected)
    kwargs = table.generic_arguments(name, inspect.unwrap(getattr(Mastodon, name)))
    result, calls = call_with(server, body, lambda api: getattr(api, name)(**kwargs))
    assert calls >= 1
    table.check(result, expected, name)
    table._check_dropped(result, dropped, name)


async def _filters_apply(api):
    statuses = await api.timeline_home()
    return api.filters_apply(statuses, [table.entity("V1_Filter")], "home")


#: The sync table's special calls that need an ``await`` inside them.
ASYNC_CALLS = {"filters_apply": _filters_apply}


@pytest.mark.parametrize("name", sorted(table.SPECIAL_CALLS))
def test_special_call_returns_the_declared_types(server, name):
    call, body, expected = table.SPECIAL_CALLS[name]
    call = ASYNC_CALLS.get(name, call)
    if expected is None:
        expected = table.TYPED[name]
    dropped = None
    if body is None:
        body, dropped = table.payload_for(expected)
    else:
        answer = body
        body = lambda seen: answer(_Seen(seen))  # noqa: E731
    result, _ = call_with(server, body, call)
    table.check(result, expected, name)
    table._check_dropped(result, dropped, name)


@pytest.mark.parametrize("fixture", sorted(table.RECORDED))
def test_recorded_answers_have_the_declared_types(server, fixture):
    name, kwargs = table.RECORDED[fixture]
    answer = table.recorded(fixture)
    headers = {k: v for k, v in answer.get("headers", {}).items() if k.lower() == "link"}
    result, _ = call_with(server, answer["body"], lambda api: getattr(api, name)(**kwargs), headers)
    table.check(result, table.expected_type(name, table.TYPED[name]), f"{name} ({fixture})")


def test_the_table_is_the_sync_one():
    # Not vacuous: the same (large) table as the sync client's.
    assert len(table.GENERIC) > 200 and set(table.GENERIC) <= set(dir(AsyncMastodon))
