"""Collections of featured accounts (Mastodon 4.6): curated lists of accounts a user recommends.

Servers that announce Mastodon API version 10 or newer (and servers whose API version is not
known) are sent to the ``/api/v1`` routes. Development builds of 4.6 that report an older API
version only had the transitional ``/api/v1_alpha`` routes, so those are used for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Mapping, Optional

from ..core.params import IdLike, path_id, unpack_id, unpack_ids
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import CollectionWithAccounts, Collections, WrappedCollection, WrappedCollectionItem
    from ..types_base import EmptyResponse

__all__ = ["CollectionsMixin"]

#: The first ``api_versions.mastodon`` with the ``/api/v1`` collection routes.
_V1_ROUTES_API_VERSION = 10


def _collection_fields(name: Optional[str], description: Optional[str], language: Optional[str],
                       tag_name: Optional[str], sensitive: Optional[bool],
                       discoverable: Optional[bool]) -> Mapping[str, Any]:
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise MastodonIllegalArgumentError(f"name must be a non-empty string; got {name!r}")
    return {"name": name, "description": description, "language": language, "tag_name": tag_name,
            "sensitive": sensitive, "discoverable": discoverable}


class CollectionsMixin:
    """Collections: create and curate them, see whose collections an account is in."""

    _api_request: Any
    _offset_page: Any
    mastodon_api_version: Optional[int]

    def _collections_call(self, method: str, path: str, alpha_path: str, params: Optional[Mapping[str, Any]] = None,
                          **options: Any) -> Any:
        """Send to ``path``, or to its ``/api/v1_alpha`` twin on servers that predate the v1 routes."""
        return self._api_request(method, self._collections_path(path, alpha_path), params, **options)

    def _collections_path(self, path: str, alpha_path: str) -> str:
        known = getattr(self, "mastodon_api_version", None)
        return alpha_path if known is not None and known < _V1_ROUTES_API_VERSION else path

    def _collections_page(self, path: str, alpha_path: str, limit: Optional[int], offset: Optional[int]) -> Any:
        """A page of a collections listing, with next/previous page info made from ``offset`` + ``limit``.

        The server's Link header for these listings names the account by its username where the
        route wants its id, so it is not followed; the neighbours are asked at the same path.
        """
        endpoint = self._collections_path(path, alpha_path)
        params = {"limit": limit, "offset": offset}
        return self._offset_page(endpoint, params, items_key="collections", rebuild=True)

    @api_version("4.6.0", "4.6.0", api=10)
    def collection_create(self, name: str, description: Optional[str] = None, language: Optional[str] = None,
                          tag_name: Optional[str] = None, sensitive: bool = False, discoverable: bool = False,
                          account_ids: Optional[List[IdLike]] = None) -> WrappedCollection:
        """Start a new collection owned by the logged-in user (``POST /api/v1/collections``).

        :param name: the collection's title (at most 40 characters).
        :param description: what the collection is about (at most 100 characters).
        :param language: the language of name and description (ISO 639 code).
        :param tag_name: one hashtag describing the collection.
        :param sensitive: mark the collection as sensitive.
        :param discoverable: show the collection on the profile and in search and discovery.
        :param account_ids: accounts (ids or entities) to feature from the start; each has to accept.
        :returns: WrappedCollection: a dict whose ``collection`` is the new Collection.
        """
        if name is None:
            raise MastodonIllegalArgumentError("name is required")
        params = {**_collection_fields(name, description, language, tag_name, sensitive, discoverable),
                  "account_ids": None if account_ids is None else unpack_ids(account_ids, name="account_ids")}
        return self._collections_call("POST", "/api/v1/collections", "/api/v1_alpha/collections", params,
                                      use_json=True)

    @api_version("4.6.0", "4.6.0", api=10)
    def collection(self, id: IdLike) -> CollectionWithAccounts:
        """One collection with the accounts in it (``GET /api/v1/collections/:id``).

        Owners also see items still waiting for the featured account's consent; everybody else
        sees accepted items only.

        :param id: the collection (id or entity).
        :returns: CollectionWithAccounts: ``collection`` and ``accounts`` (the owner and the featured accounts).
        """
        return self._collections_call("GET", f"/api/v1/collections/{path_id(id)}",
                                      f"/api/v1_alpha/collections/{path_id(id)}")

    @api_version("4.6.0", "4.6.0", api=10)
    def account_collections(self, id: IdLike, limit: Optional[int] = None,
                            offset: Optional[int] = None) -> Collections:
        """The collections an account made (``GET /api/v1/accounts/:account_id/collections``).

        Only discoverable ones, unless it is the logged-in user's own account.

        :param id: the account (id or entity).
        :param limit: how many to return (server default 40, at most 80).
        :param offset: skip this many first.
        :returns: Collections: a dict whose ``collections`` is a list of Collection.
        """
        return self._collections_page(f"/api/v1/accounts/{path_id(id)}/collections",
                                      f"/api/v1_alpha/accounts/{path_id(id)}/collections", limit, offset)

    @api_version("4.6.0", "4.6.0", api=10)
    def account_in_collections(self, id: IdLike, limit: Optional[int] = None,
                               offset: Optional[int] = None) -> Collections:
        """The collections an account is featured in (``GET /api/v1/accounts/:account_id/in_collections``).

        :param id: the account (id or entity).
        :param limit: how many to return (server default 40, at most 80).
        :param offset: skip this many first.
        :returns: Collections: a dict whose ``collections`` is a list of Collection.
        """
        return self._collections_page(f"/api/v1/accounts/{path_id(id)}/in_collections",
                                      f"/api/v1_alpha/accounts/{path_id(id)}/in_collections", limit, offset)

    @api_version("4.6.0", "4.6.0", api=10)
    def collection_update(self, id: IdLike, name: Optional[str] = None, description: Optional[str] = None,
                          language: Optional[str] = None, tag_name: Optional[str] = None,
                          sensitive: Optional[bool] = None, discoverable: Optional[bool] = None) -> WrappedCollection:
        """Change a collection's details (``PATCH /api/v1/collections/:id``); what is not given stays.

        Its accounts are managed with :meth:`collection_item_add` and :meth:`collection_item_delete`.

        :param id: the collection (id or entity).
        :param name: the collection's title (at most 40 characters).
        :param description: what the collection is about (at most 100 characters).
        :param language: the language of name and description (ISO 639 code).
        :param tag_name: one hashtag describing the collection.
        :param sensitive: mark the collection as sensitive.
        :param discoverable: show the collection on the profile and in search and discovery.
        :returns: WrappedCollection: a dict whose ``collection`` is the Collection as it is now.
        """
        params = _collection_fields(name, description, language, tag_name, sensitive, discoverable)
        return self._collections_call("PATCH", f"/api/v1/collections/{path_id(id)}",
                                      f"/api/v1_alpha/collections/{path_id(id)}", params, use_json=True)

    @api_version("4.6.0", "4.6.0", api=10)
    def collection_delete(self, id: IdLike) -> EmptyResponse:
        """Delete a collection of the logged-in user (``DELETE /api/v1/collections/:id``).

        :param id: the collection (id or entity).
        :returns: EmptyResponse (an empty dict), also when the server answers without a body.
        """
        return self._collections_call("DELETE", f"/api/v1/collections/{path_id(id)}",
                                      f"/api/v1_alpha/collections/{path_id(id)}")

    @api_version("4.6.0", "4.6.0", api=10)
    def collection_item_add(self, id: IdLike, account_id: IdLike) -> WrappedCollectionItem:
        """Feature an account in a collection (``POST /api/v1/collections/:collection_id/items``).

        The item stays ``pending`` until the featured account accepts (some accept automatically).

        :param id: the collection (id or entity).
        :param account_id: the account to add (id or entity).
        :returns: WrappedCollectionItem: a dict whose ``collection_item`` is the new CollectionItem.
        """
        params = {"account_id": unpack_id(account_id, name="account_id")}
        return self._collections_call("POST", f"/api/v1/collections/{path_id(id)}/items",
                                      f"/api/v1_alpha/collections/{path_id(id)}/items", params, use_json=True)

    @api_version("4.6.0", "4.6.0", api=10)
    def collection_item_delete(self, collection_id: IdLike, item_id: IdLike) -> EmptyResponse:
        """Take an account out of one of the logged-in user's collections
        (``DELETE /api/v1/collections/:collection_id/items/:id``).

        :param collection_id: the collection (id or entity).
        :param item_id: the item (id or CollectionItem), not the account.
        :returns: EmptyResponse (an empty dict), also when the server answers without a body.
        """
        cid, iid = path_id(collection_id, "collection_id"), path_id(item_id, "item_id")
        return self._collections_call("DELETE", f"/api/v1/collections/{cid}/items/{iid}",
                                      f"/api/v1_alpha/collections/{cid}/items/{iid}")

    @api_version("4.6.0", "4.6.0", api=10)
    def collection_item_revoke(self, collection_id: IdLike, item_id: IdLike) -> EmptyResponse:
        """Withdraw the logged-in user from somebody else's collection
        (``POST /api/v1/collections/:collection_id/items/:id/revoke``).

        :param collection_id: the collection (id or entity).
        :param item_id: the item featuring the logged-in user (id or CollectionItem).
        :returns: EmptyResponse (an empty dict), also when the server answers without a body.
        """
        cid, iid = path_id(collection_id, "collection_id"), path_id(item_id, "item_id")
        return self._collections_call("POST", f"/api/v1/collections/{cid}/items/{iid}/revoke",
                                      f"/api/v1_alpha/collections/{cid}/items/{iid}/revoke")
