"""The base value types of results (Mastodon.py 2.x's ``mastodon.types_base``).

:class:`AttribAccessDict` is the base of every entity class of :mod:`mastodon.return_types`;
:class:`PaginatableList` and :class:`NonPaginatableList` are the list results; :class:`Entity`
gives every result ``to_json()`` and ``Entity.from_json()``. They live in :mod:`mastodon.core`;
this module is where users import them from.
"""

from __future__ import annotations

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

__all__ = [
    "AttribAccessDict",
    "AttribAccessList",
    "EmptyResponse",
    "Entity",
    "EntityList",
    "IdType",
    "MaybeSnowflakeIdType",
    "NonPaginatableList",
    "PaginatableList",
    "PaginationInfo",
]
