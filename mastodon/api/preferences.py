"""User preferences and timeline read markers."""

__all__ = ["PreferencesMixin"]


class PreferencesMixin:
    """User preferences and timeline read markers. endpoints."""
