"""Every "raises X when ..." the API pages say holds (issue 19, point 12).

The claims are read from the pages under docs/api/ and the client, results, authentication
and utility pages: their prose, and the docstrings of every object they document
(``automethod``, ``autoclass`` with its ``:members:``, ``autofunction``, ...). A claim is a
sentence that says something is raised and names the exception. ``CHECKS`` maps each claim
(its page or object, and the start of the sentence) to a check that does what the sentence
describes and asserts the exception; a claim without a check fails
``test_every_claim_has_a_check``, so a new or reworded claim gets a check (or goes).
"""

import glob
import importlib
import inspect
import json
import os
import re
import sys
from typing import Any, Callable, Dict, List, Tuple

import pytest
import requests
import responses
from loopback import free_port_refusing

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "streaming"))
from stream_fixtures import TOKEN as STREAM_TOKEN  # noqa: E402
from stream_fixtures import sse, sse_api  # noqa: E402,F401  (fixtures)
from stream_servers import Body, EventLog, sse_event, status  # noqa: E402

import mastodon.errors as errors  # noqa: E402
from mastodon import Mastodon, StreamListener  # noqa: E402
from mastodon.core.values import decode_json  # noqa: E402
from mastodon.core.versions import parse_version  # noqa: E402
from mastodon.errors import (  # noqa: E402
    MastodonAPIError,
    MastodonError,
    MastodonFileNotFoundError,
    MastodonIllegalArgumentError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonReadTimeout,
    MastodonUnauthorizedError,
    MastodonVersionError,
)
from mastodon.streaming.discovery import CACHE_KEY  # noqa: E402
from mastodon.types_base import AttribAccessDict, Entity  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_PAGES = sorted(glob.glob(os.path.join(ROOT, "docs", "api", "*.rst"))) + [
    os.path.join(ROOT, "docs", page) for page in ("client.rst", "results.rst", "authentication.rst", "utility.rst")]
BASE = "https://mastodon.example"
TOKEN = "test-access-token"

_EXCEPTIONS = sorted({n for n in dir(errors) if n.startswith("Mastodon") or n.endswith("Error")}
                     | {"ValueError", "TypeError", "KeyError", "AttributeError", "ImportError", "RedirectError"},
                     key=len, reverse=True)
EXCEPTION = re.compile(r"\b(" + "|".join(_EXCEPTIONS) + r")\b")
RAISES = re.compile(r"\braise[sd]?\b", re.I)
_DIRECTIVE = re.compile(r"^\.\. (?:py:)?(currentmodule|module|automethod|autoclass|autofunction|autoexception|"
                        r"autodata|autoattribute):: (\S+)\n((?:[ \t]+:.*\n)*)", re.M)


# -- reading the claims ------------------------------------------------------------------------------
def _resolve(name: str, module: str) -> Any:
    """The object a directive documents (``Mastodon.log_in`` under ``.. module:: mastodon``)."""
    for full in (name, f"{module}.{name}", f"mastodon.{name}"):
        parts = full.split(".")
        for i in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            try:
                for part in parts[i:]:
                    obj = getattr(obj, part)
            except AttributeError:
                continue
            return obj
    return None


def _documented(text: str) -> List[Tuple[str, Any]]:
    """(name, object) of everything a page's autodoc directives show, members included."""
    module, out = "mastodon", []
    for kind, name, options in _DIRECTIVE.findall(text + "\n"):
        if kind in ("currentmodule", "module"):
            module = name
            continue
        obj = _resolve(name, module)
        assert obj is not None, f"cannot import {name} (under {module})"
        out.append((name, obj))
        members = re.search(r":members:(.*)", options)
        if kind == "autoclass" and members:
            names = [m.strip() for m in members.group(1).split(",") if m.strip()] or \
                [m for m in vars(obj) if not m.startswith("_")]
            out += [(f"{name}.{m}", getattr(obj, m)) for m in names if hasattr(obj, m)]
    return out


def _sentences(text: str) -> List[str]:
    """Sentences (and docstring fields) by paragraph and list item; a sentence that says
    "raises." without naming the exception is read with the next one, which names it."""
    parts: List[str] = []
    for paragraph in re.split(r"\n\s*\n|\n\s*(?=- )", text):
        paragraph = re.sub(r"\s+", " ", paragraph)
        parts += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z:`*(])|(?=:raises )|(?=:param )|(?=:returns?: )",
                                              paragraph) if s.strip()]
    out = []
    for i, sentence in enumerate(parts):
        if RAISES.search(sentence) and not EXCEPTION.search(sentence) and i + 1 < len(parts) \
                and not parts[i + 1].startswith((":param", ":raises", ":return")):
            sentence += " " + parts[i + 1]
        out.append(sentence)
    return out


def claims() -> Dict[str, str]:
    """{"where: the sentence's first 70 characters": the sentence} of every claim."""
    found: Dict[str, str] = {}
    for page in API_PAGES:
        text = open(page, encoding="utf-8").read()
        where = os.path.relpath(page, ROOT)
        prose = re.sub(r"^\.\. .*(\n[ \t]+.*)*", "", text, flags=re.M)
        sources = [(where, prose)] + [(name, inspect.getdoc(obj) or "") for name, obj in _documented(text)
                                      if callable(obj) or inspect.isclass(obj)]
        for source, body in sources:
            for sentence in _sentences(body):
                if RAISES.search(sentence) and EXCEPTION.search(sentence):
                    found.setdefault(f"{source}: {sentence[:70]}", sentence)
    return found


# -- the checks -----------------------------------------------------------------------------------------
def client(**kwargs: Any) -> Mastodon:
    kwargs.setdefault("access_token", TOKEN)
    return Mastodon(api_base_url=BASE, version_check_mode="none", **kwargs)


def refused_with(rsps: responses.RequestsMock, method: str, path: str, status: int = 422) -> None:
    rsps.add(method, BASE + path, status=status, json={"error": "Validation failed"})


def sent(rsps: responses.RequestsMock) -> str:
    """What the last request sent: its query string and body, as text."""
    request = rsps.calls[-1].request
    body = request.body or ""
    return request.url + " " + (body.decode() if isinstance(body, bytes) else str(body))


def check_account_lookup(rsps, tmp_path):
    refused_with(rsps, "GET", "/api/v1/accounts/lookup", 404)
    with pytest.raises(MastodonNotFoundError):
        client().account_lookup("nobody@example.com")


def check_follows(rsps, tmp_path):
    rsps.get(BASE + "/api/v1/accounts/search", json=[{"id": "1", "acct": "somebody@example.com"}])
    with pytest.raises(MastodonNotFoundError):
        client().follows("nobody@example.com")


def check_server_info(rsps, tmp_path):
    rsps.get(BASE + "/.well-known/nodeinfo", status=404, body="<h1>Not Found</h1>", content_type="text/html")
    rsps.get(BASE + "/api/v2/instance", status=404, json={"error": "Not Found"})
    rsps.get(BASE + "/api/v1/instance", status=500, body="<h1>Oops</h1>", content_type="text/html")
    with pytest.raises(MastodonAPIError):
        client().server_info()


def check_admin_values_sent(rsps, tmp_path):
    refused_with(rsps, "GET", "/api/v2/admin/accounts")
    with pytest.raises(MastodonAPIError):
        client().admin_accounts_v2(origin="galactic")
    assert "origin=galactic" in sent(rsps)
    refused_with(rsps, "POST", "/api/v1/admin/domain_blocks")
    with pytest.raises(MastodonAPIError):
        client().admin_create_domain_block("spam.example", severity="obliterate")
    assert "severity=obliterate" in sent(rsps)


def check_annual_report(rsps, tmp_path):
    refused_with(rsps, "GET", "/api/v1/annual_reports/2020", 404)
    with pytest.raises(MastodonNotFoundError):
        client().annual_report(2020)


def check_instance_health_network(rsps, tmp_path):
    api = Mastodon(api_base_url=free_port_refusing(), version_check_mode="none")
    with pytest.raises(MastodonNetworkError):
        api.instance_health()


def check_media_poll_timeout(rsps, tmp_path):
    processing = {"id": "7", "type": "video", "url": None}
    rsps.post(BASE + "/api/v2/media", json=processing, status=202)
    rsps.get(BASE + "/api/v1/media/7", json=processing, status=206)
    api = client()
    api.media_poll_interval = api.media_poll_max_interval = 0.01
    api.media_poll_timeout = 0.05
    with pytest.raises(MastodonAPIError) as caught:
        api.media_post(b"\x00" * 16, mime_type="video/mp4", synchronous=True)
    assert caught.value.media["id"] == "7" and caught.value.media["url"] is None


def check_media_missing_file(rsps, tmp_path):
    with pytest.raises(MastodonFileNotFoundError):
        client().media_post(str(tmp_path / "missing.png"))
    assert len(rsps.calls) == 0


def check_notification_types_sent(rsps, tmp_path):
    refused_with(rsps, "GET", "/api/v1/notifications")
    with pytest.raises(MastodonAPIError):
        client().notifications(types=["telepathy"])
    assert "types%5B%5D=telepathy" in sent(rsps)


def check_push_subscription(rsps, tmp_path):
    refused_with(rsps, "GET", "/api/v1/push/subscription", 404)
    with pytest.raises(MastodonNotFoundError):
        client().push_subscription()


def check_search_v1(rsps, tmp_path):
    old = Mastodon(api_base_url=BASE, access_token=TOKEN, mastodon_version="2.3.0")
    for extra in ({"result_type": "statuses"}, {"account_id": "1"}, {"offset": 5}, {"min_id": "1"},
                  {"max_id": "9"}, {"limit": 2}, {"following": True}):
        with pytest.raises(MastodonVersionError):
            old.search("cats", **extra)
    assert len(rsps.calls) == 0


def check_status_post_local(rsps, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError):
        client().status_post(12345)  # type: ignore[arg-type]
    with pytest.raises(MastodonIllegalArgumentError):
        client().status_post("x", quote_id="3")
    assert len(rsps.calls) == 0
    rsps.post(BASE + "/api/v1/statuses", json={"id": "4", "content": "x"})
    client(feature_set="fedibird").status_post("x", quote_id="3")
    assert "quote_id=3" in sent(rsps)


def check_status_post_sent(rsps, tmp_path):
    refused_with(rsps, "POST", "/api/v1/statuses")
    for kwargs, wire in (({"status": "x", "visibility": "cosmic"}, "visibility=cosmic"),
                         ({"status": "x", "quote_approval_policy": "aliens"}, "quote_approval_policy=aliens"),
                         ({"status": ""}, "status=")):
        with pytest.raises(MastodonAPIError):
            client().status_post(**kwargs)
        assert wire in sent(rsps)


def _stream_errors(listener_events: List[bytes]) -> Tuple[BaseException, EventLog]:
    log = EventLog()
    with pytest.raises(MastodonError) as caught:
        log.handle_stream(Body(listener_events))
    return caught.value, log


def check_malformed_events(rsps, tmp_path, monkeypatch=None):
    for body in ([b"event: update\ndata: {broken\n\n"],            # not JSON
                 [b"data: {\"id\": \"1\"}\n\n"],                     # no event name
                 [b"event: upd\xffate\ndata: {}\n\n"]):               # a name that is not UTF-8
        error, log = _stream_errors(body)
        assert isinstance(error, MastodonMalformedEventError) and log.aborts == [error]
    import mastodon.streaming.sse as sse_module
    saved = sse_module.MAX_EVENT_BYTES
    sse_module.MAX_EVENT_BYTES = 1024   # the 16 MB limit, scaled down for the test
    try:
        error, _ = _stream_errors([b"event: update\ndata: " + b"x" * 2048 + b"\n\n"])
    finally:
        sse_module.MAX_EVENT_BYTES = saved
    assert isinstance(error, MastodonMalformedEventError)


def check_handle_stream_failures(rsps, tmp_path):
    for failure, expected in ((requests.ConnectionError("reset by peer"), MastodonNetworkError),
                              (requests.exceptions.ReadTimeout("silent"), MastodonReadTimeout)):
        error, log = _stream_errors([sse_event("update", status(1)), failure])
        assert type(error) is expected and log.aborts == [error]
        assert [name for name, _ in log.events] == ["update"]
    error, log = _stream_errors([b"event: update\ndata: [nope\n\n"])
    assert isinstance(error, MastodonMalformedEventError) and log.aborts == [error]

    class Broken(StreamListener):
        def on_update(self, status: Any) -> None:
            raise ZeroDivisionError("the listener's own")

    with pytest.raises(ZeroDivisionError):
        Broken().handle_stream(Body([sse_event("update", status(1))]))


def check_websocket_message(rsps, tmp_path):
    for message in ("not json", "[1, 2]", json.dumps({"payload": "{}"})):
        with pytest.raises(MastodonMalformedEventError):
            EventLog().handle_websocket_message(message)

    class Broken(StreamListener):
        def on_update(self, status: Any) -> None:
            raise ZeroDivisionError("the listener's own")

    with pytest.raises(ZeroDivisionError):
        Broken().handle_websocket_message(json.dumps({"stream": ["user"], "event": "update",
                                                      "payload": json.dumps(status(1))}))


def check_without_websockets(rsps, tmp_path, monkeypatch):
    for name in [n for n in sys.modules if n == "websockets" or n.startswith("websockets.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "websockets", None)
    from mastodon.streaming import WebSocketUnavailableError
    with pytest.raises(WebSocketUnavailableError) as caught:
        client().stream_open_websocket()
    assert isinstance(caught.value, MastodonError) and isinstance(caught.value, ImportError)
    assert "mastodon-client[websocket]" in str(caught.value)


def check_fetch_remaining(rsps, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError):
        client().fetch_remaining(AttribAccessDict(id="1"))


def check_pagination_iterator(rsps, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError):
        next(iter(client().pagination_iterator(AttribAccessDict(id="1"))))


def check_retrieve_version(rsps, tmp_path):
    refused_with(rsps, "GET", "/api/v2/instance", 500)
    refused_with(rsps, "GET", "/api/v1/instance", 500)
    with pytest.raises(MastodonVersionError) as caught:
        client().retrieve_mastodon_version(fail_hard=True)
    assert caught.value.__cause__ is not None


def check_parse_version(rsps, tmp_path):
    with pytest.raises(MastodonVersionError):
        parse_version("no version here")


def check_decode_json(rsps, tmp_path):
    with pytest.raises(json.JSONDecodeError):
        decode_json("{not json")


def check_attrib_access_dict(rsps, tmp_path):
    value = AttribAccessDict(a=1)
    with pytest.raises(AttributeError):
        value.missing
    with pytest.raises(KeyError):
        value["missing"]
    assert getattr(value, "missing", "default") == "default"


def check_from_json(rsps, tmp_path):
    for text in ("{not json", json.dumps({"id": "1"}), json.dumps({"_mastopy_version": "2.0.0"})):
        with pytest.raises(MastodonIllegalArgumentError):
            Entity.from_json(text)


def check_secrets_need_a_named_server(rsps, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError):
        Mastodon(access_token=TOKEN)
    with pytest.raises(MastodonIllegalArgumentError):
        Mastodon(client_id="id", client_secret="secret")
    with pytest.warns(errors.MastodonWarning):
        anonymous = Mastodon()
    with pytest.raises(MastodonIllegalArgumentError):
        anonymous.access_token = TOKEN
    with pytest.raises(MastodonIllegalArgumentError):
        anonymous.log_in("someone@example.com", "password")
    assert len(rsps.calls) == 0


def check_malformed_credential_file(rsps, tmp_path):
    secret = "s3cr3t-token-value"
    for content in (b"", b"\xff\xfe" + secret.encode(), (secret + " with spaces\n" + BASE + "\n").encode()):
        path = tmp_path / "user.secret"
        path.write_bytes(content)
        with pytest.raises(MastodonIllegalArgumentError) as caught:
            Mastodon(access_token=str(path))
        assert "user.secret" in str(caught.value) and secret not in str(caught.value)


def check_log_in_refused(rsps, tmp_path):
    rsps.post(BASE + "/oauth/token", status=400, json={"error": "invalid_grant"})
    api = client(client_id="id", client_secret="secret", access_token=None)
    with pytest.raises(MastodonIllegalArgumentError):
        api.log_in("someone@example.com", "wrong")
    with pytest.raises(MastodonIllegalArgumentError):
        api.log_in("someone@example.com", "password", code="also-a-code")


def check_log_in_narrower_scopes(rsps, tmp_path):
    rsps.post(BASE + "/oauth/token", json={"access_token": "t", "scope": "read"})
    api = client(client_id="id", client_secret="secret", access_token=None)
    with pytest.raises(MastodonAPIError):
        api.log_in("someone@example.com", "password", scopes=["read", "write"])


def check_persistable_without_token(rsps, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError):
        client(access_token=None).persistable_login_credentials()


def check_approx_server_time(rsps, tmp_path):
    rsps.head(BASE + "/", headers={"Date": "yesterday"})
    with pytest.raises(MastodonAPIError):
        client().get_approx_server_time()


def check_blocking_stream(rsps, tmp_path, sse, sse_api):
    """The blocking-stream paragraph, one cause at a time, against a real loopback server."""
    import threading
    endpoint = sse.endpoint("/api/v1/streaming/public")
    threading.Timer(0.05, lambda: endpoint.connection().event("delete", "5").end()).start()
    log = EventLog()
    with pytest.raises(MastodonNetworkError) as caught:   # the server ended the stream
        sse_api.stream_public(log, timeout=5)
    assert log.aborts == [caught.value]
    sse.endpoint("/api/v1/streaming/user")
    log = EventLog()
    with pytest.raises(MastodonReadTimeout):              # silent for longer than timeout
        sse_api.stream_user(log, timeout=0.3)
    assert isinstance(log.aborts[0], MastodonNetworkError)
    endpoint = sse.endpoint("/api/v1/streaming/public/local")
    threading.Timer(0.05, lambda: endpoint.connection().event("update", "{broken")).start()
    with pytest.raises(MastodonMalformedEventError):
        sse_api.stream_local(EventLog(), timeout=5)
    from loopback import Reply
    sse.http.route("GET", "/api/v1/streaming/direct", Reply({"error": "The access token is invalid"}, 401))
    with pytest.raises(MastodonUnauthorizedError):        # the server refused the stream
        sse_api.stream_direct(EventLog())
    unreachable = Mastodon(access_token=STREAM_TOKEN, api_base_url=free_port_refusing())
    unreachable._cache[CACHE_KEY] = unreachable.api_base_url
    with pytest.raises(MastodonNetworkError):             # the connection could not be made
        unreachable.stream_user(EventLog())


#: claim ("where: the start of the sentence") -> its check.
CHECKS: Dict[str, Callable[..., None]] = {
    "Mastodon.account_lookup: :returns: Account; raises :class:`MastodonNotFoundError` when there is": check_account_lookup,
    "Mastodon.follows: :raises MastodonNotFoundError: no account has this address.": check_follows,
    "Mastodon.server_info: :raises MastodonAPIError: (or :class:`MastodonNetworkError`) when neit":
        check_server_info,
    "docs/api/admin.rst: Arguments with a fixed set of values (account states, moderation actio":
        check_admin_values_sent,
    "Mastodon.annual_report: Raises :class:`MastodonNotFoundError` when no report was generated for":
        check_annual_report,
    "Mastodon.instance_health: Network failures (the server cannot be reached at all) still raise :cl":
        check_instance_health_network,
    "docs/api/media.rst: Seconds of the longest total wait, after which :class:`MastodonAPIErro":
        check_media_poll_timeout,
    "Mastodon.media_post: Still unprocessed then, it raises :class:`MastodonAPIError` whose ``me":
        check_media_poll_timeout,
    "Mastodon.media_post: :raises MastodonFileNotFoundError: when a path given does not exist.": check_media_missing_file,
    "docs/api/notifications.rst: Notification types given in ``types``, ``exclude_types``, ``grouped_ty":
        check_notification_types_sent,
    "Mastodon.push_subscription: Raises :class:`MastodonNotFoundError` when the token has none.": check_push_subscription,
    "Mastodon.search: The v1 endpoint only takes ``q`` and ``resolve``: asking it for more (": check_search_v1,
    "docs/api/statuses.rst: :meth:`Mastodon.status_post` checks only what cannot be right before a":
        check_status_post_local,
    "docs/api/statuses.rst: Values the server may or may not take, such as a ``visibility`` or ``q":
        check_status_post_sent,
    "Mastodon.status_post: Arguments of the wrong type raise :class:`MastodonIllegalArgumentError":
        check_status_post_sent,
    "docs/api/streaming.rst: Anything else, a payload that is not JSON, data without an event name,":
        check_malformed_events,
    "docs/api/streaming.rst: By default a ``stream_*`` call blocks: it connects, reads events and c":
        check_blocking_stream,
    "docs/api/streaming.rst: Without it, using WebSocket raises :class:`WebSocketUnavailableError` ":
        check_without_websockets,
    "docs/api/streaming.rst: A transport failure raises :class:`MastodonNetworkError` (:class:`Mast":
        check_handle_stream_failures,
    "StreamListener.handle_stream: Transport failures raise :class:`MastodonNetworkError` (:class:`Mastod":
        check_handle_stream_failures,
    "StreamListener.handle_websocket_message: Raises :class:`MastodonMalformedEventError` for a message that is not ":
        check_websocket_message,
    "Mastodon.fetch_remaining: :raises MastodonIllegalArgumentError: for a result that is not a list.":
        check_fetch_remaining,
    "Mastodon.pagination_iterator: :raises MastodonIllegalArgumentError: for a result that is not a list ":
        check_pagination_iterator,
    "Mastodon.retrieve_mastodon_version: :param fail_hard: raise :class:`MastodonVersionError` (chained to the ":
        check_retrieve_version,
    "parse_version: Raises :class:`MastodonVersionError` when there is no version number i":
        check_parse_version,
    "mastodon.core.values.decode_json: Raises ``ValueError`` (``json.JSONDecodeError``) when ``data`` is not ":
        check_decode_json,
    "mastodon.types_base.AttribAccessDict: Reading a key that is absent as an attribute raises ``AttributeError``":
        check_attrib_access_dict,
    "mastodon.types_base.Entity.from_json: :raises MastodonIllegalArgumentError: when the text is not JSON, or no":
        check_from_json,
    "docs/authentication.rst: - A client given an access token, or a client id and secret, without a":
        check_secrets_need_a_named_server,
    "docs/authentication.rst: A file that is empty, not UTF-8 text, far too large, or whose token, i":
        check_malformed_credential_file,
    "Mastodon.log_in: :raises MastodonIllegalArgumentError: wrong credentials, code or argum": check_log_in_refused,
    "Mastodon.log_in: :raises MastodonAPIError: the server granted narrower scopes than requ":
        check_log_in_narrower_scopes,
    "Mastodon.persistable_login_credentials: :raises MastodonIllegalArgumentError: the client has no access token.":
        check_persistable_without_token,
    "Mastodon.get_approx_server_time: :raises MastodonAPIError: when the answer has no usable ``Date`` heade":
        check_approx_server_time,
}


# -- checks of the claims on timeline_is_available, MastodonNotSupportedError and ids ------------------
def check_timeline_is_available_fail_hard(rsps, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError):
        client().timeline_is_available("no-such-feed", fail_hard=True)
    assert client().timeline_is_available("no-such-feed") is True
    rsps.get(BASE + "/api/v2/instance", json={"domain": "mastodon.example", "version": "4.4.0", "configuration": {}})
    with pytest.raises(MastodonAPIError):
        client().timeline_is_available("public", fail_hard=True)


def check_timeline_name_type(rsps, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError):
        client().timeline_is_available(7)  # type: ignore[arg-type]
    assert len(rsps.calls) == 0


def check_not_supported(rsps, tmp_path):
    not_supported = getattr(errors, "MastodonNotSupportedError")
    rsps.get(BASE + "/.well-known/nodeinfo", json={"links": [
        {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": BASE + "/nodeinfo/2.0"}]})
    rsps.get(BASE + "/nodeinfo/2.0", json={"software": {"name": "snac", "version": "2.94"}})
    with pytest.raises(not_supported) as caught:
        client().stream_user(EventLog())
    assert isinstance(caught.value, MastodonNotFoundError) and "snac" in str(caught.value)
    assert not any("/streaming" in call.request.url for call in rsps.calls)   # nothing sent to stream


def check_snowflake_mixed_comparison(rsps, tmp_path):
    from mastodon.types_base import MaybeSnowflakeIdType
    snowflake, ulid = MaybeSnowflakeIdType("110000000000000000"), MaybeSnowflakeIdType("01HZX3J5K6M7N8P9Q0R1S2T3V4")
    with pytest.raises(TypeError):
        snowflake < ulid
    assert MaybeSnowflakeIdType("01HZX3J5K6M7N8P9Q0R1S2T3V4") < MaybeSnowflakeIdType("01HZX3J5K6M7N8P9Q0R1S2T3V5")
    assert MaybeSnowflakeIdType("007") < MaybeSnowflakeIdType("01HZX3J5K6M7N8P9Q0R1S2T3V4")   # as strings


#: Claims that change when the branches of this round are merged (types: timeline_is_available and
#: MaybeSnowflakeIdType; servers: MastodonNotSupportedError). Until then a key here may be missing
#: from the pages (its check is not run) or present; after the merge, the integrator empties this set.
CHECKS.update({
    "Mastodon.timeline_is_available: :param fail_hard: raise instead of answering True when the answer cann":
        check_timeline_is_available_fail_hard,
    "Mastodon.timeline_is_available: :raises MastodonIllegalArgumentError: for a ``timeline`` that is not a":
        check_timeline_name_type,
    "MastodonNotSupportedError: Raised before anything is sent, in place of the 404 the server would a":
        check_not_supported,
    "mastodon.types_base.MaybeSnowflakeIdType: An id with a numeric value and one without still raise ``TypeError``: ":
        check_snowflake_mixed_comparison,
    "mastodon.types_base.MaybeSnowflakeIdType: One difference: where 2.x raises ``TypeError`` for ids with no numeric":
        check_snowflake_mixed_comparison,
})


def test_every_claim_has_a_check():
    found = claims()
    unchecked = sorted(set(found) - set(CHECKS))
    assert not unchecked, ("claims of the API pages without a check: add each to CHECKS in "
                           "tests/test_doc_claims.py with a check, or remove the claim from the page:\n"
                           + "\n".join(f"{key!r}: {found[key]}" for key in unchecked))
    stale = sorted(set(CHECKS) - set(found))
    assert not stale, "CHECKS entries whose claim is no longer on the pages:\n" + "\n".join(stale)


def test_the_reader_finds_claims_in_prose_docstrings_and_fields():
    found = claims()
    where = {key.split(":", 1)[0] for key in found}
    assert {"docs/api/statuses.rst", "Mastodon.status_post", "Mastodon.log_in", "StreamListener.handle_stream"} <= where
    # A "raises." whose exception is named in the next sentence is one claim.
    assert any(s.startswith("By default a ``stream_*`` call blocks") and "MastodonNetworkError" in s
               for s in found.values())
    assert not any("raise" not in s.lower() for s in found.values())


_FOUND = claims()
# Every check of a claim on the pages runs (a claim still to come with a merge has nothing to check yet).
_ORDERED = sorted({check for key, check in CHECKS.items() if key in _FOUND}, key=lambda f: f.__name__)


@pytest.mark.parametrize("check", _ORDERED, ids=[f.__name__ for f in _ORDERED])
def test_claim(check, tmp_path, monkeypatch, request):
    wanted = inspect.signature(check).parameters
    extra = {name: request.getfixturevalue(name) for name in ("sse", "sse_api") if name in wanted}
    if "monkeypatch" in wanted:
        extra["monkeypatch"] = monkeypatch
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_passthru("http://127.0.0.1")   # the loopback servers of the streaming checks
        check(rsps, tmp_path, **extra)
