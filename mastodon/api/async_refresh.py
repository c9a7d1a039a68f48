"""Async refreshes: following server-side background work a result depends on."""

__all__ = ["AsyncRefreshMixin"]


class AsyncRefreshMixin:
    """Async refreshes endpoints."""
