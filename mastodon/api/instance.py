"""The instance: server information, rules, custom emoji, announcements, directory."""

__all__ = ["InstanceMixin"]


class InstanceMixin:
    """The instance endpoints."""
