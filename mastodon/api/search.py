"""Search for accounts, statuses and hashtags."""

__all__ = ["SearchMixin"]


class SearchMixin:
    """Search for accounts, statuses and hashtags. endpoints."""
