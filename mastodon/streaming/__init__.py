"""Streaming: listeners, the stream_* methods and the handles of background streams."""

__all__ = ["StreamingMixin"]


class StreamingMixin:
    """The streaming endpoints."""
