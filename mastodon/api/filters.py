"""Filters: the v1 keyword filters and the v2 filters with keywords and statuses."""

__all__ = ["FiltersMixin"]


class FiltersMixin:
    """Filters endpoints."""
