"""Relationship lists: mutes, blocks, follow requests, domain blocks, endorsements."""

__all__ = ["RelationshipsMixin"]


class RelationshipsMixin:
    """Relationship lists endpoints."""
