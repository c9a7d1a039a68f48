"""Following redirects of requests that carry the access token, so the token never leaves the server.

``requests`` drops the ``Authorization`` header when a redirect leads to another host, but
only as long as the session's ``rebuild_auth``/``should_strip_auth`` are requests' own: a
session subclass may keep the header, and the session is the caller's. So requests that
carry a token are sent with ``allow_redirects=False`` and their redirects followed here:
the header goes along only to the same origin (scheme, host and port; an upgrade from
http to https on the same host counts as the same), and once dropped it stays dropped.
Methods change as browsers and requests change them (303, and 301/302 after POST, become
GET without a body).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import requests

from .urls import origin, urljoin, urlsplit

__all__ = ["follow_redirects", "may_keep_token", "MAX_REDIRECTS"]

#: Redirects followed for one request before giving up (requests' own limit is 30).
MAX_REDIRECTS = 10

Send = Callable[[str, str, Mapping[str, str], Any, Any], requests.Response]


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


def _replayable(data: Any) -> bool:
    return data is None or isinstance(data, (bytes, str, list, tuple, dict))


def follow_redirects(send: Send, response: requests.Response, method: str,
                     headers: Mapping[str, str], data: Any, json: Any) -> requests.Response:
    """Follow ``response``'s redirects with ``send(method, url, headers, data, json)``.

    :raises requests.TooManyRedirects: more than :data:`MAX_REDIRECTS` hops.
    :raises requests.ConnectionError: a 307/308 asks to send again a streamed upload body.
    :raises requests.InvalidURL: a ``Location`` that is not a URL.
    """
    hops = 0
    while response.is_redirect:
        hops += 1
        if hops > MAX_REDIRECTS:
            response.close()
            raise requests.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects", response=response)
        url = response.url
        location = response.headers["Location"]
        try:
            target = urljoin(url, location)
            urlsplit(target).port  # a port out of range is no address either
        except ValueError as e:
            response.close()
            raise requests.exceptions.InvalidURL(f"redirect to an address that is not a URL: {location!r:.200}") from e
        status = response.status_code
        response.close()
        if (status in (302, 303) and method != "HEAD") or (status == 301 and method == "POST"):
            method, data, json = "GET", None, None
            headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        elif status not in (301, 302, 303) and (data is not None or json is not None) and not _replayable(data):
            raise requests.ConnectionError(
                f"the server redirected ({status}) an upload whose body cannot be sent twice; "
                f"send it to {target} directly")
        if "Authorization" in headers and not may_keep_token(url, target):
            headers = {k: v for k, v in headers.items() if k != "Authorization"}
        response = send(method, target, headers, data, json)
    return response
