"""Following redirects of requests that carry the access token, so the token never leaves the server.

``requests`` drops the ``Authorization`` header when a redirect leads to another host, but
only as long as the session's ``rebuild_auth``/``should_strip_auth`` are requests' own: a
session subclass may keep the header, and the session is the caller's (so is an aiohttp
session). So requests that carry a token are sent without the library's redirect handling,
and each redirect is decided here (:func:`next_hop`) and sent by the transport shell: the
header goes along only to the same origin (scheme, host and port; an upgrade from http to
https on the same host counts as the same), and once dropped it stays dropped. Methods
change as browsers and requests change them (303, and 301/302 after POST, become GET
without a body). Nothing here sends anything.

A request that carries a secret in its body (the OAuth token, revoke and introspect calls:
client secret, password, authorization code, refresh or access token;
:func:`carries_secret`) is guarded the same way even without the ``Authorization``
header, and stricter: it follows no redirect that leaves its origin (scheme, host and
port), whatever the status, so a 307/308 cannot make the client send the body elsewhere.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple, Optional

from .urls import origin, urljoin, urlsplit

__all__ = ["next_hop", "is_redirect", "may_keep_token", "replayable", "carries_secret", "Hop", "RedirectError",
           "MAX_REDIRECTS", "REDIRECT_STATUSES", "SECRET_BODY_FIELDS"]

#: Redirects followed for one request before giving up (requests' own limit is 30).
MAX_REDIRECTS = 10

#: The statuses that redirect (with a Location header), as requests counts them.
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))


#: Body fields whose request follows no redirect to another origin (see :func:`carries_secret`).
SECRET_BODY_FIELDS = frozenset(("client_secret", "password", "code", "code_verifier", "refresh_token",
                                "access_token", "token"))


def carries_secret(form: Any, json: Any) -> bool:
    """Whether a request body (form pairs or a dict, and/or a JSON dict) holds a field of
    :data:`SECRET_BODY_FIELDS` with a value."""
    for body in (form, json):
        if isinstance(body, dict):
            pairs: Any = body.items()
        elif isinstance(body, (list, tuple)):
            pairs = body
        else:
            continue
        for pair in pairs:
            if isinstance(pair, tuple) and len(pair) == 2 and pair[0] in SECRET_BODY_FIELDS and pair[1] not in (None, ""):
                return True
    return False


def _same_origin(old: str, new: str) -> bool:
    """Scheme, host and port all equal (no http -> https allowance)."""
    try:
        old_parts, new_parts = urlsplit(old), urlsplit(new)
        return old_parts.scheme.lower() == new_parts.scheme.lower() and origin(old_parts) == origin(new_parts)
    except ValueError:
        return False


class RedirectError(Exception):
    """A redirect that cannot be followed; each transport shell turns it into MastodonNetworkError."""


class Hop(NamedTuple):
    """The next request of a redirect chain: send ``method`` to ``url`` with ``headers``; without the
    body when ``keep_body`` is false."""

    method: str
    url: str
    headers: Mapping[str, str]
    keep_body: bool


def may_keep_token(old: str, new: str) -> bool:
    """Whether a redirect from ``old`` to ``new`` may keep the access token."""
    try:
        old_parts, new_parts = urlsplit(old), urlsplit(new)
        old_origin, new_origin = origin(old_parts), origin(new_parts)
    except ValueError:  # not a URL, or a port that is not one: matches nothing
        return False
    if not new_origin[0]:
        return False
    if old_parts.scheme == new_parts.scheme:
        return old_origin == new_origin
    # http -> https on the standard ports of the same host: the token is no more exposed there
    return (old_parts.scheme, new_parts.scheme) == ("http", "https") and old_origin == (new_origin[0], 80) \
        and new_origin[1] == 443


def replayable(data: Any) -> bool:
    """Whether a request body can be sent a second time (not a stream that was read)."""
    return data is None or isinstance(data, (bytes, str, list, tuple, dict))


def is_redirect(status: int, location: Optional[str]) -> bool:
    """Whether an answer redirects: a redirect status with a ``Location``."""
    return location is not None and status in REDIRECT_STATUSES


def next_hop(hops: int, status: int, url: str, location: str, method: str, headers: Mapping[str, str],
             has_body: bool, body_replayable: bool, secret_body: bool = False) -> Hop:
    """The request to send for redirect number ``hops`` (1, 2, ...): ``status`` with ``location``
    answered ``method`` to ``url``. ``secret_body``: the request carries a secret in its body
    (:func:`carries_secret`).

    :raises RedirectError: more than :data:`MAX_REDIRECTS` hops; a ``Location`` that is not a
        URL; a 307/308 asking to send again a body that cannot be (a streamed upload); a
        request with ``secret_body`` redirected to another origin.
    """
    if hops > MAX_REDIRECTS:
        raise RedirectError(f"more than {MAX_REDIRECTS} redirects")
    try:
        target = urljoin(url, location)
        urlsplit(target).port  # a port out of range is no address either
    except ValueError as e:
        raise RedirectError(f"redirect to an address that is not a URL: {location!r:.200}") from e
    if secret_body and not _same_origin(url, target):
        raise RedirectError(f"the server redirected a request carrying a secret ({status}) to another origin; "
                            f"not followed, nothing was sent to {target.split('?', 1)[0]:.200}")
    keep_body = True
    if (status in (302, 303) and method != "HEAD") or (status == 301 and method == "POST"):
        method, keep_body = "GET", False
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    elif status not in (301, 302, 303) and has_body and not body_replayable:
        raise RedirectError(
            f"the server redirected ({status}) an upload whose body cannot be sent twice; "
            f"send it to {target} directly")
    if "Authorization" in headers and not may_keep_token(url, target):
        headers = {k: v for k, v in headers.items() if k != "Authorization"}
    return Hop(method, target, headers, keep_body)
