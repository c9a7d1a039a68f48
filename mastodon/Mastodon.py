"""Mastodon.py 2.x's module path: ``from mastodon.Mastodon import Mastodon, MastodonAPIError, Account``.

Re-exports the client, every exception, the base value types and every entity class (star
imports of modules with ``__all__`` and ``X as X``, which type checkers take as re-exports). The
package attribute ``mastodon.Mastodon`` stays the client class (``mastodon/__init__.py`` sees
to it), so ``from mastodon import Mastodon`` and this module both work. The entity classes are
imported on first use, as they are by the first typed result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from .client import Mastodon as Mastodon
from .errors import *  # noqa: F401,F403 - every exception (errors.__all__)
from .types_base import *  # noqa: F401,F403 - the base value types (types_base.__all__)

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
