"""URL tools for the whole package: the urllib.parse functions it uses, and facts about hosts.

Modules take ``quote``, ``urlsplit`` and friends from here: on Python 3.11 each
``from urllib.parse import ...`` statement costs a noticeable part of a millisecond at
import time (a deprecation hook in that module), and the package has many modules.
"""

from __future__ import annotations

import ipaddress
from typing import Optional
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["is_loopback", "parse_qsl", "quote", "urlencode", "urljoin", "urlsplit", "urlunsplit"]


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
