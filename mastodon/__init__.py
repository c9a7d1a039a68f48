"""A Python client for the Mastodon API: ``from mastodon import Mastodon``."""

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
from .streaming import (
    CallbackStreamListener,
    SSEStreamHandle,
    StreamHandle,
    StreamListener,
    WebSocketStreamHandle,
    WebSocketSubscription,
    WebSocketUnavailableError,
)

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
