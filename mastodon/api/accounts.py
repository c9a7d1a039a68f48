"""Accounts: profiles, their statuses and relations, following, blocking, muting, profile editing."""

__all__ = ["AccountsMixin"]


class AccountsMixin:
    """Accounts endpoints."""
