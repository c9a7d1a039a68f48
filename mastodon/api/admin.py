"""Moderation and administration endpoints (admin scopes required)."""

__all__ = ["AdminMixin"]


class AdminMixin:
    """Moderation and administration endpoints (admin scopes required). endpoints."""
