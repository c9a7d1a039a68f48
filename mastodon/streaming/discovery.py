"""Where the streaming API lives: the streaming base URL of a server, found once and cached."""

from __future__ import annotations

import logging
from typing import Any, Dict, Generator, Mapping, Optional, Tuple

from ..core.servers import (
    apply_stream_transport,
    known_software,
    lookup_ended,
    lookup_lock,
    lookup_started,
    nodeinfo_paths,
    remember_software,
    software_settled,
    stream_lookup_timeout,
)
from ..core.urls import streaming_scheme, urlsplit, urlunsplit
from ..core.values import decode_json
from ..errors import MastodonAPIError, MastodonError, MastodonNetworkError
from .protocol import DISCOVERY_SOURCES, TRANSPORT_CACHE_KEY, advertised_streaming_url, redirect_streaming_url

__all__ = ["streaming_base_url", "discovery_plan", "Discovery", "Probe", "http_url", "ws_url", "CACHE_KEY", "TRANSPORT_CACHE_KEY"]

log = logging.getLogger("mastodon.streaming")

#: Key of the discovered base URL in the client's cache (emptied by ``clear_caches``).
CACHE_KEY = "streaming_base_url"

_TO_HTTP = {"wss": "https", "ws": "http", "https": "https", "http": "http"}
_TO_WS = {"https": "wss", "http": "ws", "wss": "wss", "ws": "ws"}


def http_url(url: str, api_base_url: str) -> str:
    """An advertised streaming URL as an http(s) base URL without trailing slash or API path.

    The scheme is :func:`~mastodon.core.urls.streaming_scheme`'s: TLS whenever the API is
    https (a ``ws://`` or ``http://`` URL is upgraded), plain http only for the API's own
    host or loopback development servers of a plain-http API.
    """
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    scheme = streaming_scheme(url, api_base_url)  # the token never goes in plain text where the API is https
    path = parts.path.rstrip("/")
    if path.endswith("/api/v1/streaming"):
        path = path[: -len("/api/v1/streaming")]
    return urlunsplit((scheme, parts.netloc, path, "", "")).rstrip("/")


def ws_url(base_url: str) -> str:
    """An http(s) base URL as the ws(s) one."""
    scheme, rest = base_url.split("://", 1)
    return _TO_WS.get(scheme.lower(), "wss") + "://" + rest


class Probe:
    """One request :func:`discovery_plan` asks for: ``GET endpoint`` of the API (``kind`` "instance",
    answered with the decoded entity, or the :class:`MastodonAPIError` it raised), or ``GET url``
    without following redirects (``kind`` "redirect", answered with ``(status, Location header)``)."""

    __slots__ = ("kind", "target")

    def __init__(self, kind: str, target: str) -> None:
        self.kind = kind
        self.target = target

    def __repr__(self) -> str:
        return f"<Probe {self.kind} {self.target}>"


def discovery_plan(api_base_url: str) -> Generator[Probe, Any, str]:
    """The discovery of a streaming base URL without I/O: yields the probes, is sent their answers, returns the URL.

    Tried in order: the instance entities' fields (:data:`~mastodon.streaming.protocol.DISCOVERY_SOURCES`),
    then where ``GET /api/v1/streaming`` on the API host redirects to; when none says anything,
    the API host itself. Both clients drive it (:func:`streaming_base_url` here, and the async one).
    """
    found = None
    for endpoint, path in DISCOVERY_SOURCES:
        instance = yield Probe("instance", endpoint)
        if isinstance(instance, MastodonAPIError):
            log.debug("streaming discovery: %s failed: %s", endpoint, instance)
            continue
        found = advertised_streaming_url(instance, path)
        if found:
            break
    if not found:
        status, location = yield Probe("redirect", api_base_url + "/api/v1/streaming")
        found = redirect_streaming_url(status, location)
    result = http_url(found, api_base_url) if found else api_base_url
    log.debug("streaming base URL of %s: %s", api_base_url, result)
    return result


class Discovery:
    """One client's discovery in progress: the cached URL at once, else :func:`discovery_plan` fed answer by answer.

    The shell answers :attr:`probe` with :meth:`answer` until it is None; then :attr:`result`
    is the base URL, also put in the client's cache.
    """

    __slots__ = ("_cache", "_plan", "probe", "result")

    def __init__(self, api: Any) -> None:
        self._cache: Dict[str, Any] = api._cache
        self.result: str = self._cache.get(CACHE_KEY) or ""
        self.probe: Optional[Probe] = None
        if not self.result:
            self._plan = discovery_plan(api.api_base_url)
            self.probe = next(self._plan)

    def answer(self, value: Any) -> None:
        """Hand over the answer to :attr:`probe` (see :class:`Probe`)."""
        try:
            self.probe = self._plan.send(value)
        except StopIteration as done:
            self.probe = None
            self.result = self._cache[CACHE_KEY] = done.value


def streaming_base_url(api: Any) -> str:
    """The http(s) base URL of ``api``'s streaming server, discovered once per client (see :func:`discovery_plan`).

    Network failures are raised (nothing is cached then); the result is kept in the client's
    cache until :meth:`Mastodon.clear_caches`.
    """
    discovery = Discovery(api)
    while discovery.probe is not None:
        probe = discovery.probe
        if probe.kind == "instance":
            try:
                discovery.answer(api._api_request("GET", probe.target))
            except MastodonAPIError as e:
                discovery.answer(e)
        else:
            discovery.answer(_redirect_answer(api, probe.target))
    return discovery.result


def _redirect_answer(api: Any, url: str) -> Tuple[int, Optional[str]]:
    """``GET url`` without following redirects: the status and the Location header."""
    response = api._http("GET", url, api._headers, allow_redirects=False)
    try:
        return response.status_code, response.headers.get("Location")
    finally:
        response.close()


# -- the sync client's check before a stream (the async client's is AsyncStreamingMixin._prepare_stream)
#: What :func:`_nodeinfo_within` returns when the server did not answer in time (not a server
#: without nodeinfo: the software is looked up again later, see ``may_be_stream_refusal``).
_NOT_IN_TIME = object()


def _nodeinfo_within(api: Any, timeout: Any) -> Any:
    """The nodeinfo document read through the sync client's ``_http`` within a total deadline
    (``_api_request`` has the client's own, possibly long, timeout); None where there is none,
    ``_NOT_IN_TIME`` where the server did not answer in time."""
    parts = urlsplit(api.api_base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    headers = api._headers_without_token()
    bound = stream_lookup_timeout(timeout)
    try:
        answer = api._http("GET", origin + "/.well-known/nodeinfo", headers, timeout=bound)
        for path in nodeinfo_paths(decode_json(answer.content) if answer.status_code == 200 else None):
            answer = api._http("GET", origin + path, headers, timeout=bound)
            if answer.status_code == 200:
                document = decode_json(answer.content)
                if isinstance(document, Mapping):
                    return document
    except MastodonNetworkError as e:
        log.debug("no nodeinfo in time before the stream: %s", e)
        return _NOT_IN_TIME
    except (MastodonError, ValueError) as e:
        log.debug("no nodeinfo before the stream: %s", e)
    return None


def prepare_stream(api: Any, transport_key: str, timeout: Any = None) -> None:
    """The sync client's check before a stream is opened: refuse it where the software has no
    streaming API, and go straight to the WebSocket API where that is the only one
    (``api._cache[transport_key]``). Where the software is not known yet, the nodeinfo document
    is read within the stream's ``timeout`` (at most 5 s, see :func:`~mastodon.core.servers.stream_lookup_timeout`)."""
    if software_settled(api):
        software = known_software(api)
    else:
        with lookup_lock(api):
            if software_settled(api):
                software = known_software(api)
            else:
                lookup_started(api)
                try:
                    found = _nodeinfo_within(api, timeout)
                    # Not learned in time: stream as on Mastodon, and look again if the stream fails.
                    software = None if found is _NOT_IN_TIME else remember_software(api, found)
                finally:
                    lookup_ended(api)
    apply_stream_transport(api, transport_key, software)
