"""Media attachments: uploading, updating and reading."""

__all__ = ["MediaMixin"]


class MediaMixin:
    """Media attachments endpoints."""
