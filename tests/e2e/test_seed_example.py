"""The classic first script (register, log in, build a client from the files, toot) against a loopback server.

The calls and arguments are those of the classic interface's opening example; only the
server URL differs. Both the server-side view (what arrived, with which credentials) and
the client-side results are checked.
"""

import os
import stat

import pytest

from conftest import entity
from loopback import LoopbackServer, Reply
from mastodon import Mastodon


class FakeMastodonServer:
    """Just enough of a Mastodon server for registration, the password grant and posting."""

    CLIENT_ID = "client-id-123"
    CLIENT_SECRET = "client-secret-456"
    TOKEN = "user-token-789"

    def __init__(self, server: LoopbackServer):
        self.server = server
        self.toots = []
        server.route("POST", "/api/v1/apps", self.apps)
        server.route("POST", "/oauth/token", self.token)
        server.route("POST", "/api/v1/statuses", self.statuses)

    def apps(self, rec):
        form = rec.form
        return {"id": "1", "name": form["client_name"][0], "website": None,
                "redirect_uri": form["redirect_uris"][0], "client_id": self.CLIENT_ID,
                "client_secret": self.CLIENT_SECRET}

    def token(self, rec):
        form = rec.form
        if (form.get("client_id"), form.get("client_secret")) != ([self.CLIENT_ID], [self.CLIENT_SECRET]):
            return Reply({"error": "invalid_client"}, 401)
        if form.get("password") != ["incrediblygoodpassword"]:
            return Reply({"error": "invalid_grant"}, 400)
        return {"access_token": self.TOKEN, "token_type": "Bearer", "scope": form["scope"][0],
                "created_at": 1700000000}

    def statuses(self, rec):
        if rec.headers.get("Authorization") != "Bearer " + self.TOKEN:
            return Reply({"error": "The access token is invalid"}, 401)
        status = entity("Status")
        status["content"] = "<p>" + rec.form["status"][0] + "</p>"
        self.toots.append(rec.form)
        return status


@pytest.fixture
def fake(server):
    return FakeMastodonServer(server)


def test_the_classic_first_script_runs_unchanged(fake, server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    api_base_url = server.url

    # Register app - only once!
    Mastodon.create_app(
        'pytooterapp',
        api_base_url=api_base_url,
        to_file='pytooter_clientcred.secret'
    )

    # Log in - either every time, or use persisted
    mastodon = Mastodon(
        client_id='pytooter_clientcred.secret',
        api_base_url=api_base_url
    )
    mastodon.log_in(
        'my_login_email@example.com',
        'incrediblygoodpassword',
        to_file='pytooter_usercred.secret'
    )

    # Create actual API instance
    mastodon = Mastodon(
        client_id='pytooter_clientcred.secret',
        access_token='pytooter_usercred.secret',
        api_base_url=api_base_url
    )
    toot = mastodon.toot('Tooting from python using #mastodonpy !')

    assert fake.toots == [{"status": ["Tooting from python using #mastodonpy !"]}]
    assert toot.content == "<p>Tooting from python using #mastodonpy !</p>"
    assert toot.account.acct and toot.created_at.tzinfo is not None
    for name in ("pytooter_clientcred.secret", "pytooter_usercred.secret"):
        assert stat.S_IMODE(os.stat(name).st_mode) == 0o600
    login = [r for r in server.requests if r.path == "/oauth/token"][0].form
    assert login["grant_type"] == ["password"] and login["username"] == ["my_login_email@example.com"]
    assert login["scope"] == ["read write follow push"]
