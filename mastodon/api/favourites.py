"""Favourites and bookmarks of the logged-in user."""

__all__ = ["FavouritesMixin"]


class FavouritesMixin:
    """Favourites and bookmarks of the logged-in user. endpoints."""
