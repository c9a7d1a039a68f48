"""The async client's tests: no coroutine may be left unawaited (see :mod:`aioserver` for the server)."""

import gc
import os
import sys
import warnings

import pytest

if os.path.dirname(os.path.abspath(__file__)) not in sys.path:
    sys.path.append(os.path.dirname(os.path.abspath(__file__)))  # aioserver; appended: tests/conftest.py stays `conftest`


@pytest.fixture(autouse=True)
def no_unawaited_coroutines():
    """A coroutine created and never awaited (a missing ``await`` in the client) fails the test."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
        gc.collect(0)
    unawaited = [str(w.message) for w in caught if "was never awaited" in str(w.message)]
    assert not unawaited, unawaited
