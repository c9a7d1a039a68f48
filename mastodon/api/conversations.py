"""Direct conversations."""

__all__ = ["ConversationsMixin"]


class ConversationsMixin:
    """Direct conversations. endpoints."""
