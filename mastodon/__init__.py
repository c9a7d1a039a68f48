"""A Python client for the Mastodon API: ``from mastodon import Mastodon``."""

from __future__ import annotations

from typing import Any

from .client import Mastodon
from .core.pagination import PaginationInfo
from .core.values import AttribAccessDict, AttribAccessList, NonPaginatableList, PaginatableList
from .core.versions import ServerVersion, parse_version
from .errors import (
    MastodonAPIError,
    MastodonBadGatewayError,
    MastodonDeprecationWarning,
    MastodonError,
    MastodonFileNotFoundError,
    MastodonGatewayTimeoutError,
    MastodonIllegalArgumentError,
    MastodonInternalServerError,
    MastodonIOError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonReadTimeout,
    MastodonServerError,
    MastodonServiceUnavailableError,
    MastodonUnauthorizedError,
    MastodonVersionError,
    MastodonWarning,
)
from .streaming import _LAZY_NAMES as _STREAMING_NAMES
from .streaming import CallbackStreamListener, StreamListener


def __getattr__(name: str) -> Any:
    if name in _STREAMING_NAMES:  # the streaming transports, loaded on first use
        from . import streaming
        value = getattr(streaming, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Mastodon",
    "StreamListener",
    "CallbackStreamListener",
    "StreamHandle",
    "SSEStreamHandle",
    "WebSocketStreamHandle",
    "WebSocketSubscription",
    "WebSocketUnavailableError",
    "AttribAccessDict",
    "AttribAccessList",
    "PaginatableList",
    "NonPaginatableList",
    "PaginationInfo",
    "ServerVersion",
    "parse_version",
    "MastodonError",
    "MastodonVersionError",
    "MastodonIllegalArgumentError",
    "MastodonIOError",
    "MastodonFileNotFoundError",
    "MastodonNetworkError",
    "MastodonReadTimeout",
    "MastodonAPIError",
    "MastodonServerError",
    "MastodonInternalServerError",
    "MastodonBadGatewayError",
    "MastodonServiceUnavailableError",
    "MastodonGatewayTimeoutError",
    "MastodonNotFoundError",
    "MastodonUnauthorizedError",
    "MastodonRatelimitError",
    "MastodonMalformedEventError",
    "MastodonWarning",
    "MastodonDeprecationWarning",
]
