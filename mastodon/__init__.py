"""A Python client for the Mastodon API: ``from mastodon import Mastodon``."""

# typing is imported under a private name: every public name of this module is in __all__.
import typing as _typing

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

if _typing.TYPE_CHECKING:
    from .streaming import CallbackStreamListener, StreamListener
    from .streaming.handles import SSEStreamHandle, StreamHandle
    from .streaming.websocket import WebSocketStreamHandle, WebSocketSubscription, WebSocketUnavailableError

def __getattr__(name: str) -> _typing.Any:
    # Names in __all__ but not imported above are the streaming ones, imported on first use:
    # most programs never stream.
    if name in __all__:
        from . import streaming
        value = getattr(streaming, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> _typing.List[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "1.0.0"

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
