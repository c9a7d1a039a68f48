"""Live tests: a real Mastodon-API server (GoToSocial), started once per test session.

Where the server comes from, in this order:

- ``MASTODON_LIVE_CREDS``: the ``creds.json`` of a server already running (started with
  ``serve.py start DIR``); it is used as it is and left running;
- ``serve.py`` of the shared test tools, in ``$MASTODON_SHARED_DIR/gotosocial/`` or else in
  ``shared/gotosocial/`` beside the repository: started in a temporary folder, stopped and
  wiped at the end.

Without either (or without ``ffmpeg``/``ffprobe``, which the server needs), every live test is
skipped with one reason, except under CI (``CI=true``), where that is a failure.

``test_servers_live.py`` runs its journeys on four server programs through the ``server``
fixture: GoToSocial (the server above), snac, Takahē and Hollo, each started with its
``serve.py`` beside GoToSocial's, or taken running from ``$MASTODON_LIVE_SERVERS/<name>/``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
import uuid
from typing import Any, Callable, Dict, Iterator, Optional

import pytest

from mastodon import Mastodon

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
log = logging.getLogger("tests.live")
if HERE not in sys.path:
    sys.path.append(HERE)  # the live_* helper modules (appended: tests/conftest.py must stay `conftest`)

from live_browser import authorize_in_browser  # noqa: E402


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def shared_dir() -> str:
    """The shared test tools: ``$MASTODON_SHARED_DIR``, else ``shared/`` beside the repository."""
    return os.path.abspath(os.environ.get("MASTODON_SHARED_DIR") or os.path.join(REPO, os.pardir, "shared"))


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"live tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"live server unavailable: {reason}")


class LiveServer:
    """The running server: its creds.json, and stop/start on the same port and data."""

    def __init__(self, data_dir: str, serve_py: Optional[str], creds_file: Optional[str] = None) -> None:
        self.data_dir = data_dir
        self.serve_py = serve_py
        self.creds_file = creds_file or os.path.join(data_dir, "creds.json")
        self.creds: Dict[str, Any] = {}
        self.base_url = self.instance_host = ""
        self.software = "gotosocial"

    def load(self) -> "LiveServer":
        """Read creds.json: base URL, instance host, and the users' tokens and passwords."""
        with open(self.creds_file, encoding="utf-8") as f:
            self.creds = json.load(f)
        self.base_url = self.creds["base_url"]
        self.instance_host = self.creds["instance_host"]
        return self

    def _serve(self, *args: str) -> subprocess.CompletedProcess:
        if not self.serve_py:
            pytest.skip("restarting the server needs serve.py (set MASTODON_SHARED_DIR)")
        done = subprocess.run([sys.executable, self.serve_py, *args], capture_output=True, text=True,
                              timeout=150)
        if done.returncode != 0:
            raise RuntimeError(f"serve.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def stop(self) -> None:
        self._serve("stop", self.data_dir)

    def start(self) -> None:
        self._serve("start", self.data_dir)
        self.load()  # serve.py gives the users new passwords on every start

    @property
    def binary(self) -> Optional[str]:
        path = os.environ.get("GOTOSOCIAL_BIN")
        if not path and self.serve_py:
            path = os.path.join(os.path.dirname(self.serve_py), "gotosocial")
        return path if path and os.access(path, os.X_OK) else None

    def admin_cli(self, *args: str) -> str:
        """Run the server's own admin command line (accounts are created there: sign-ups are closed)."""
        config = os.path.join(self.data_dir, "config.yaml")
        if not self.binary or not os.path.exists(config):
            _unavailable("creating extra accounts needs the gotosocial binary and the server's config.yaml")
        done = subprocess.run([self.binary, "--config-path", config, *args], capture_output=True, text=True,
                              timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"gotosocial {' '.join(args[:3])} failed:\n{done.stdout}{done.stderr}")
        return done.stdout


def _start_own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    serve_py = os.path.join(shared_dir(), "gotosocial", "serve.py")
    if not os.path.exists(serve_py):
        _unavailable(f"no {serve_py} (set MASTODON_SHARED_DIR to the shared folder, or MASTODON_LIVE_CREDS "
                     "to the creds.json of a running server)")
    missing = [tool for tool in ("ffmpeg", "ffprobe") if shutil.which(tool) is None]
    if missing:
        _unavailable(f"{' and '.join(missing)} not on PATH (Debian: apt-get install -y ffmpeg)")
    data_dir = str(tmp_path_factory.mktemp("gotosocial"))
    server = LiveServer(data_dir, serve_py)
    started = time.monotonic()
    try:
        server.start()
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        log_file = os.path.join(data_dir, "server.log")
        tail = open(log_file, encoding="utf-8", errors="replace").read()[-2000:] if os.path.exists(log_file) else ""
        pytest.fail(f"the live server did not start: {e}\n{tail}", pytrace=False)
    server.load()
    log.info("live server %s up in %.1f s", server.base_url, time.monotonic() - started)
    try:
        yield server
    finally:
        subprocess.run([sys.executable, serve_py, "stop", data_dir, "--wipe"], capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The live server for the whole session (started on first use)."""
    creds_file = os.environ.get("MASTODON_LIVE_CREDS")
    if creds_file:
        if not os.path.exists(creds_file):
            _unavailable(f"MASTODON_LIVE_CREDS names {creds_file}, which does not exist")
        serve_py = os.path.join(shared_dir(), "gotosocial", "serve.py")
        yield LiveServer(os.path.dirname(os.path.abspath(creds_file)), serve_py if os.path.exists(serve_py) else None,
                         creds_file).load()
        return
    yield from _start_own_server(tmp_path_factory)


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    for item in items:
        if str(item.fspath).startswith(HERE + os.sep):
            item.add_marker(pytest.mark.live)


def client_for(live: LiveServer, name: str, **kwargs: Any) -> Mastodon:
    """A client as a bot author makes one: token and server URL (http://127.0.0.1:PORT)."""
    return Mastodon(access_token=live.creds[name]["access_token"], api_base_url=live.base_url, **kwargs)


@pytest.fixture(scope="session")
def alice(live: LiveServer) -> Mastodon:
    return client_for(live, "alice")


@pytest.fixture(scope="session")
def bob(live: LiveServer) -> Mastodon:
    return client_for(live, "bob")


@pytest.fixture(scope="session")
def admin(live: LiveServer) -> Mastodon:
    return client_for(live, "admin")


@pytest.fixture(scope="session")
def me(alice: Mastodon, bob: Mastodon, admin: Mastodon) -> Dict[str, Any]:
    """The three accounts as the server describes them (verify_credentials)."""
    return {"alice": alice.me(), "bob": bob.me(), "admin": admin.me()}


@pytest.fixture
def tag() -> str:
    """A word no other test uses: put it in posts to find them again."""
    return "t" + uuid.uuid4().hex[:12]


@pytest.fixture(scope="session")
def make_user(live: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Mastodon]:
    """``make_user(name)``: a new account (locked, as the server creates them) and a client for it.

    The username is ``name`` and a suffix of this test session.

    The account is made with the server's admin command line; the token comes from the
    library's own OAuth flow (create_app, auth_request_url, the sign-in form, log_in).
    """
    made: Dict[str, Mastodon] = {}
    folder = tmp_path_factory.mktemp("users")

    run = uuid.uuid4().hex[:4]  # a server reused from an earlier run already has the plain names

    def make(name: str) -> Mastodon:
        if name in made:
            return made[name]
        username = f"{name}{run}"
        email, password = f"{username}@example.org", "Pw-" + uuid.uuid4().hex
        live.admin_cli("admin", "account", "create", "--username", username, "--email", email,
                       "--password", password)
        app_file = str(folder / f"{name}_app.secret")
        Mastodon.create_app(f"live-{name}", scopes=["read", "write", "follow"], to_file=app_file,
                            api_base_url=live.base_url)
        client = Mastodon(client_id=app_file)
        url = client.auth_request_url(scopes=["read", "write", "follow"])
        client.log_in(code=authorize_in_browser(url, email, password), scopes=["read", "write", "follow"])
        made[name] = client
        return client
    return make


# -- the four server programs (tests/live/test_servers_live.py) ------------------------------------------
SERVER_NAMES = ("gotosocial", "snac", "takahe", "hollo")


def _running_dir(name: str) -> Optional[str]:
    """``$MASTODON_LIVE_SERVERS/<name>``, where it holds the creds.json of a running server."""
    root = os.environ.get("MASTODON_LIVE_SERVERS")
    folder = os.path.join(root, name) if root else None
    return folder if folder and os.path.exists(os.path.join(folder, "creds.json")) else None


@pytest.fixture(scope="session", params=SERVER_NAMES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Each server software in turn: GoToSocial is the session's ``live`` server; snac, Takahē and
    Hollo are started with their serve.py (the builds of Takahē and Hollo are cached in
    ``~/.cache/mastodon-test-servers``), or taken running from ``$MASTODON_LIVE_SERVERS/<name>``."""
    name = request.param
    if name == "gotosocial":
        live_server = request.getfixturevalue("live")
        live_server.software = name
        yield live_server
        return
    serve_py = os.path.join(shared_dir(), name, "serve.py")
    running = _running_dir(name)
    if running:
        found = LiveServer(running, serve_py if os.path.exists(serve_py) else None).load()
        found.software = name
        yield found
        return
    if not os.path.exists(serve_py):
        _unavailable(f"no {serve_py} (set MASTODON_SHARED_DIR to the shared folder)")
    data_dir = str(tmp_path_factory.mktemp(name))
    started = time.monotonic()
    done = subprocess.run([sys.executable, serve_py, "start", data_dir], capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        pytest.fail(f"{name} did not start:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}", pytrace=False)
    started_server = LiveServer(data_dir, serve_py).load()
    started_server.software = name
    log.info("%s up at %s in %.1f s", name, started_server.base_url, time.monotonic() - started)
    try:
        yield started_server
    finally:
        subprocess.run([sys.executable, serve_py, "stop", data_dir, "--wipe"], capture_output=True, timeout=120)
