"""Hashtags: following tags, featured tags on the profile, tag information."""

__all__ = ["HashtagsMixin"]


class HashtagsMixin:
    """Hashtags endpoints."""
