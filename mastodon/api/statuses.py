"""Statuses: reading, posting, editing, interacting with and scheduling statuses."""

__all__ = ["StatusesMixin"]


class StatusesMixin:
    """Statuses endpoints."""
