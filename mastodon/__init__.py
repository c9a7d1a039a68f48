"""A Python client for the Mastodon API: ``from mastodon import Mastodon``."""

from ._foreign import check_install as _check_install
_check_install()  # a folder that pip mixed with Mastodon.py's files says so here (see _foreign)

# typing is imported under a private name: every public name of this module is in __all__.
import typing as _typing

import importlib as _importlib

from ._version import __version__
from . import client as _client
from .core import casting as _casting, persist as _persist  # noqa: F401 - persist lends values to_json/from_json
from .client import Mastodon
from .types_base import (
    AttribAccessDict,
    AttribAccessList,
    EmptyResponse,
    Entity,
    EntityList,
    IdType,
    MaybeSnowflakeIdType,
    NonPaginatableList,
    PaginatableList,
    PaginationInfo,
)
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
    MastodonNotJSONError,
    MastodonNotSupportedError,
    MastodonRatelimitError,
    MastodonReadTimeout,
    MastodonServerError,
    MastodonServiceUnavailableError,
    MastodonUnauthorizedError,
    MastodonVersionError,
    MastodonWarning,
)

# ``mastodon.Mastodon`` is also a module, Mastodon.py 2.x's path for the client, the errors and the
# entity classes. Importing a submodule binds it as an attribute of its package: import it now and
# bind the class again, so the attribute stays the class whoever imports the module later.
_importlib.import_module(__name__ + ".Mastodon")
globals()["Mastodon"] = _client.Mastodon

from .streaming import CallbackStreamListener, StreamListener

if _typing.TYPE_CHECKING:
    from .aio import AsyncMastodon
    from .streaming.handles import SSEStreamHandle, StreamHandle
    from .streaming.websocket import WebSocketStreamHandle, WebSocketSubscription, WebSocketUnavailableError


def _hint_names() -> _typing.Dict[str, _typing.Any]:
    """The base value types and entity classes by name, for the core's annotation lookups (imported on first use)."""
    from . import return_types, types_base
    names = {name: getattr(types_base, name) for name in types_base.__all__}
    names.update((name, getattr(return_types, name)) for name in return_types.__all__)
    return names


_casting.set_hint_source(_hint_names)


def __getattr__(name: str) -> _typing.Any:
    # Names in __all__ but not imported above are the stream handle classes: their modules (threads,
    # reconnection, the WebSocket transport) are imported on first use, as most programs never stream.
    if name == "AsyncMastodon":  # aiohttp is imported only when the async client is asked for
        from .aio import AsyncMastodon
        globals()[name] = AsyncMastodon
        return AsyncMastodon
    if name in __all__:
        from . import streaming
        value = getattr(streaming, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> _typing.List[str]:
    return sorted(set(globals()) | set(__all__))



__all__ = [
    "Mastodon",
    "AsyncMastodon",
    "StreamListener",
    "CallbackStreamListener",
    "StreamHandle",
    "SSEStreamHandle",
    "WebSocketStreamHandle",
    "WebSocketSubscription",
    "WebSocketUnavailableError",
    "AttribAccessDict",
    "AttribAccessList",
    "Entity",
    "EntityList",
    "EmptyResponse",
    "MaybeSnowflakeIdType",
    "IdType",
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
    "MastodonNotSupportedError",
    "MastodonNotJSONError",
    "MastodonUnauthorizedError",
    "MastodonRatelimitError",
    "MastodonMalformedEventError",
    "MastodonWarning",
    "MastodonDeprecationWarning",
]
