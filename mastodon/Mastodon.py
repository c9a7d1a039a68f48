"""Mastodon.py 2.x's module path: ``from mastodon.Mastodon import Mastodon, MastodonAPIError, Account``.

Re-exports the client, every exception, the base value types and every entity class. The
package attribute ``mastodon.Mastodon`` stays the client class (``mastodon/__init__.py`` sees
to it), so ``from mastodon import Mastodon`` and this module both work. The entity classes are
imported on first use, as they are by the first typed result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from .client import Mastodon
from .core.pagination import PaginationInfo
from .core.values import (
    AttribAccessDict,
    AttribAccessList,
    EmptyResponse,
    Entity,
    EntityList,
    IdType,
    MaybeSnowflakeIdType,
    NonPaginatableList,
    PaginatableList,
)
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

if TYPE_CHECKING:
    from .return_types import *  # noqa: F401,F403


def __getattr__(name: str) -> Any:
    from . import return_types
    if name in return_types.__all__:
        value = getattr(return_types, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> List[str]:
    from . import return_types
    return sorted(set(globals()) | set(return_types.__all__))
