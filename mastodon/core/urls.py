"""URL tools for the whole package: the urllib.parse functions it uses, and facts about hosts.

Modules take ``quote``, ``urlsplit`` and friends from here: on Python 3.11 each
``from urllib.parse import ...`` statement costs a noticeable part of a millisecond at
import time (a deprecation hook in that module), and the package has many modules.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Optional, Tuple
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["is_loopback", "origin", "same_origin", "parse_qsl", "quote", "urlencode", "urljoin", "urlsplit",
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
