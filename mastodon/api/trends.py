"""Trends: trending tags, statuses and links."""

__all__ = ["TrendsMixin"]


class TrendsMixin:
    """Trends endpoints."""
