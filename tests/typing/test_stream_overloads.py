"""The ``@overload`` signatures of the ``stream_*`` methods are what codegen/stream_overloads.py
writes from the methods' own signatures, and they say what each way of calling returns."""

import importlib.util
import inspect
import os
import typing

import pytest

from mastodon import AsyncMastodon, Mastodon

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _generator():
    path = os.path.join(ROOT, "codegen", "stream_overloads.py")
    spec = importlib.util.spec_from_file_location("stream_overloads", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _generator()


@pytest.mark.parametrize("target", generator.TARGETS, ids=lambda t: t.path)
def test_the_overloads_are_current(target):
    with open(os.path.join(ROOT, target.path), encoding="utf-8") as f:
        source = f.read()
    assert generator.rewrite(source, target) == source, "stale: run python codegen/stream_overloads.py"


@pytest.mark.parametrize("client", [Mastodon, AsyncMastodon])
@pytest.mark.parametrize("name", generator.METHODS)
def test_four_overloads_per_method_the_last_being_the_method_itself(client, name):
    method = getattr(client, name)
    overloads = typing.get_overloads(method) if hasattr(typing, "get_overloads") else None
    if overloads is None:
        pytest.skip("typing.get_overloads needs Python 3.11")
    assert len(overloads) == 4
    results = [o.__annotations__["return"] for o in overloads]
    handle = "StreamHandle" if client is Mastodon else "AsyncStreamHandle"
    assert results[:2] == ["None", handle]
    assert results[2].endswith("WebSocketSubscription")
    # the catch-all overload takes the method's own parameters, in its order
    assert list(inspect.signature(overloads[3]).parameters) == list(inspect.signature(method).parameters)
