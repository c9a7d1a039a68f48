"""Server software: what a server runs, and the one table of what the client does differently for it.

Many servers speak the Mastodon client API: Mastodon and its forks, GoToSocial, Pleroma and
Akkoma, snac, Takahē, Hollo, ... :func:`describe_server` reads what a server says about itself
(nodeinfo, then the instance entity) into a :class:`~mastodon.return_types.ServerInfo`;
:data:`QUIRKS` says, per software, where the client must act differently. The request core,
the pagination walk and the streaming methods ask this module through a few small functions
(:func:`adapt_request`, :func:`refine_error`, :func:`undecodable_answer`,
:func:`linkless_next`, :func:`corrected_cursor`, :func:`prepare_stream`), never per endpoint method.

Nothing here is looked up until one of those needs it: the first ``server_info()`` call, a
write whose encoding differs between servers, a stream, a page without a ``Link`` header, an
error answer that is not JSON. A lookup that fails leaves the software unknown, and an unknown
server is treated as Mastodon.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple

from ..errors import MastodonAPIError, MastodonIllegalArgumentError, MastodonNotFoundError, MastodonNotJSONError, \
    MastodonNotSupportedError, MastodonUnauthorizedError, MastodonVersionError
from .urls import urlsplit
from .values import PaginatableList
from .versions import MASTODON_FAMILY, ServerVersion, version_from_instance

__all__ = ["Quirks", "QUIRKS", "MASTODON_FAMILY", "quirks_for", "describe_server", "nodeinfo_paths", "cached_info",
           "keep_info", "lookup_lock", "lookup_started", "lookup_ended", "software_settled", "remember_software",
           "known_software", "software_from_nodeinfo", "detected_software", "software_matters", "adapt_request",
           "request_software", "looks_like_json", "error_software", "error_software_async", "refine_error",
           "undecodable_answer", "name_software", "note_linkless_page", "linkless_next", "page_may_continue",
           "cursor_mismatch", "corrected_cursor", "stream_transport", "no_streaming_error", "stream_lookup_timeout",
           "apply_stream_transport",
           "version_from_instance"]

log = logging.getLogger("mastodon.servers")


class Quirks(NamedTuple):
    """What the client does differently for one server software."""

    #: ``"sse"``: server-sent events, WebSocket as the fallback (Mastodon); ``"websocket"``: only
    #: the WebSocket API; ``"none"``: no streaming API at all (``stream_*`` raise at once).
    streaming: str = "sse"
    #: Arrays in a form body (``media_ids[]``, ``poll[options][]``) are dropped by the server:
    #: such writes are sent as JSON.
    arrays_as_json: bool = False
    #: A ``poll`` in a JSON body is ignored by the server: writes with a poll are sent as a form.
    poll_as_form: bool = False
    #: Ids are Mastodon snowflakes, so a datetime may stand for the id of that moment in
    #: ``max_id``/``min_id``/``since_id``.
    snowflake_ids: bool = False
    #: Some lists that take ``max_id`` come without a ``Link`` header: the walk goes on with the
    #: ``max_id`` of the last item.
    max_id_without_link: bool = False
    #: The ``max_id`` of the next ``Link`` names the first item of the next page, not the last of
    #: this one, so following it skips that item: the walk continues by the last item's id.
    link_cursor_skips: bool = False


_MASTODON = Quirks(snowflake_ids=True)

#: The per-software table. Software not named here gets :data:`OTHER_SOFTWARE`; an unknown server
#: (nothing could be learned) gets Mastodon's row.
QUIRKS: Dict[str, Quirks] = {
    **{name: _MASTODON for name in MASTODON_FAMILY},
    "gotosocial": Quirks(streaming="websocket"),
    "pleroma": Quirks(streaming="websocket"),
    "akkoma": Quirks(streaming="websocket"),
    "snac": Quirks(streaming="none", poll_as_form=True, max_id_without_link=True),
    "takahe": Quirks(streaming="none"),
    "hollo": Quirks(streaming="none", arrays_as_json=True, link_cursor_skips=True),
}

#: Quirks of a known software that the table does not name: Mastodon's API, but its own ids.
OTHER_SOFTWARE = Quirks()

#: Endpoints that take ``max_id`` and list items newest first (for :func:`linkless_next`).
_MAX_ID_PREFIXES = ("/api/v1/timelines/", "/api/v1/notifications", "/api/v1/bookmarks", "/api/v1/favourites",
                    "/api/v1/conversations")

#: Endpoints whose ``max_id`` cursor is the id of the listed items (statuses, notifications).
_ITEM_CURSOR_PREFIXES = ("/api/v1/timelines/", "/api/v1/notifications")

_CACHE_KEY = "server_info"
#: The software name alone, from nodeinfo (what the request core needs), in the client's cache.
_SOFTWARE_KEY = "server_software"
_FAILED = "failed"
_PAGE_BOUNDS = ("max_id", "min_id", "since_id")
_QUERY_METHODS = frozenset(("GET", "DELETE", "HEAD", "OPTIONS"))


def quirks_for(software: Optional[str]) -> Quirks:
    """The table row for ``software`` (None: unknown, treated as Mastodon)."""
    if software is None:
        return _MASTODON
    return QUIRKS.get(software, OTHER_SOFTWARE)


# -- knowing the server ------------------------------------------------------------------------------
def nodeinfo_paths(discovery: Any) -> List[str]:
    """The paths (with query) of the nodeinfo documents a ``/.well-known/nodeinfo`` answer links,
    schema 2.1 first, then 2.0. Pure.

    A link naming another host name of the server (``localhost`` where the client says
    ``127.0.0.1``, ``https`` behind a proxy) is followed by its path on the client's own base
    URL, as pagination links are: nothing is sent to another host.
    """
    links = discovery.get("links") if isinstance(discovery, Mapping) else None
    by_schema = {str(link.get("rel", "")).rstrip("/").rsplit("/", 1)[-1]: link.get("href")
                 for link in links or () if isinstance(link, Mapping)}
    paths = []
    for schema in ("2.1", "2.0"):
        href = by_schema.get(schema)
        if isinstance(href, str) and href:
            try:
                parts = urlsplit(href)
            except ValueError:
                continue
            path = parts.path if parts.path.startswith("/") else "/" + parts.path
            paths.append(path + (f"?{parts.query}" if parts.query else ""))
    return paths


def describe_server(nodeinfo: Optional[Mapping[str, Any]], instance: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The fields of a ServerInfo from a nodeinfo document and an instance entity (either may be None).

    ``software``: nodeinfo's name (lower case), else what the version string or ``source_url``
    names, else ``"mastodon"`` where the instance shows a Mastodon version, else ``"unknown"``.
    ``version``: the software's own version. ``mastodon_version``: the Mastodon-compatible
    version the server reports, None where it reports none. ``api_version``:
    ``api_versions.mastodon`` of the instance, where given.
    """
    software = software_version = None
    if nodeinfo is not None:
        block = nodeinfo.get("software")
        if isinstance(block, Mapping):
            number = block.get("version")
            software = software_from_nodeinfo(nodeinfo)
            software_version = str(number).strip() if isinstance(number, (str, int, float)) else None
            if software_version and software_version[0] in "vV" and software_version[1:2].isdigit():
                software_version = software_version[1:]  # GoToSocial's "v0.20.0-rc1-8-g57cb4fe74"
    parsed: Optional[ServerVersion] = None
    api_level: Optional[int] = None
    if instance is not None:
        try:
            parsed = version_from_instance(instance, software, software_version)
        except MastodonVersionError:
            parsed = None
        levels = instance.get("api_versions")
        level = levels.get("mastodon") if isinstance(levels, Mapping) else None
        api_level = level if isinstance(level, int) and not isinstance(level, bool) else None
    if software is None:
        software = parsed.software if parsed is not None else "unknown"
    if software_version is None and parsed is not None:
        software_version = parsed.software_version or (str(parsed) if software in MASTODON_FAMILY else None)
    mastodon_version = str(parsed) if parsed is not None and parsed.mastodon_compatible else None
    return {"software": software, "version": software_version, "mastodon_version": mastodon_version,
            "api_version": api_level}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def lookup_lock(api: Any) -> Any:
    """The client's lock around a software lookup (re-entrant: an async client's tasks share a thread)."""
    # dict.setdefault is atomic: every thread gets the same lock for this client.
    return api.__dict__.setdefault("_server_info_lock", threading.RLock())


def cached_info(api: Any) -> Optional[Dict[str, Any]]:
    """What :meth:`~mastodon.Mastodon.server_info` found before, or None."""
    cached = api._cache.get(_CACHE_KEY)
    return cached if isinstance(cached, dict) else None


def keep_info(api: Any, nodeinfo: Optional[Mapping[str, Any]], instance: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """Describe the server (:func:`describe_server`), keep it in the client's cache, and let
    version checks use it (unless the caller gave a version)."""
    info = describe_server(nodeinfo, instance)
    api._cache[_CACHE_KEY] = info
    if instance is not None and not getattr(api, "_version_given", False):
        _learn_version(api, instance, info)
    return info


def lookup_started(api: Any) -> None:
    """Mark the software lookup as running in this thread: errors of its own requests do not ask again."""
    api.__dict__["_server_info_busy"] = threading.get_ident()


def lookup_ended(api: Any) -> None:
    api.__dict__["_server_info_busy"] = None


def software_settled(api: Any) -> bool:
    """Whether asking for the software would ask nothing (known, failed before, or being looked up here)."""
    return known_software(api) is not None or api._cache.get(_SOFTWARE_KEY) is _FAILED or \
        api.__dict__.get("_server_info_busy") == threading.get_ident()


def remember_software(api: Any, nodeinfo: Optional[Mapping[str, Any]]) -> Optional[str]:
    """Keep the software a nodeinfo document names (or that none could be learned)."""
    named = software_from_nodeinfo(nodeinfo)
    api._cache[_SOFTWARE_KEY] = _FAILED if named is None else named
    log.debug("server software of %s: %s", api.api_base_url, named)
    return named


def _learn_version(api: Any, instance: Any, info: Any) -> None:
    """Let version checks use what server_info found (unless the caller gave a version)."""
    try:
        version = version_from_instance(instance, info["software"], info["version"])
    except MastodonVersionError:
        return
    api._set_version(version, info["api_version"])


def known_software(api: Any) -> Optional[str]:
    """The software of ``api``'s server if something already told (never asks the server)."""
    cached = api._cache.get(_CACHE_KEY)
    if cached is not None and cached is not _FAILED:
        return cached["software"]  # type: ignore[no-any-return]
    named = api._cache.get(_SOFTWARE_KEY)
    if named is not None and named is not _FAILED:
        return named  # type: ignore[no-any-return]
    version = getattr(api, "server_version", None)
    if version is not None and getattr(api, "version_check_worked", None):
        return version.software  # type: ignore[no-any-return]
    return None


def software_from_nodeinfo(nodeinfo: Optional[Mapping[str, Any]]) -> Optional[str]:
    """``software.name`` of a nodeinfo document, in lower case; None where it names none. Pure."""
    block = nodeinfo.get("software") if isinstance(nodeinfo, Mapping) else None
    name = block.get("name") if isinstance(block, Mapping) else None
    return name.strip().lower() if isinstance(name, str) and name.strip() else None


def detected_software(api: Any) -> Optional[str]:
    """The software of ``api``'s server, looked up once if need be (the client's
    ``_server_software``); None when it cannot be learned."""
    return api._server_software()  # type: ignore[no-any-return]


# -- the hooks: pure decisions (both shells), plus the sync client's lookups ------------------------
def _has_arrays(params: Mapping[str, Any]) -> bool:
    for value in params.values():
        if isinstance(value, (list, tuple, set, frozenset)):
            return True
        if isinstance(value, Mapping) and _has_arrays(value):
            return True
    return False


def software_matters(method: str, params: Optional[Mapping[str, Any]], use_json: bool, files: Any) -> bool:
    """Whether :func:`adapt_request` needs to know the server software for this request.

    Pure and cheap: true only for writes with arrays in a form body, writes with a poll in a JSON
    body, and reads with a datetime as ``max_id``/``min_id``/``since_id``. A shell looks the
    software up (once per client) only then.
    """
    if not params:
        return False
    if method in _QUERY_METHODS:
        for key in _PAGE_BOUNDS:
            value = params.get(key)
            if value is not None and not isinstance(value, (str, int, Mapping)):
                return True
        return False
    if files:
        return False
    if use_json:
        return params.get("poll") is not None
    return _has_arrays(params)


def adapt_request(software: Optional[str], method: str, endpoint: str, params: Optional[Mapping[str, Any]],
                  use_json: bool, files: Any) -> bool:
    """``use_json`` as it should be for ``software`` (None: unknown, treated as Mastodon). Pure.

    Writes with arrays in a form body go as JSON where the software drops form arrays (Hollo);
    writes with a poll in a JSON body go as a form where the software ignores a JSON poll (snac).
    A datetime as ``max_id``/``min_id``/``since_id`` (the snowflake trick) is refused with
    :class:`MastodonIllegalArgumentError` where the software's ids are no snowflakes.
    """
    if not params or software is None:
        return use_json
    quirks = quirks_for(software)
    if method in _QUERY_METHODS:
        for key in _PAGE_BOUNDS:
            value = params.get(key)
            if value is not None and not isinstance(value, (str, int, Mapping)) and not quirks.snowflake_ids:
                from datetime import date
                if isinstance(value, date):
                    raise MastodonIllegalArgumentError(
                        f"{key}: a datetime stands for a Mastodon snowflake id, but this server runs {software}, "
                        f"whose ids are not snowflakes ({endpoint}); page with an id from an earlier result instead")
        return use_json
    if files:
        return use_json
    if use_json:
        return False if quirks.poll_as_form and params.get("poll") is not None else use_json
    return True if quirks.arrays_as_json and _has_arrays(params) else use_json


def request_software(api: Any, method: str, params: Optional[Mapping[str, Any]], use_json: bool,
                     files: Any) -> Optional[str]:
    """The sync client's lookup for :func:`adapt_request`: the software where it matters, else None."""
    return detected_software(api) if software_matters(method, params, use_json, files) else None


def looks_like_json(content: bytes) -> bool:
    """Whether a body starts like a JSON object or list (an error body that may name its error)."""
    return content[:1] in (b"{", b"[") or content.lstrip()[:1] in (b"{", b"[")


async def error_software_async(api: Any, status: int, content: bytes) -> Optional[str]:
    """The async client's :func:`error_software` (its ``_server_software`` is a coroutine)."""
    if looks_like_json(content):
        return None
    return await api._server_software() if status < 500 else known_software(api)  # type: ignore[no-any-return]


def error_software(api: Any, status: int, content: bytes) -> Optional[str]:
    """The sync client's lookup for an answer that is not JSON: the software (looked up once if
    need be for a 2xx or 4xx answer; a 5xx page from a failing server or proxy asks nothing more)."""
    if looks_like_json(content):
        return None
    return detected_software(api) if status < 500 else known_software(api)


def _kind(content_type: str, content: bytes) -> str:
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if not content:
        return "an empty answer"
    if "html" in kind or content[:200].lstrip()[:1] == b"<":
        return "an HTML page"
    return f"a {kind} answer" if kind else "an answer that is not JSON"


def _path(url: str) -> str:
    try:
        return urlsplit(url).path or url
    except ValueError:
        return url


def _who(software: Optional[str]) -> str:
    return software if software and software != "unknown" else "the server"


#: Words of a 400/422 page that say the token is the problem (Takahē's "Invalid Bearer token").
_TOKEN_WORDS = (b"token", b"unauthori", b"not logged in", b"login required", b"authenticat")


def refine_error(software: Optional[str], had_token: bool, status: int, content_type: str, content: bytes,
                 method: str, url: str, cls: type) -> Tuple[type, str]:
    """The exception class and message for an error answer whose body is not JSON. Pure.

    A bad token is :class:`MastodonUnauthorizedError` whether the server says 401, 400 (Takahē:
    an HTML page saying "Invalid Bearer token") or 422 (snac: an empty HTML answer to a GET
    with a token it does not know; its refused writes get the same empty 422, so they keep their
    class). The message names the software, the endpoint, the status and what came back instead
    of JSON; the error's ``error`` stays the server's own text.
    """
    if had_token and status in (400, 422):
        head = content[:4000].lower()
        # snac answers a read with an unknown token 422 and no text; its refused writes look the same
        if any(word in head for word in _TOKEN_WORDS) or (software == "snac" and status == 422 and method == "GET"):
            cls = MastodonUnauthorizedError
    return cls, f"{_who(software)} answered {method} {_path(url)} with HTTP {status} and " \
                f"{_kind(content_type, content)}, not JSON"


def undecodable_answer(software: Optional[str], status: int, reason: str, content_type: str, content: bytes,
                       method: str, url: str, cause: Any) -> MastodonNotJSONError:
    """The error for a successful answer whose body cannot be decoded as JSON. Pure."""
    error = MastodonNotJSONError(
        f"{_who(software)} answered {method} {_path(url)} with HTTP {status} and {_kind(content_type, content)} "
        f"({content_type or 'no content type'}; {cause}; starts with {content[:60]!r}), not JSON", status, reason,
        None, method=method, url=url)
    error.answer = (status, reason, content_type, content[:60], cause)  # type: ignore[attr-defined]
    return error


def name_software(error: MastodonNotJSONError, software: Optional[str]) -> MastodonNotJSONError:
    """``error`` again, naming ``software`` (a shell learns it after the core raised)."""
    status, reason, content_type, head, cause = error.answer  # type: ignore[attr-defined]
    return undecodable_answer(software, status, reason, content_type, head, error.method or "", error.url or "", cause)


def note_linkless_page(value: Any, method: str, endpoint: str, params: Optional[Mapping[str, Any]]) -> None:
    """Remember on a list that came without a ``Link`` header which request made it. Pure.

    Only GETs of endpoints that take ``max_id`` are noted; :func:`linkless_next` reads it.
    """
    if value.__class__ is not PaginatableList or method != "GET" or not value or \
            getattr(value, "_pagination_next", None) is not None:
        return
    if endpoint.startswith(_MAX_ID_PREFIXES) or (endpoint.startswith("/api/v1/accounts/")
                                                  and endpoint.endswith("/statuses")):
        object.__setattr__(value, "_linkless_request", (endpoint, dict(params or {})))


def linkless_next(software: Optional[str], page: Any) -> Optional[Dict[str, Any]]:
    """The next page's parameters (as a :class:`~mastodon.core.pagination.PaginationInfo` holds
    them) of a list that came without a ``Link`` header, where ``software`` pages by ``max_id``
    but sends no links (snac's account statuses); None where a missing link means the end. Pure."""
    request = getattr(page, "_linkless_request", None)
    if request is None or not isinstance(page, list) or not page or not quirks_for(software).max_id_without_link:
        return None
    last = page[-1]
    last_id = last.get("id") if isinstance(last, Mapping) else None
    if last_id is None:
        return None
    endpoint, params = request
    info = {k: v for k, v in params.items() if k not in _PAGE_BOUNDS and v is not None}
    info.update({"max_id": str(last_id), "_pagination_method": "GET", "_pagination_endpoint": endpoint,
                 "_pagination_direction": "next"})
    log.debug("%s sent no Link header: continuing %s with max_id=%s", software, endpoint, last_id)
    return info


def page_may_continue(page: Any) -> bool:
    """Whether a list without a ``Link`` header is a full page (as many items as asked for, 20
    where no ``limit`` was given), so that the server may hold more. A shorter page ends a walk
    on every server, without asking which software it runs. Pure."""
    request = getattr(page, "_linkless_request", None)
    if request is None or not isinstance(page, list):
        return False
    limit = request[1].get("limit")
    try:
        wanted = int(limit) if limit is not None else 20
    except (TypeError, ValueError):
        wanted = 20
    return len(page) >= max(wanted, 1)


def cursor_mismatch(page: Any, info: Optional[Mapping[str, Any]]) -> bool:
    """Whether the next link's ``max_id`` differs from the id of the page's last item, on an
    endpoint whose cursor is that id (timelines, account statuses, notifications). Pure and
    cheap: only then does :func:`corrected_cursor` need the software."""
    if info is None or not isinstance(page, list) or not page or "max_id" not in info:
        return False
    endpoint = str(info.get("_pagination_endpoint") or "")
    if not (endpoint.startswith(_ITEM_CURSOR_PREFIXES) or (endpoint.startswith("/api/v1/accounts/")
                                                           and endpoint.endswith("/statuses"))):
        return False  # elsewhere (blocks, followers, ...) the cursor is a record id, not an item's
    last = page[-1]
    return isinstance(last, Mapping) and last.get("id") is not None and str(last.get("id")) != str(info["max_id"])


def corrected_cursor(software: Optional[str], page: Any, info: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """The next link's parameters with ``max_id`` set to the page's last item, where ``software``'s
    links skip an item (:attr:`Quirks.link_cursor_skips`, Hollo); None where the link stands. Pure."""
    if not quirks_for(software).link_cursor_skips or not cursor_mismatch(page, info):
        return None
    log.debug("%s: next link max_id %s skips an item; continuing after %s", software, info["max_id"], page[-1]["id"])
    return {**info, "max_id": str(page[-1]["id"])}


def stream_transport(software: Optional[str]) -> str:
    """How ``software`` streams: ``"sse"`` (WebSocket as the fallback), ``"websocket"`` (only), or
    ``"none"`` (no streaming API). Pure; None (unknown) streams as Mastodon does."""
    return quirks_for(software).streaming


def no_streaming_error(software: Optional[str]) -> MastodonNotSupportedError:
    """The error ``stream_*`` raise at once on software without a streaming API."""
    return MastodonNotSupportedError(
        f"{software} has no streaming API (its /api/v1/streaming answers 404): poll the timelines and "
        "notifications instead", 404, "Not Found", "streaming not supported")


def may_be_stream_refusal(error: BaseException) -> bool:
    """Whether a stream's error may be a server without streaming answering 404 to its streaming
    endpoints (worth learning the software for, when a slow server kept it from being known)."""
    return isinstance(error, MastodonNotFoundError) and not isinstance(error, MastodonNotSupportedError)


def stream_refusal(error: Exception, software: Optional[str]) -> Exception:
    """The error a failed stream reports: a 404 from software with no streaming API is the
    documented :class:`~mastodon.MastodonNotSupportedError` (from the 404), also when the
    software became known only after the stream was tried; anything else stays as it is."""
    if may_be_stream_refusal(error) and software is not None and stream_transport(software) == "none":
        refusal = no_streaming_error(software)
        refusal.__cause__ = error
        return refusal
    return error


def stream_lookup_timeout(timeout: Any) -> Tuple[float, float, float]:
    """The ``(connect, read, total)`` timeout of the software lookup before a stream: within the
    stream's own timeout, at most 5 s, so a server that answers slowly delays no stream long."""
    try:
        seconds = min(float(timeout), 5.0)
    except (TypeError, ValueError):
        seconds = 5.0
    seconds = max(seconds, 0.1)
    return (seconds, seconds, seconds)


def apply_stream_transport(api: Any, transport_key: str, software: Optional[str]) -> None:
    """Before a stream of either client: refuse it (:func:`no_streaming_error`) where ``software``
    has no streaming API, and remember WebSocket as the transport (``api._cache[transport_key]``)
    where that is the only one. No I/O."""
    transport = stream_transport(software)
    if transport == "none":
        raise no_streaming_error(software)
    if transport == "websocket":
        api._cache.setdefault(transport_key, "websocket")
