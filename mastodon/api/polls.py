"""Polls: reading and voting, and building the poll parameter of a new status."""

__all__ = ["PollsMixin"]


class PollsMixin:
    """Polls endpoints."""
