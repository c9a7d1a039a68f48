"""The logged-in user's profile (Mastodon 4.6 profile API)."""

__all__ = ["ProfileMixin"]


class ProfileMixin:
    """The logged-in user's profile (Mastodon 4.6 profile API). endpoints."""
