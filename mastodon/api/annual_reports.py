"""Annual reports (Wrapstodon)."""

__all__ = ["AnnualReportsMixin"]


class AnnualReportsMixin:
    """Annual reports (Wrapstodon). endpoints."""
