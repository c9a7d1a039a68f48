"""Streaming for :class:`~mastodon.aio.AsyncMastodon` (``stream_*`` coroutines and ``stream_events``)."""

from __future__ import annotations

__all__ = ["AsyncStreamingMixin"]


class AsyncStreamingMixin:
    """The streaming methods of the async client, mixed into ``AsyncMastodon``."""
