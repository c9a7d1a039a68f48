"""Collections of featured accounts (Mastodon 4.6)."""

__all__ = ["CollectionsMixin"]


class CollectionsMixin:
    """Collections of featured accounts (Mastodon 4.6). endpoints."""
