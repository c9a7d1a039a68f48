"""Reports filed by the logged-in user."""

__all__ = ["ReportsMixin"]


class ReportsMixin:
    """Reports filed by the logged-in user. endpoints."""
