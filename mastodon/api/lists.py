"""Lists: the user's lists and their members."""

__all__ = ["ListsMixin"]


class ListsMixin:
    """Lists endpoints."""
