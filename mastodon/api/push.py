"""Web Push subscriptions, and decrypting the pushes they deliver."""

__all__ = ["PushMixin"]


class PushMixin:
    """Web Push subscriptions, and decrypting the pushes they deliver. endpoints."""
