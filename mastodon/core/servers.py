"""Server software: what a server runs, and the one table of what the client does differently for it.

Many servers speak the Mastodon client API: Mastodon and its forks, GoToSocial, Pleroma and
Akkoma, snac, Takahē, Hollo, ... :func:`describe_server` reads what a server says about itself
(nodeinfo, then the instance entity) into a :class:`~mastodon.return_types.ServerInfo`;
:data:`QUIRKS` says, per software, where the client must act differently. The request core,
the pagination walk and the streaming methods ask this module through a few small functions
(:func:`adapt_request`, :func:`refine_error`, :func:`undecodable_answer`,
:func:`continue_without_link`, :func:`prepare_stream`), never per endpoint method.

Nothing here is looked up until one of those needs it: the first ``server_info()`` call, a
write whose encoding differs between servers, a stream, a page without a ``Link`` header, an
error answer that is not JSON. A lookup that fails leaves the software unknown, and an unknown
server is treated as Mastodon.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Dict, Mapping, NamedTuple, Optional, Tuple

from ..errors import MastodonAPIError, MastodonError, MastodonIllegalArgumentError, MastodonNotSupportedError, \
    MastodonUnauthorizedError, MastodonVersionError
from .urls import urlsplit
from .values import PaginatableList
from .versions import ServerVersion, parse_version

__all__ = ["Quirks", "QUIRKS", "MASTODON_FAMILY", "quirks_for", "describe_server", "server_info", "known_software",
           "detected_software", "adapt_request", "refine_error", "undecodable_answer", "continue_without_link",
           "prepare_stream", "version_from_instance"]

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


_MASTODON = Quirks(snowflake_ids=True)

#: Software names (nodeinfo ``software.name``, lower case) of Mastodon and its forks.
MASTODON_FAMILY = frozenset(("mastodon", "glitch", "glitch-soc", "glitchsoc", "hometown", "fedibird", "kmyblue",
                             "chuckya", "mastodon-glitch"))

#: The per-software table. Software not named here gets :data:`OTHER_SOFTWARE`; an unknown server
#: (nothing could be learned) gets Mastodon's row.
QUIRKS: Dict[str, Quirks] = {
    **{name: _MASTODON for name in MASTODON_FAMILY},
    "gotosocial": Quirks(streaming="websocket"),
    "pleroma": Quirks(streaming="websocket"),
    "akkoma": Quirks(streaming="websocket"),
    "snac": Quirks(streaming="none", poll_as_form=True, max_id_without_link=True),
    "takahe": Quirks(streaming="none"),
    "hollo": Quirks(streaming="none", arrays_as_json=True),
}

#: Quirks of a known software that the table does not name: Mastodon's API, but its own ids.
OTHER_SOFTWARE = Quirks()

#: Software whose repository name in ``source_url`` identifies it where its version string cannot.
_SOURCE_NAMES = frozenset(("hollo", "takahe", "gotosocial", "snac", "snac2", "pleroma", "akkoma", "pixelfed",
                           "friendica", "sharkey", "misskey", "iceshrimp", "firefish", "mitra", "bookwyrm"))

#: Endpoints that take ``max_id`` and list items newest first (for :func:`continue_without_link`).
_MAX_ID_PREFIXES = ("/api/v1/timelines/", "/api/v1/notifications", "/api/v1/bookmarks", "/api/v1/favourites",
                    "/api/v1/conversations")

_CACHE_KEY = "server_info"
_FAILED = "failed"
_PAGE_BOUNDS = ("max_id", "min_id", "since_id")


def quirks_for(software: Optional[str]) -> Quirks:
    """The table row for ``software`` (None: unknown, treated as Mastodon)."""
    if software is None:
        return _MASTODON
    return QUIRKS.get(software, OTHER_SOFTWARE)


# -- knowing the server ------------------------------------------------------------------------------
def _software_from_source_url(url: Any) -> Optional[str]:
    """``"hollo"`` from ``https://github.com/fedify-dev/hollo``: the software a repository URL names."""
    if not isinstance(url, str) or not url:
        return None
    name = url.rstrip("/").rsplit("/", 1)[-1].lower()
    if name.endswith(".git"):
        name = name[:-4]
    return ("snac" if name == "snac2" else name) if name in _SOURCE_NAMES else None


def version_from_instance(instance: Mapping[str, Any], software: Optional[str] = None,
                          software_version: Optional[str] = None) -> ServerVersion:
    """The :class:`ServerVersion` an instance entity gives, corrected by what else is known.

    ``software``/``software_version`` come from nodeinfo when it was read; otherwise the
    instance's ``source_url`` may name the software. A plain number that is the software's own
    version (Hollo's ``0.10.0``) is then not taken for a Mastodon version.
    """
    version = parse_version(instance.get("version"))  # type: ignore[arg-type]
    named = software or _software_from_source_url(instance.get("source_url"))
    if named is None or named in MASTODON_FAMILY or named == version.software:
        return version
    if version.software != "mastodon" or not version.mastodon_compatible:
        return version._replace(software=named)
    # A bare number from a server that is not Mastodon: its own version, unless nodeinfo says otherwise.
    own = (software_version or "").strip()
    plain = str(instance.get("version", "")).strip().lstrip("vV")
    if not own or own.lstrip("vV") == plain or own.startswith(str(version)):
        return version._replace(software=named, software_version=own or plain, mastodon_compatible=False)
    return version._replace(software=named, software_version=own)


def _nodeinfo(api: Any) -> Optional[Mapping[str, Any]]:
    """The server's nodeinfo document (schema 2.1, else 2.0), or None when it has none.

    Sent without the token. A link naming another host name of the server (``localhost`` where
    the client says ``127.0.0.1``, ``https`` behind a proxy) is followed by its path on the
    client's own base URL, as pagination links are: nothing is sent to another host.
    """
    origin = _origin(api.api_base_url)
    try:
        discovery = api._api_request("GET", "/.well-known/nodeinfo", base_url=origin, auth=False)
    except MastodonError as e:
        log.debug("no nodeinfo discovery document: %s", e)
        return None
    links = discovery.get("links") if isinstance(discovery, Mapping) else None
    by_schema = {str(link.get("rel", "")).rstrip("/").rsplit("/", 1)[-1]: link.get("href")
                 for link in links or () if isinstance(link, Mapping)}
    for schema in ("2.1", "2.0"):
        href = by_schema.get(schema)
        if isinstance(href, str) and href:
            parts = urlsplit(href)
            path = parts.path if parts.path.startswith("/") else "/" + parts.path
            try:
                document = api._api_request("GET", path + (f"?{parts.query}" if parts.query else ""),
                                            base_url=origin, auth=False)
            except MastodonError as e:
                log.debug("nodeinfo %s not readable: %s", schema, e)
                continue
            if isinstance(document, Mapping):
                return document
    return None


def _instance(api: Any) -> Optional[Mapping[str, Any]]:
    last: Optional[MastodonError] = None
    for endpoint in ("/api/v2/instance", "/api/v1/instance"):
        try:
            instance = api._api_request("GET", endpoint)
        except MastodonAPIError as e:
            last = e
            continue
        if isinstance(instance, Mapping):
            return instance
    if last is not None:
        raise last
    return None


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
            name, number = block.get("name"), block.get("version")
            software = name.strip().lower() if isinstance(name, str) and name.strip() else None
            software_version = str(number) if isinstance(number, (str, int, float)) else None
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


def _lock(api: Any) -> Any:
    # dict.setdefault is atomic: every thread gets the same lock for this client.
    return api.__dict__.setdefault("_server_info_lock", threading.RLock())


def server_info(api: Any) -> Any:
    """What ``api``'s server runs (a :class:`~mastodon.return_types.ServerInfo`), looked up once.

    Raises what the instance lookup raised when neither nodeinfo nor the instance could be read.
    """
    cached = api._cache.get(_CACHE_KEY)
    if cached is not None and cached is not _FAILED:
        return cached
    with _lock(api):
        cached = api._cache.get(_CACHE_KEY)
        if cached is not None and cached is not _FAILED:
            return cached
        api.__dict__["_server_info_busy"] = True
        try:
            nodeinfo = _nodeinfo(api)
            try:
                instance = _instance(api)
            except MastodonError:
                if nodeinfo is None:
                    api._cache[_CACHE_KEY] = _FAILED
                    raise
                instance = None
        finally:
            api.__dict__["_server_info_busy"] = False
        from ..return_types import ServerInfo
        from .casting import cast_result
        info = cast_result(describe_server(nodeinfo, instance), ServerInfo)
        api._cache[_CACHE_KEY] = info
        if instance is not None and not getattr(api, "_version_given", False):
            _learn_version(api, instance, info)
        return info


def _learn_version(api: Any, instance: Any, info: Any) -> None:
    """Let version checks use what server_info found (unless the caller gave a version)."""
    try:
        version = version_from_instance(instance, info.software, info.version)
    except MastodonVersionError:
        return
    api._set_version(version, info.api_version)


def known_software(api: Any) -> Optional[str]:
    """The software of ``api``'s server if something already told (never asks the server)."""
    cached = api._cache.get(_CACHE_KEY)
    if cached is not None and cached is not _FAILED:
        return cached.software  # type: ignore[no-any-return]
    version = getattr(api, "server_version", None)
    if version is not None and getattr(api, "version_check_worked", None):
        return version.software  # type: ignore[no-any-return]
    return None


def detected_software(api: Any) -> Optional[str]:
    """The software of ``api``'s server, looked up once if need be; None when it cannot be learned."""
    known = known_software(api)
    if known is not None or api._cache.get(_CACHE_KEY) is _FAILED or api.__dict__.get("_server_info_busy"):
        return known
    try:
        return server_info(api).software  # type: ignore[no-any-return]
    except MastodonError as e:
        log.debug("server software unknown: %s", e)
        return None


# -- the hooks ---------------------------------------------------------------------------------------
def _has_arrays(params: Mapping[str, Any]) -> bool:
    for value in params.values():
        if isinstance(value, (list, tuple, set, frozenset)):
            return True
        if isinstance(value, Mapping) and _has_arrays(value):
            return True
    return False


def adapt_request(api: Any, method: str, endpoint: str, params: Optional[Mapping[str, Any]], use_json: bool,
                  files: Any) -> bool:
    """Check a request against the server's software; returns ``use_json`` as it should be.

    Called by the request core before a request is built. For writes with arrays in a form
    body, or with a poll in a JSON body, the encoding is chosen from :data:`QUIRKS`. A datetime
    as ``max_id``/``min_id``/``since_id`` (the snowflake trick) is refused with
    :class:`MastodonIllegalArgumentError` on servers whose ids are no snowflakes.
    Anything else costs a dict lookup or two and asks nothing.
    """
    if not params:
        return use_json
    if method in ("GET", "DELETE", "HEAD", "OPTIONS"):
        for key in _PAGE_BOUNDS:
            value = params.get(key)
            if value is not None and not isinstance(value, (str, int, Mapping)):
                _check_datetime_bound(api, key, value, endpoint)
        return use_json
    if files:
        return use_json
    if use_json:
        if "poll" in params and params["poll"] is not None and quirks_for(detected_software(api)).poll_as_form:
            return False
    elif _has_arrays(params) and quirks_for(detected_software(api)).arrays_as_json:
        return True
    return use_json


def _check_datetime_bound(api: Any, key: str, value: Any, endpoint: str) -> None:
    from datetime import date
    if not isinstance(value, date):
        return
    software = detected_software(api)
    if not quirks_for(software).snowflake_ids:
        raise MastodonIllegalArgumentError(
            f"{key}: a datetime stands for a Mastodon snowflake id, but this server runs {software}, whose ids "
            f"are not snowflakes ({endpoint}); page with an id from an earlier result instead")


def _request_had_token(response: Any) -> bool:
    request = getattr(response, "request", None)
    headers = getattr(request, "headers", None) or {}
    return "Authorization" in headers


def _kind(response: Any) -> str:
    kind = (response.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    if not response.content:
        return "an empty answer"
    if "html" in kind or response.content[:200].lstrip()[:1] == b"<":
        return "an HTML page"
    return f"a {kind} answer" if kind else "an answer that is not JSON"


def _path(url: str) -> str:
    try:
        return urlsplit(url).path or url
    except ValueError:
        return url


def refine_error(api: Any, response: Any, method: str, url: str, cls: type, error: Optional[str],
                 body: Any) -> Tuple[type, Optional[str]]:
    """The exception class and ``error`` text for an error answer that is not JSON.

    Called by the request core's error path. A JSON error keeps what the status says. Otherwise:
    a bad token is :class:`MastodonUnauthorizedError` whether the server says 401, 400 (Takahē,
    "Invalid Bearer token") or 422 (snac, to a GET with a token); and the ``error`` text names
    the server software, the endpoint and what came back instead of JSON.
    """
    if isinstance(body, Mapping):
        return cls, error
    status = response.status_code
    software = detected_software(api)
    text = response.content[:2000].decode("utf-8", "replace").lower() if response.content else ""
    if status in (400, 403, 422) and _request_had_token(response) and (
            "token" in text or (software == "snac" and status == 422 and method == "GET")):
        cls = MastodonUnauthorizedError
    who = software if software and software != "unknown" else "the server"
    what = f"{who} answered {method} {_path(url)} with HTTP {status} and {_kind(response)}, not JSON"
    return cls, (f"{what} ({error})" if error else what)


def undecodable_answer(api: Any, response: Any, method: str, url: str, cause: BaseException) -> MastodonAPIError:
    """The error for a successful answer whose body is not JSON (an HTML page, a feature the server lacks)."""
    software = detected_software(api)
    who = software if software and software != "unknown" else "the server"
    kind = response.headers.get("Content-Type", "unknown content type")
    return MastodonAPIError(
        f"{who} answered {method} {_path(url)} with HTTP {response.status_code} and {_kind(response)} "
        f"({kind}; {cause}; starts with {response.content[:60]!r}), not JSON", response.status_code,
        response.reason, None, method=method, url=url)


def note_linkless_page(value: Any, method: str, endpoint: str, params: Optional[Mapping[str, Any]]) -> None:
    """Remember on a list that came without a ``Link`` header which request made it.

    Only GETs of endpoints that take ``max_id`` are noted; :func:`continue_without_link` reads it.
    """
    if value.__class__ is not PaginatableList or method != "GET" or not value or \
            getattr(value, "_pagination_next", None) is not None:
        return
    if endpoint.startswith(_MAX_ID_PREFIXES) or (endpoint.startswith("/api/v1/accounts/")
                                                  and endpoint.endswith("/statuses")):
        object.__setattr__(value, "_linkless_request", (endpoint, dict(params or {})))


def continue_without_link(api: Any, page: Any) -> Any:
    """The next page of a list that came without a ``Link`` header, where the server pages by
    ``max_id`` but sends no links (snac's account statuses); None where a missing link means the end."""
    request = getattr(page, "_linkless_request", None)
    if request is None or not isinstance(page, list) or not page:
        return None
    if not quirks_for(detected_software(api)).max_id_without_link:
        return None
    last = page[-1]
    last_id = last.get("id") if isinstance(last, Mapping) else None
    if last_id is None:
        return None
    from .pagination import PaginationInfo
    endpoint, params = request
    info = PaginationInfo((k, v) for k, v in params.items() if k not in _PAGE_BOUNDS and v is not None)
    info.update({"max_id": str(last_id), "_pagination_method": "GET", "_pagination_endpoint": endpoint,
                 "_pagination_direction": "next"})
    log.debug("%s sent no Link header: continuing %s with max_id=%s", detected_software(api), endpoint, last_id)
    return info


def prepare_stream(api: Any, transport_key: str) -> None:
    """Before a stream is opened: refuse it where the software has no streaming API, and go
    straight to the WebSocket API where that is the only one (``api._cache[transport_key]``)."""
    software = detected_software(api)
    streaming = quirks_for(software).streaming
    if streaming == "none":
        raise MastodonNotSupportedError(
            f"{software} has no streaming API (its /api/v1/streaming answers 404): poll the timelines and "
            "notifications instead")
    if streaming == "websocket":
        api._cache.setdefault(transport_key, "websocket")
