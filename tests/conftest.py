"""Shared fixtures: a client wired to `responses`, a loopback server, recorded payloads."""

import copy
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from typing import Any, Iterator, List
from urllib.parse import parse_qs, urlsplit

import pytest
import responses as responses_lib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from loopback import LoopbackServer  # noqa: E402

from mastodon import Mastodon, MastodonError  # noqa: E402

BASE = "https://mastodon.example"
TOKEN = "test-access-token"
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")

_cache: dict = {}

_UTC = timezone.utc

#: Timestamp forms the API (and servers like it) send, and the aware datetime each stands for.
DATETIME_FORMS = [
    ("2019-12-08T03:48:33.901Z", datetime(2019, 12, 8, 3, 48, 33, 901000, _UTC)),
    ("2019-12-08T03:48:33Z", datetime(2019, 12, 8, 3, 48, 33, 0, _UTC)),
    ("2019-12-08T03:48:33.9Z", datetime(2019, 12, 8, 3, 48, 33, 900000, _UTC)),
    ("2019-12-08T03:48:33.12Z", datetime(2019, 12, 8, 3, 48, 33, 120000, _UTC)),
    ("2019-12-08T03:48:33.1234Z", datetime(2019, 12, 8, 3, 48, 33, 123400, _UTC)),
    ("2019-12-08T03:48:33.123456Z", datetime(2019, 12, 8, 3, 48, 33, 123456, _UTC)),
    ("2019-12-08T03:48:33.123456789Z", datetime(2019, 12, 8, 3, 48, 33, 123456, _UTC)),
    ("2019-12-08T03:48:33.000000Z", datetime(2019, 12, 8, 3, 48, 33, 0, _UTC)),
    ("2019-12-08T03:48:33.901+00:00", datetime(2019, 12, 8, 3, 48, 33, 901000, _UTC)),
    ("2019-11-10T10:31:10.744+00:00", datetime(2019, 11, 10, 10, 31, 10, 744000, _UTC)),
    ("2019-12-08T05:48:33.000+02:00", datetime(2019, 12, 8, 3, 48, 33, 0, _UTC)),
    ("2019-12-08T05:48:33.901+02:00", datetime(2019, 12, 8, 3, 48, 33, 901000, _UTC)),
    ("2019-12-07T22:48:33-05:00", datetime(2019, 12, 8, 3, 48, 33, 0, _UTC)),
    ("2019-12-08T09:18:33+05:30", datetime(2019, 12, 8, 3, 48, 33, 0, _UTC)),
    ("2019-12-08T03:48:33", datetime(2019, 12, 8, 3, 48, 33, 0, _UTC)),
    ("2019-12-08T03:48", datetime(2019, 12, 8, 3, 48, 0, 0, _UTC)),
    ("2019-12-05", datetime(2019, 12, 5, tzinfo=_UTC)),
    ("1574553600", datetime(2019, 11, 24, tzinfo=_UTC)),
    (1574553600, datetime(2019, 11, 24, tzinfo=_UTC)),
]


#: The internal exceptions that must never reach a caller of the library (issue 12's list).
RAW_EXCEPTIONS = (KeyError, IndexError, json.JSONDecodeError, UnicodeDecodeError, RecursionError, AttributeError,
                  TypeError)


def no_raw(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run ``call``: a failure must be a MastodonError; any other exception fails the test, named."""
    try:
        return call(*args, **kwargs)
    except MastodonError:
        raise
    except Exception as e:
        pytest.fail(f"raw {type(e).__name__} reached the caller: {e!r}")


def pyright_path() -> str:
    """The pyright of the test extra. Without it a test using it is skipped on a developer's
    machine (pyright needs node, which ``pyright[nodejs]`` fetches on first use) and fails under CI."""
    import shutil
    found = shutil.which("pyright") or os.path.join(os.path.dirname(sys.executable), "pyright")
    if not os.path.exists(found):
        if os.environ.get("CI"):
            pytest.fail("pyright is not installed (it is part of the test extra)")
        pytest.skip("pyright is not installed (pip install 'pyright[nodejs]')")
    return found


def run_pyright(source: str, tmp_path: Any) -> str:
    """Type-check ``source`` (a user script) with pyright, from the test extra; what it printed.

    Outside CI a machine without a working pyright skips the calling test; in CI it fails.
    """
    pyright = pyright_path()
    in_ci = bool(os.environ.get("CI"))
    script = tmp_path / "bot.py"
    script.write_text(source)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    result = subprocess.run([pyright, "--pythonpath", sys.executable, str(script)], cwd=str(tmp_path),
                            capture_output=True, text=True, timeout=300, env=dict(os.environ, PYTHONPATH=root))
    if "error" not in result.stdout and result.returncode not in (0, 1) and not in_ci:
        pytest.skip(f"pyright could not run: {result.stdout[-300:]} {result.stderr[-300:]}")
    return result.stdout + result.stderr


def run_python(code: str) -> List[str]:
    """Run ``code`` in a fresh interpreter (nothing imported yet); the lines it printed."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def _load(path: str) -> Any:
    if path not in _cache:
        with open(path, encoding="utf-8") as f:
            _cache[path] = json.load(f)
    return copy.deepcopy(_cache[path])


def recorded(name: str) -> dict:
    """A response recorded from a real server (tests/fixtures/NAME.json): request, status, headers, body."""
    return _load(os.path.join(FIXTURES, name + ".json"))


def entity(name: str) -> Any:
    """The API documentation's example of an entity (tests/fixtures/entities/NAME.json), as plain JSON."""
    return _load(os.path.join(FIXTURES, "entities", name + ".json"))


@pytest.fixture
def rsps() -> Iterator[responses_lib.RequestsMock]:
    """`responses` mock for `requests`; every registered response must be used."""
    with responses_lib.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def api(rsps: responses_lib.RequestsMock) -> Mastodon:
    """An authenticated client for BASE whose HTTP goes to `rsps`."""
    return Mastodon(client_id="client-id", client_secret="client-secret", access_token=TOKEN, api_base_url=BASE)


@pytest.fixture
def opened_files(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every file opened with ``open()`` during the test, to check that the library closes its own."""
    opened: list = []
    real_open = open

    def recording_open(*args: Any, **kwargs: Any) -> Any:
        f = real_open(*args, **kwargs)
        opened.append(f)
        return f
    monkeypatch.setattr("builtins.open", recording_open)
    return opened


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1 (see tests/loopback.py)."""
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def local_api(server: LoopbackServer) -> Mastodon:
    """An authenticated client talking to the loopback server."""
    return Mastodon(client_id="client-id", client_secret="client-secret", access_token=TOKEN,
                    api_base_url=server.url)


def _as_lists(expected: dict) -> dict:
    return {k: (v if isinstance(v, list) else [v]) for k, v in expected.items()}


def form_matcher(expected: dict):
    """A `responses` matcher for a form body; repeated keys (``key[]``) are compared as lists."""
    def match(request):
        body = request.body or ""
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        got = parse_qs(body, keep_blank_values=True)
        want = _as_lists(expected)
        return (got == want, f"form {got} != {want}")
    return match


def query_matcher(expected: dict):
    """A `responses` matcher for the query string; repeated keys are compared as lists."""
    def match(request):
        got = parse_qs(urlsplit(request.url).query, keep_blank_values=True)
        want = _as_lists(expected)
        return (got == want, f"query {got} != {want}")
    return match


def sent_form(call) -> dict:
    """The form body of a recorded `responses` call, as a dict of lists."""
    body = call.request.body or ""
    return parse_qs(body.decode("utf-8") if isinstance(body, bytes) else body, keep_blank_values=True)


def sent_query(call) -> dict:
    """The query string of a recorded `responses` call, as a dict of lists."""
    return parse_qs(urlsplit(call.request.url).query, keep_blank_values=True)


def sent_json(call) -> Any:
    """The JSON body of a recorded `responses` call."""
    return json.loads(call.request.body)
