"""Where the streaming API lives: the streaming base URL of a server, found once and cached."""

from __future__ import annotations

import logging
from typing import Any, Optional

from ..core.urls import is_loopback, urlsplit, urlunsplit
from ..errors import MastodonAPIError

__all__ = ["streaming_base_url", "http_url", "ws_url", "CACHE_KEY"]

log = logging.getLogger("mastodon.streaming")

#: The client cache key remembering that a server streams over WebSocket only.
TRANSPORT_CACHE_KEY = "streaming_transport"

#: Key of the discovered base URL in the client's cache (emptied by ``clear_caches``).
CACHE_KEY = "streaming_base_url"

_TO_HTTP = {"wss": "https", "ws": "http", "https": "https", "http": "http"}
_TO_WS = {"https": "wss", "http": "ws", "wss": "wss", "ws": "ws"}


def http_url(url: str, api_base_url: str) -> str:
    """An advertised streaming URL as an http(s) base URL without trailing slash or API path.

    ``wss`` becomes ``https`` and ``ws`` becomes ``http``. A server that advertises a secure
    scheme for the host it is reached on over plain http (its own address, or a loopback
    address: development servers do this) is spoken to over plain http, like the API.
    """
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    scheme = _TO_HTTP.get(parts.scheme.lower(), "https")
    api = urlsplit(api_base_url)
    if scheme == "https" and api.scheme == "http" and (
            parts.netloc.lower() == api.netloc.lower() or is_loopback(parts.hostname)):
        scheme = "http"
    path = parts.path.rstrip("/")
    if path.endswith("/api/v1/streaming"):
        path = path[: -len("/api/v1/streaming")]
    return urlunsplit((scheme, parts.netloc, path, "", "")).rstrip("/")


def ws_url(base_url: str) -> str:
    """An http(s) base URL as the ws(s) one."""
    scheme, rest = base_url.split("://", 1)
    return _TO_WS.get(scheme.lower(), "wss") + "://" + rest


def _advertised(instance: Any, *path: str) -> Optional[str]:
    value = instance
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, str) and value.strip() else None


def streaming_base_url(api: Any) -> str:
    """The http(s) base URL of ``api``'s streaming server, discovered once per client.

    Tried in order: ``configuration.urls.streaming`` of the v2 instance entity,
    ``urls.streaming_api`` of the v1 entity, then where ``GET /api/v1/streaming`` on the API
    host redirects to. When none says anything, the API host itself is used. Network
    failures are raised (nothing is cached then); the result is kept in the client's cache
    until :meth:`Mastodon.clear_caches`.
    """
    cached = api._cache.get(CACHE_KEY)
    if cached:
        return cached  # type: ignore[no-any-return]
    base = api.api_base_url
    found = None
    for endpoint, path in (("/api/v2/instance", ("configuration", "urls", "streaming")),
                           ("/api/v1/instance", ("urls", "streaming_api"))):
        try:
            instance = api._api_request("GET", endpoint)
        except MastodonAPIError as e:
            log.debug("streaming discovery: %s failed: %s", endpoint, e)
            continue
        found = _advertised(instance, *path)
        if found:
            break
    if not found:
        found = _redirect_target(api)
    result = http_url(found, base) if found else base
    log.debug("streaming base URL of %s: %s", base, result)
    api._cache[CACHE_KEY] = result
    return result


def _redirect_target(api: Any) -> Optional[str]:
    """Where ``/api/v1/streaming`` on the API host redirects to (a server with a separate streaming host)."""
    url = api.api_base_url + "/api/v1/streaming"
    response = api._http("GET", url, api._headers, allow_redirects=False)
    try:
        location = response.headers.get("Location") if 300 <= response.status_code < 400 else None
    finally:
        response.close()
    if not location:
        return None
    if location.startswith("/"):
        return None  # a redirect on the same host says nothing new
    return location.split("?", 1)[0]
