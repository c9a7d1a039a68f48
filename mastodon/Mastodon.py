"""Mastodon.py 2.x's module path: ``from mastodon.Mastodon import Mastodon, MastodonAPIError, Account``.

Re-exports the client, every exception, the base value types and every entity class (as
``X as X`` imports, which type checkers take as explicit re-exports). The
package attribute ``mastodon.Mastodon`` stays the client class (``mastodon/__init__.py`` sees
to it), so ``from mastodon import Mastodon`` and this module both work. The entity classes are
imported on first use, as they are by the first typed result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from .client import Mastodon as Mastodon
from .core.pagination import PaginationInfo as PaginationInfo
from .core.values import (
    AttribAccessDict as AttribAccessDict,
    AttribAccessList as AttribAccessList,
    EmptyResponse as EmptyResponse,
    Entity as Entity,
    EntityList as EntityList,
    IdType as IdType,
    MaybeSnowflakeIdType as MaybeSnowflakeIdType,
    NonPaginatableList as NonPaginatableList,
    PaginatableList as PaginatableList,
)
from .errors import (
    MastodonAPIError as MastodonAPIError,
    MastodonBadGatewayError as MastodonBadGatewayError,
    MastodonDeprecationWarning as MastodonDeprecationWarning,
    MastodonError as MastodonError,
    MastodonFileNotFoundError as MastodonFileNotFoundError,
    MastodonGatewayTimeoutError as MastodonGatewayTimeoutError,
    MastodonIllegalArgumentError as MastodonIllegalArgumentError,
    MastodonInternalServerError as MastodonInternalServerError,
    MastodonIOError as MastodonIOError,
    MastodonMalformedEventError as MastodonMalformedEventError,
    MastodonNetworkError as MastodonNetworkError,
    MastodonNotFoundError as MastodonNotFoundError,
    MastodonRatelimitError as MastodonRatelimitError,
    MastodonReadTimeout as MastodonReadTimeout,
    MastodonServerError as MastodonServerError,
    MastodonServiceUnavailableError as MastodonServiceUnavailableError,
    MastodonUnauthorizedError as MastodonUnauthorizedError,
    MastodonVersionError as MastodonVersionError,
    MastodonWarning as MastodonWarning,
)

if TYPE_CHECKING:
    from .return_types import *  # noqa: F401,F403


def __getattr__(name: str) -> Any:
    from . import return_types
    if name == "__all__":  # for ``from mastodon.Mastodon import *``: every name, entities included
        return sorted(n for n in set(globals()) | set(return_types.__all__) if not n.startswith("_")
                      and n not in ("TYPE_CHECKING", "Any", "List", "annotations"))
    if name in return_types.__all__:
        value = getattr(return_types, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> List[str]:
    from . import return_types
    return sorted(set(globals()) | set(return_types.__all__))
