"""Follow suggestions."""

__all__ = ["SuggestionsMixin"]


class SuggestionsMixin:
    """Follow suggestions. endpoints."""
