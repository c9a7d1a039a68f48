"""Small facts about URLs and hosts that more than one part of the client needs."""

import ipaddress
from typing import Optional

__all__ = ["is_loopback"]


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
