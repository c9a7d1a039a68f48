"""Notifications: plain and grouped, dismissing, policy and filtered requests."""

__all__ = ["NotificationsMixin"]


class NotificationsMixin:
    """Notifications endpoints."""
