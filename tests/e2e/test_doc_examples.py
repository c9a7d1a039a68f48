"""Every Python example in README.rst and docs/guide.rst runs, against a loopback server.

The examples of a page run one after another in one namespace, as a reader would type them
into one session; the server's address replaces the example servers' and ``input()`` answers
with an authorization code. A renamed method, a changed parameter or an undefined name in an
example fails here.
"""

import builtins
import os
import re
import stat

import pytest

from conftest import entity
from loopback import Reply

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE_SERVERS = ("https://mastodon.social", "https://mastodon.example")
TOKEN = "token-from-the-examples"


def python_examples(path):
    """The ``.. code-block:: python`` blocks of an rst file, dedented, in order."""
    blocks, lines = [], open(path, encoding="utf-8").read().splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == ".. code-block:: python":
            i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                body.append(lines[i][4:])
                i += 1
            blocks.append("\n".join(body).strip() + "\n")
        else:
            i += 1
    return blocks


def _page(base, statuses, next_max_id=None):
    headers = {}
    if next_max_id is not None:
        headers["Link"] = f'<{base}?max_id={next_max_id}&limit=40>; rel="next"'
    return Reply(statuses, headers=headers)


def _statuses(*ids):
    out = []
    for status_id in ids:
        status = entity("Status")
        status["id"] = status_id
        status["url"] = f"https://mastodon.example/@user/{status_id}"
        out.append(status)
    return out


@pytest.fixture
def mastodon_like(server):
    """A loopback server that answers what the examples ask, like a Mastodon server would."""
    instance = entity("Instance")
    server.route("GET", "/api/v2/instance", instance)
    app = entity("Application")
    app.update(client_id="example-client-id", client_secret="example-client-secret")
    server.route("POST", "/api/v1/apps", app)
    server.route("POST", "/oauth/token", lambda rec: {
        "access_token": TOKEN, "token_type": "Bearer", "created_at": 1700000000,
        "scope": rec.form.get("scope", ["read write follow push"])[0]})
    me = entity("Account")
    me["source"] = {"note": "my profile note", "fields": [], "privacy": "public", "sensitive": False,
                    "language": "en", "follow_requests_count": 0}
    server.route("GET", "/api/v1/accounts/verify_credentials", me)
    posted = entity("Status")
    posted["id"] = "4242"
    server.route("POST", "/api/v1/statuses", posted)
    server.route("POST", "/api/v1/statuses/4242/favourite", posted)
    home = f"{server.url}/api/v1/timelines/home"
    server.route("GET", "/api/v1/timelines/home", _home_handler(home))
    mine = f"{server.url}/api/v1/accounts/{me['id']}/statuses"
    server.route("GET", f"/api/v1/accounts/{me['id']}/statuses", lambda rec: (
        _page(mine, _statuses("20", "19"), next_max_id="19") if "max_id" not in rec.query
        else _page(mine, _statuses("18"))))
    server.route("GET", "/api/v2/search", lambda rec: {
        "accounts": [] if rec.query.get("offset") else [entity("Account"), entity("Account")],
        "statuses": [], "hashtags": []})
    server.instance, server.me = instance, me
    return server


def _home_handler(home):
    pages = {None: (("34", "33"), "33"), "33": (("32", "31"), "31"), "31": (("30", "29"), None)}

    def handle(rec):
        ids, next_id = pages.get((rec.query.get("max_id") or [None])[0], ((), None))
        return _page(home, _statuses(*ids), next_id)
    return handle


def _run(blocks, server, tmp_path, monkeypatch, namespace=None):
    monkeypatch.chdir(tmp_path)
    answers = []
    monkeypatch.setattr(builtins, "input", lambda prompt="": answers.append(prompt) or "the-authorization-code")
    namespace = {"__name__": "__example__"} if namespace is None else namespace
    for block in blocks:
        code = block
        for example in EXAMPLE_SERVERS:
            code = code.replace(example, server.url)
        exec(compile(code, "<example>", "exec"), namespace)
    return namespace, answers


def _sent(server, method, path):
    return [r for r in server.requests if r.method == method and r.path == path]


def test_every_python_block_of_the_readme_and_guide_is_found():
    assert len(python_examples(os.path.join(ROOT, "README.rst"))) == 1
    assert len(python_examples(os.path.join(ROOT, "docs", "guide.rst"))) == 6


def test_readme_example(mastodon_like, tmp_path, monkeypatch, capsys):
    server = mastodon_like
    namespace, prompts = _run(python_examples(os.path.join(ROOT, "README.rst")), server, tmp_path, monkeypatch)
    assert prompts == ["code: "]
    printed = capsys.readouterr().out
    assert printed.startswith("Open this, authorize, paste the code: " + server.url + "/oauth/authorize?")
    assert "code_challenge_method=S256" in printed
    (app,) = _sent(server, "POST", "/api/v1/apps")
    assert app.form["client_name"] == ["pytooterapp"]
    (token,) = _sent(server, "POST", "/oauth/token")
    assert token.form["grant_type"] == ["authorization_code"] and token.form["code"] == ["the-authorization-code"]
    (toot,) = _sent(server, "POST", "/api/v1/statuses")
    assert toot.form["status"] == ["Tooting from Python using #mastodonpy !"]
    assert toot.headers["Authorization"] == f"Bearer {TOKEN}"
    for name in ("pytooter_clientcred.secret", "pytooter_usercred.secret"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600
        assert server.url in (tmp_path / name).read_text()
    assert namespace["mastodon"].access_token == TOKEN


def test_guide_examples(mastodon_like, tmp_path, monkeypatch, capsys):
    server = mastodon_like
    blocks = python_examples(os.path.join(ROOT, "docs", "guide.rst"))
    namespace, prompts = _run(blocks, server, tmp_path, monkeypatch)
    printed = capsys.readouterr().out.splitlines()

    # Getting a client: the public instance title, then the app and the login.
    assert printed[0] == server.instance["title"]
    assert prompts == ["code: "]
    assert printed[1].startswith("Visit " + server.url + "/oauth/authorize?")
    assert "scope=read+write" in printed[1]
    (token,) = _sent(server, "POST", "/oauth/token")
    assert token.form["scope"] == ["read write"]
    assert namespace["api"].access_token == TOKEN

    # Entities as ids: the favourite and the reply name the posted status.
    posts = _sent(server, "POST", "/api/v1/statuses")
    assert [p.form["status"] for p in posts] == [["Hello"], ["@friend hello back"]]
    assert posts[1].form["in_reply_to_id"] == ["4242"]
    assert len(_sent(server, "POST", "/api/v1/statuses/4242/favourite")) == 1

    # Pages: next, previous, the rest, and the lazy walk over the user's statuses.
    assert [s.id for s in namespace["page"]] == ["34", "33"]
    assert [s.id for s in namespace["older"]] == ["32", "31"]
    assert namespace["newer"] is None  # the first page has no link to newer statuses
    assert [s.id for s in namespace["everything"]] == ["34", "33", "32", "31", "30", "29"]
    walked = [line for line in printed[2:] if line.endswith(("/20", "/19", "/18"))]
    assert [line.rsplit("/", 1)[1] for line in walked] == ["20", "19", "18"]
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00 ", line) for line in walked), walked

    # Inside-out pages: the typed search is walked by offset until a page comes back empty.
    searches = _sent(server, "GET", "/api/v2/search")
    assert [(r.query["q"], r.query["type"], r.query.get("offset")) for r in searches] == [
        (["cats"], ["accounts"], None), (["cats"], ["accounts"], ["2"])]

    # Errors: the status that does not exist.
    assert printed[-1] == "gone: Record not found"
    assert _sent(server, "GET", "/api/v1/statuses/1")
