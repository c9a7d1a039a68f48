"""The async client's tests: no coroutine may be left unawaited (see :mod:`aioserver` for the server)."""

import os
import sys

import pytest

if os.path.dirname(os.path.abspath(__file__)) not in sys.path:
    sys.path.append(os.path.dirname(os.path.abspath(__file__)))  # aioserver; appended: tests/conftest.py stays `conftest`

from aioserver import fail_on_unawaited  # noqa: E402


@pytest.fixture(autouse=True)
def no_unawaited_coroutines():
    """A coroutine created and never awaited (a missing ``await`` in the client) fails the test."""
    with fail_on_unawaited():
        yield
