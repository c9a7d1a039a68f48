"""URL tools for the whole package: the urllib.parse functions it uses, and facts about hosts.

Modules take ``quote``, ``urlsplit`` and friends from here: on Python 3.11 each
``from urllib.parse import ...`` statement costs a noticeable part of a millisecond at
import time (a deprecation hook in that module), and the package has many modules.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Optional, Tuple
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from ..errors import MastodonIllegalArgumentError

__all__ = ["is_loopback", "origin", "same_origin", "path_segment", "check_api_path", "check_page_method", "streaming_scheme", "parse_qsl", "quote", "urlencode", "urljoin", "urlsplit",
           "urlunsplit"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_loopback(host: Optional[str]) -> bool:
    """True for ``localhost`` (and ``*.localhost``) and loopback addresses (127.0.0.0/8, ::1)."""
    if not host:
        return False
    host = host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def origin(parts: Any) -> Tuple[str, Optional[int]]:
    """``(host in lower case, port)`` of a :func:`urlsplit` result; no port means the scheme's default.

    :raises ValueError: the port is not a number from 0 to 65535.
    """
    port = parts.port
    return (parts.hostname or "").lower(), port if port is not None else _DEFAULT_PORTS.get(parts.scheme)


def same_origin(url: str, base_url: str) -> bool:
    """True when ``url`` points to the same host and port as ``base_url`` (scheme aside)."""
    try:
        return origin(urlsplit(url)) == origin(urlsplit(base_url))
    except ValueError:
        return False


def path_segment(text: str, name: str = "id") -> str:
    """``text`` percent-encoded as exactly one URL path segment (``/``, ``?``, ``#``, ``%`` included).

    Every id, key or name an endpoint method puts into its path goes through here, so a
    hostile value such as ``"../admin"`` cannot reach another endpoint with the client's
    token: it arrives as the single segment ``..%2Fadmin``. The empty string, ``.`` and
    ``..`` (which servers read as "this" or "the parent" folder) are refused with
    :class:`~mastodon.errors.MastodonIllegalArgumentError`.
    """
    if not isinstance(text, str) or text in ("", ".", ".."):
        raise MastodonIllegalArgumentError(f"{name}: {text!r:.60} cannot be a path segment")
    return quote(text, safe="")


#: What an endpoint path taken from saved state may not hold: a way to another origin, another
#: folder, or something parsers disagree on.
_UNSAFE_PATH_CHARS = frozenset("\\@#") | frozenset(chr(c) for c in range(0x21)) | {"\x7f"}


def check_api_path(endpoint: object, what: str = "the endpoint") -> str:
    """``endpoint`` if it can only name a path on the client's own API origin, else
    :class:`~mastodon.errors.MastodonIllegalArgumentError`.

    The client sends ``api_base_url + endpoint``; an endpoint from saved or hand-built
    pagination state must therefore start with a single ``/`` (not ``//host``, not a scheme,
    not ``@host`` or ``.other-host``, which would change the host once joined), hold no
    backslash, user info (``@``), fragment, blank or control character, and no ``.`` or
    ``..`` segment (also not percent-encoded). A query after ``?`` is allowed.
    """
    if not isinstance(endpoint, str):
        raise MastodonIllegalArgumentError(f"{what} must be a path such as '/api/v1/timelines/home'; "
                                           f"got {type(endpoint).__name__}")
    path = endpoint.split("?", 1)[0]
    bad = None
    if not path.startswith("/") or path.startswith("//"):
        bad = "does not start with a single '/'"
    elif any(c in _UNSAFE_PATH_CHARS for c in endpoint):
        bad = "holds a backslash, '@', '#', a blank or a control character"
    elif any(unquote(segment) in (".", "..") for segment in path.split("/")):
        bad = "holds a '.' or '..' segment"
    if bad is not None:
        raise MastodonIllegalArgumentError(
            f"{what} {endpoint!r:.120} {bad}: saved pagination state may only lead to a path on the "
            "client's own server")
    return endpoint


def check_page_method(method: object) -> str:
    """The method of saved pagination state: ``GET`` (any case), else MastodonIllegalArgumentError.

    Pages are only ever fetched with GET; a tampered state must not turn ``fetch_next`` into a
    DELETE or POST on the client's own server.
    """
    if not isinstance(method, str) or method.upper() != "GET":
        raise MastodonIllegalArgumentError(
            f"the page's _pagination_method {method!r:.40} is not GET: saved pagination state only fetches pages")
    return "GET"


def streaming_scheme(advertised: str, api_base_url: str) -> str:
    """``"https"`` or ``"http"``: how to reach a streaming server the API advertised as ``advertised``.

    The access token goes along, so it may travel in plain text only where the API itself
    is spoken to in plain text: with an ``https`` API the streaming server is always
    reached over TLS (a ``ws://`` or ``http://`` URL is upgraded). With a plain ``http``
    API, plain text is used for the API's own host and, when the API is on a loopback
    address, for loopback streaming hosts (development servers); any other host is reached
    over TLS. An advertised URL without a scheme counts as ``https``.
    """
    parts = urlsplit(advertised if "://" in advertised else "https://" + advertised)
    api = urlsplit(api_base_url)
    if api.scheme.lower() != "http":
        return "https"
    same_host = parts.netloc.lower() == api.netloc.lower()
    if same_host or (is_loopback(api.hostname) and is_loopback(parts.hostname)):
        return "http"
    return "https"
