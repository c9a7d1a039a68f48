"""Accounts: profiles, their statuses and relations, following, blocking, muting, profile editing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

from ..core.params import IdLike, PageBound, check_choice, only_if_true, page_params, path_id, unpack_ids
from ..core.uploads import FileSource, Upload, open_upload
from ..core.urls import urlsplit
from ..core.values import AttribAccessDict, NonPaginatableList, PaginatableList
from ..core.versions import api_version
from ..credentials import clean_secret, write_lines
from ..defaults import _DEFAULT_SCOPES
from ..errors import MastodonAPIError, MastodonIllegalArgumentError, MastodonNotFoundError

if TYPE_CHECKING:
    from ..return_types import (
        Account,
        AccountCreationError,
        FamiliarFollowers,
        FeaturedTag,
        IdentityProof,
        Relationship,
        Status,
        UserList,
    )

__all__ = ["AccountsMixin"]


#: A profile field to set: a ``(name, value)`` pair, or a mapping with ``name`` and ``value``.
ProfileField = Union[Tuple[str, str], Sequence[str], Mapping[str, str]]

_PRIVACY_CHOICES = ("public", "unlisted", "private")
_QUOTE_POLICY_CHOICES = ("public", "followers", "nobody")


def _profile_fields(fields: Optional[Sequence[ProfileField]]) -> Optional[List[Dict[str, str]]]:
    """Profile fields as the ``fields_attributes`` array: ``[{"name": ..., "value": ...}, ...]``.

    The server drops blank pairs, so an empty list is sent as one blank pair: that clears all
    fields (sending no pair at all would leave them as they are).
    """
    if fields is None:
        return None
    if isinstance(fields, (str, bytes, Mapping)):
        raise MastodonIllegalArgumentError("fields must be a list of (name, value) pairs")
    if not fields:
        return [{"name": "", "value": ""}]
    result = []
    for position, field in enumerate(fields):
        if isinstance(field, Mapping) and "name" in field and "value" in field:
            name, value = field["name"], field["value"]
        elif isinstance(field, (tuple, list)) and len(field) == 2:
            name, value = field
        else:
            raise MastodonIllegalArgumentError(
                f"fields[{position}] must be a (name, value) pair; got {field!r}")
        result.append({"name": str(name), "value": str(value)})
    return result


def _creation_error_details(error: MastodonAPIError) -> AccountCreationError:
    """The server's body of a failed registration: ``error`` and, per field, the ``details``."""
    from ..return_types import AccountCreationError  # the entity classes load on first use
    body = AccountCreationError(error.body) if isinstance(error.body, dict) else AccountCreationError(error=error.error)
    body.setdefault("details", AttribAccessDict())
    return body


def _birth_date(value: Union[str, date, None]) -> Optional[str]:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _acct_matches(account: Mapping[str, Any], wanted: str) -> bool:
    """Whether a search result is the account ``wanted`` names (``user@domain`` or a profile URL).

    Local accounts carry a bare username as ``acct``; their domain is taken from their URL.
    """
    if "://" in wanted:
        return wanted in (account.get("url"), account.get("uri"))
    acct = str(account.get("acct", ""))
    if acct.lower() == wanted.lower():
        return True
    if "@" not in acct and account.get("url"):
        host = urlsplit(str(account["url"])).hostname or ""
        return f"{acct}@{host}".lower() == wanted.lower()
    return False


class AccountsMixin:
    """Account endpoints: reading profiles and their relations, acting on accounts, editing your own."""

    _api_request: Any
    _offset_page: Any
    persistable_login_credentials: Any
    api_base_url: str
    client_id: Optional[str]
    client_secret: Optional[str]
    access_token: Optional[str]

    # -- registration and e-mail confirmation ------------------------------------------------------
    @overload
    def create_account(self, username: str, password: str, email: str, agreement: bool = False,
                       reason: Optional[str] = None, locale: str = "en",
                       scopes: Union[str, Sequence[str]] = _DEFAULT_SCOPES, to_file: Optional[str] = None,
                       return_detailed_error: Literal[False] = False,
                       date_of_birth: Union[str, date, None] = None) -> Optional[str]: ...

    @overload
    def create_account(self, username: str, password: str, email: str, agreement: bool = False,
                       reason: Optional[str] = None, locale: str = "en",
                       scopes: Union[str, Sequence[str]] = _DEFAULT_SCOPES, to_file: Optional[str] = None, *,
                       return_detailed_error: Literal[True],
                       date_of_birth: Union[str, date, None] = None) -> Tuple[Optional[str], AccountCreationError]: ...

    @overload
    def create_account(self, username: str, password: str, email: str, agreement: bool = False,
                       reason: Optional[str] = None, locale: str = "en",
                       scopes: Union[str, Sequence[str]] = _DEFAULT_SCOPES, to_file: Optional[str] = None,
                       return_detailed_error: bool = False, date_of_birth: Union[str, date, None] = None,
                       ) -> Union[Optional[str], Tuple[Optional[str], AccountCreationError]]: ...

    @api_version("2.7.0", "2.7.0")
    def create_account(self, username: str, password: str, email: str, agreement: bool = False,
                       reason: Optional[str] = None, locale: str = "en",
                       scopes: Union[str, Sequence[str]] = _DEFAULT_SCOPES, to_file: Optional[str] = None,
                       return_detailed_error: bool = False, date_of_birth: Union[str, date, None] = None,
                       ) -> Union[Optional[str], Tuple[Optional[str], AccountCreationError]]:
        """Sign up a new user on the server (``POST /api/v1/accounts``) and log in as them.

        Registration is done by the app, not by a user: with ``client_id`` and
        ``client_secret`` (see ``create_app``) this first obtains an app token with the client
        credentials grant (``POST /oauth/token``), then registers with that token; a client
        with only an access token registers with that token (an app token, as the server
        wants; the server judges it). On success
        the new user's token becomes this client's access token. Until the user confirms
        their e-mail address, most endpoints refuse the token.

        :param username: the wanted user name (the part before ``@``).
        :param password: the password to log in with.
        :param email: the e-mail address; the server sends a confirmation link there.
        :param agreement: True when the user accepted the server's rules and terms; the
            server refuses the registration otherwise.
        :param reason: why the user wants to join, for servers that approve sign-ups by hand.
        :param locale: language code of the confirmation e-mail.
        :param scopes: the scopes of the app token and of the new user's token.
        :param to_file: write the user's token, the base URL and the app credentials to this
            file (mode 0600); pass it as ``access_token`` to the constructor later.
        :param return_detailed_error: instead of raising on a rejected registration (HTTP
            422), return ``(None, details)``.
        :param date_of_birth: the user's birth date (``date`` or ``"YYYY-MM-DD"``), for
            servers with a minimum age (Mastodon 4.4+).
        :returns: the new user's access token; with ``return_detailed_error``, a pair of that
            token (or None) and an AccountCreationError: ``error`` (a summary) and ``details``
            (field name -> list of ``{"error": "ERR_TAKEN", "description": ...}``). On
            success the second item is an AccountCreationError whose fields are all None (as in
            Mastodon.py 2.x).
        """
        if self.client_id and self.client_secret:
            scope = " ".join([scopes] if isinstance(scopes, str) else list(scopes))
            app_token = self._api_request("POST", "/oauth/token", {
                "grant_type": "client_credentials", "client_id": self.client_id,
                "client_secret": self.client_secret, "scope": scope}, auth=False)
            if not isinstance(app_token, dict) or not app_token.get("access_token"):
                raise MastodonAPIError("the server's answer to the app token request has no access_token")
            app_access_token = clean_secret(app_token["access_token"], "the server's app token", MastodonAPIError)
        elif self.access_token:
            app_access_token = self.access_token
        else:
            raise MastodonIllegalArgumentError(
                "create_account needs the app's client_id and client_secret, or an app token as access_token")
        params = {"username": username, "password": password, "email": email, "agreement": bool(agreement),
                  "locale": locale, "reason": reason, "date_of_birth": _birth_date(date_of_birth)}
        try:
            token = self._api_request("POST", "/api/v1/accounts", params, auth=False,
                                      headers={"Authorization": f"Bearer {app_access_token}"})
        except MastodonAPIError as e:
            if return_detailed_error and e.status_code == 422:
                return None, _creation_error_details(e)
            raise
        if not isinstance(token, dict) or not token.get("access_token"):
            raise MastodonAPIError("the registration answer has no access_token")
        self.access_token = clean_secret(token["access_token"], "the server's access_token", MastodonAPIError)
        if to_file is not None:
            write_lines(to_file, self.persistable_login_credentials())
        if return_detailed_error:
            from ..return_types import AccountCreationError
            return self.access_token, AccountCreationError()
        return self.access_token

    @api_version("3.4.0", "3.4.0")
    def email_resend_confirmation(self, email: Optional[str] = None) -> None:
        """Send the confirmation e-mail of a new, unconfirmed user again (``POST /api/v1/emails/confirmations``).

        Works only with the token of the app that registered the user (:meth:`create_account`).

        :param email: first change the unconfirmed address to this one.
        :returns: None.
        """
        self._api_request("POST", "/api/v1/emails/confirmations", {"email": email})

    @api_version("4.2.0", "4.2.0")
    def email_check_confirmation(self) -> bool:
        """Whether the logged-in user has confirmed their e-mail address (``GET /api/v1/emails/check_confirmation``).

        :returns: True once the address is confirmed.
        """
        return bool(self._api_request("GET", "/api/v1/emails/check_confirmation"))

    @api_version("4.6.0", "4.6.0")
    def account_email_subscribe(self, id: IdLike, email: str) -> None:
        """Subscribe an e-mail address to a local account's posts (``POST /api/v1/accounts/:id/email_subscriptions``).

        Only servers that enable e-mail subscriptions, and accounts that allow them, accept
        this; others answer 404 (:class:`MastodonNotFoundError`). The server then mails the
        address a confirmation link.

        :param id: the local account (id or Account).
        :param email: the address that should receive the account's posts.
        :returns: None.
        """
        if not isinstance(email, str) or "@" not in email:
            raise MastodonIllegalArgumentError(f"email must be an e-mail address; got {email!r}")
        self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/email_subscriptions", {"email": email})

    # -- reading accounts --------------------------------------------------------------------------
    @api_version("1.0.0", "1.0.0")
    def account(self, id: IdLike) -> Account:
        """One account's profile (``GET /api/v1/accounts/:id``).

        :param id: the account (id or Account).
        :returns: Account (suspended accounts come back with ``suspended: True``).
        """
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}")

    @api_version("4.3.0", "4.3.0")
    def accounts(self, ids: Union[IdLike, Sequence[IdLike]]) -> NonPaginatableList[Account]:
        """Several accounts at once (``GET /api/v1/accounts?id[]=...``).

        :param ids: the accounts (ids or Account entities; one alone works too).
        :returns: :class:`NonPaginatableList` of Account; accounts that do not exist (or are
            not confirmed) are left out. No request is sent for an empty list.
        """
        wanted = unpack_ids(ids, name="ids")
        if not wanted:
            return NonPaginatableList()
        return self._api_request("GET", "/api/v1/accounts", {"id": wanted}, paginated=False)

    @api_version("1.0.0", "2.1.0")
    def account_verify_credentials(self) -> Account:
        """The logged-in user's own account (``GET /api/v1/accounts/verify_credentials``).

        Fails with :class:`MastodonUnauthorizedError` when the token is not valid.

        :returns: CredentialAccount: an Account with ``source`` (the plain-text note and
            fields, and the posting defaults).
        """
        return self._api_request("GET", "/api/v1/accounts/verify_credentials")

    @api_version("1.0.0", "2.1.0")
    def me(self) -> Account:
        """The logged-in user's own account; the same request as :meth:`account_verify_credentials`.

        :returns: CredentialAccount.
        """
        return self.account_verify_credentials()

    @api_version("1.0.0", "4.6.0")
    def account_statuses(self, id: IdLike, only_media: bool = False, pinned: bool = False,
                         exclude_replies: bool = False, exclude_reblogs: bool = False, tagged: Optional[str] = None,
                         max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                         limit: Optional[int] = None, exclude_direct: bool = False) -> PaginatableList[Status]:
        """Statuses posted (or boosted) by an account, newest first (``GET /api/v1/accounts/:id/statuses``).

        Without a token only public statuses are visible.

        :param id: the account (id or Account).
        :param only_media: only statuses with media attachments.
        :param pinned: only the statuses the account pinned to its profile.
        :param exclude_replies: leave out replies to other accounts.
        :param exclude_reblogs: leave out boosts.
        :param tagged: only statuses with this hashtag (a leading ``#`` is dropped).
        :param max_id: only statuses older than this id (or status, or datetime).
        :param min_id: the statuses immediately newer than this id.
        :param since_id: only statuses newer than this id (newest ones first).
        :param limit: how many statuses to return (server default 20, at most 40).
        :param exclude_direct: leave out direct messages (Mastodon 4.6+).
        :returns: :class:`PaginatableList` of Status.
        """
        if tagged is not None:
            if not isinstance(tagged, str) or not tagged.lstrip("#"):
                raise MastodonIllegalArgumentError(f"tagged must be a hashtag; got {tagged!r}")
            tagged = tagged.lstrip("#")
        params = {"only_media": only_if_true(only_media), "pinned": only_if_true(pinned),
                  "exclude_replies": only_if_true(exclude_replies), "exclude_reblogs": only_if_true(exclude_reblogs),
                  "exclude_direct": only_if_true(exclude_direct), "tagged": tagged, "max_id": max_id, "min_id": min_id,
                  "since_id": since_id, "limit": limit}
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/statuses", params)

    def _account_page(self, path: str, max_id: PageBound, min_id: PageBound, since_id: PageBound,
                      limit: Optional[int]) -> PaginatableList:
        return self._api_request("GET", path, page_params(max_id, min_id, since_id, limit))

    @api_version("1.0.0", "2.6.0")
    def account_following(self, id: IdLike, max_id: PageBound = None, min_id: PageBound = None,
                          since_id: PageBound = None, limit: Optional[int] = None) -> PaginatableList[Account]:
        """The accounts an account follows (``GET /api/v1/accounts/:id/following``).

        Empty when the account hides its network. Page on with ``fetch_next``: the bounds
        are follow ids, not account ids.

        :param id: the account (id or Account).
        :param max_id: upper bound, from a previous page.
        :param min_id: lower bound, paging forward, from a previous page.
        :param since_id: lower bound, from a previous page.
        :param limit: how many accounts to return (server default 40, at most 80).
        :returns: :class:`PaginatableList` of Account.
        """
        return self._account_page(f"/api/v1/accounts/{path_id(id)}/following", max_id, min_id, since_id, limit)

    @api_version("1.0.0", "2.6.0")
    def account_followers(self, id: IdLike, max_id: PageBound = None, min_id: PageBound = None,
                          since_id: PageBound = None, limit: Optional[int] = None) -> PaginatableList[Account]:
        """The accounts that follow an account (``GET /api/v1/accounts/:id/followers``).

        :param id: the account (id or Account).
        :param max_id: only accounts older than this id (an id, an entity or a datetime).
        :param min_id: the accounts immediately newer than this id (for walking forward page by page).
        :param since_id: only accounts newer than this id (the newest of them, when there are many).
        :param limit: at most this many accounts (the server's default and maximum apply).
        :returns: :class:`PaginatableList` of Account.
        """
        return self._account_page(f"/api/v1/accounts/{path_id(id)}/followers", max_id, min_id, since_id, limit)

    @api_version("4.4.0", "4.4.0")
    def account_endorsements(self, id: IdLike, max_id: PageBound = None, since_id: PageBound = None,
                             limit: Optional[int] = None) -> PaginatableList[Account]:
        """The accounts an account features on its profile (``GET /api/v1/accounts/:id/endorsements``).

        :param id: the account (id or Account).
        :param max_id: upper bound, from a previous page.
        :param since_id: lower bound, from a previous page.
        :param limit: how many accounts to return (server default 40, at most 80).
        :returns: :class:`PaginatableList` of Account.
        """
        return self._account_page(f"/api/v1/accounts/{path_id(id)}/endorsements", max_id, None, since_id, limit)

    @api_version("1.0.0", "1.4.0")
    def account_relationships(self, id: Union[IdLike, Sequence[IdLike]],
                              with_suspended: Optional[bool] = None) -> NonPaginatableList[Relationship]:
        """How the logged-in user relates to one or more accounts (``GET /api/v1/accounts/relationships``).

        :param id: an account, or a list of them (ids or Account entities).
        :param with_suspended: also answer for suspended accounts (Mastodon 4.3+; the server
            leaves them out by default).
        :returns: :class:`NonPaginatableList` of Relationship, one per account. No request is
            sent for an empty list.
        """
        wanted = unpack_ids(id, name="id")
        if not wanted:
            return NonPaginatableList()
        return self._api_request("GET", "/api/v1/accounts/relationships",
                                 {"id": wanted, "with_suspended": with_suspended}, paginated=False)

    @api_version("3.5.0", "3.5.0")
    def account_familiar_followers(self, id: Union[IdLike, Sequence[IdLike]]) -> NonPaginatableList[FamiliarFollowers]:
        """Accounts you follow that also follow the given accounts (``GET /api/v1/accounts/familiar_followers``).

        :param id: an account, or a list of them (ids or Account entities).
        :returns: :class:`NonPaginatableList` of FamiliarFollowers: per account asked about,
            its ``id`` and the ``accounts`` in common. No request is sent for an empty list.
        """
        wanted = unpack_ids(id, name="id")
        if not wanted:
            return NonPaginatableList()
        return self._api_request("GET", "/api/v1/accounts/familiar_followers", {"id": wanted}, paginated=False)

    @api_version("1.0.0", "2.8.0")
    def account_search(self, q: str, limit: Optional[int] = None, following: bool = False, resolve: bool = False,
                       offset: Optional[int] = None) -> PaginatableList[Account]:
        """Find accounts by user name, display name or address (``GET /api/v1/accounts/search``).

        :param q: what to look for; an exact ``user@domain`` address works best.
        :param limit: how many accounts to return (server default 40, at most 80).
        :param following: only accounts the logged-in user follows.
        :param resolve: look the address up with WebFinger if the server does not know it yet.
        :param offset: skip this many results (to page through them).
        :returns: :class:`PaginatableList` of Account.
        """
        if not isinstance(q, str):
            raise MastodonIllegalArgumentError(f"q must be the search text; got {q!r}")
        params = {"q": q, "limit": limit, "following": only_if_true(following), "resolve": only_if_true(resolve),
                  "offset": offset}
        return self._offset_page("/api/v1/accounts/search", params)

    @api_version("2.1.0", "2.1.0")
    def account_lists(self, id: IdLike) -> NonPaginatableList[UserList]:
        """The logged-in user's lists that contain an account (``GET /api/v1/accounts/:id/lists``).

        :param id: the account (id or Account).
        :returns: :class:`NonPaginatableList` of List.
        """
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/lists", paginated=False)

    @api_version("3.4.0", "3.4.0")
    def account_lookup(self, acct: str) -> Account:
        """Find an account by its address without a search (``GET /api/v1/accounts/lookup``).

        Only accounts the server already knows are found; use :meth:`account_search` with
        ``resolve=True`` to fetch unknown remote accounts.

        :param acct: ``username`` for a local account or ``username@domain`` (a leading
            ``@`` is dropped).
        :returns: Account; raises :class:`MastodonNotFoundError` when there is none.
        """
        if not isinstance(acct, str) or not acct.lstrip("@"):
            raise MastodonIllegalArgumentError(f"acct must be an account address; got {acct!r}")
        return self._api_request("GET", "/api/v1/accounts/lookup", {"acct": acct[1:] if acct[0] == "@" else acct})

    @api_version("3.3.0", "3.3.0")
    def account_featured_tags(self, id: IdLike) -> NonPaginatableList[FeaturedTag]:
        """The hashtags an account features on its profile (``GET /api/v1/accounts/:id/featured_tags``).

        :param id: the account (id or Account).
        :returns: :class:`NonPaginatableList` of FeaturedTag (name, url, statuses_count,
            last_status_at).
        """
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/featured_tags", paginated=False)

    @api_version("2.8.0", "3.5.0")
    def account_identity_proofs(self, id: IdLike) -> NonPaginatableList[IdentityProof]:
        """Identity proofs of an account (``GET /api/v1/accounts/:id/identity_proofs``).

        Deprecated: since Mastodon 3.5.0 the list is always empty. Kept for old servers.

        :param id: the account (id or Account).
        :returns: :class:`NonPaginatableList` of IdentityProof.
        """
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/identity_proofs", paginated=False)

    # -- acting on other accounts ------------------------------------------------------------------
    @api_version("1.0.0", "3.3.0")
    def account_follow(self, id: IdLike, reblogs: bool = True, notify: bool = False,
                       languages: Optional[Sequence[str]] = None) -> Relationship:
        """Follow an account, or change how you follow it (``POST /api/v1/accounts/:id/follow``).

        Following a locked account sends a follow request (``requested`` in the answer).
        Calling this again for an account you follow updates the options.

        :param id: the account (id or Account).
        :param reblogs: show the account's boosts in the home timeline.
        :param notify: get a notification whenever the account posts.
        :param languages: only receive the account's posts in these languages (ISO 639-1
            codes, Mastodon 4.0+); None receives all.
        :returns: Relationship.
        """
        if isinstance(languages, str):
            languages = [languages]
        params = {"reblogs": bool(reblogs), "notify": bool(notify), "languages": languages}
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/follow", params)

    @api_version("1.0.0", "2.1.0")
    def follows(self, uri: str) -> Relationship:
        """Follow an account by its address, local or remote (``user@domain``).

        The old ``POST /api/v1/follows`` endpoint is gone: this resolves the address with
        :meth:`account_search` (``resolve=True``, so the server fetches unknown remote
        accounts) and follows the account whose ``acct`` is exactly the one given, with
        :meth:`account_follow`.

        :param uri: the address, ``user@domain`` or ``@user@domain``; a profile URL also works.
        :returns: Relationship.
        :raises MastodonNotFoundError: no account has this address.
        """
        if not isinstance(uri, str) or not uri.strip().lstrip("@"):
            raise MastodonIllegalArgumentError(f"uri must be an account address such as user@domain; got {uri!r}")
        wanted = uri.strip()
        if wanted.startswith("@"):
            wanted = wanted[1:]
        found = self.account_search(wanted, resolve=True)
        for account in found if isinstance(found, list) else ():
            if isinstance(account, Mapping) and _acct_matches(account, wanted):
                return self.account_follow(account)
        raise MastodonNotFoundError(f"follows: no account found for {uri!r}")

    @api_version("1.0.0", "1.4.0")
    def account_unfollow(self, id: IdLike) -> Relationship:
        """Stop following an account, or withdraw a follow request (``POST /api/v1/accounts/:id/unfollow``).

        :param id: the account (id or Account).
        :returns: Relationship.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unfollow")

    @api_version("3.5.0", "3.5.0")
    def account_remove_from_followers(self, id: IdLike) -> Relationship:
        """Make an account stop following you (``POST /api/v1/accounts/:id/remove_from_followers``).

        :param id: the follower (id or Account).
        :returns: Relationship.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/remove_from_followers")

    @api_version("1.0.0", "1.4.0")
    def account_block(self, id: IdLike) -> Relationship:
        """Block an account (``POST /api/v1/accounts/:id/block``); this also unfollows in both directions.

        :param id: the account (id or Account).
        :returns: Relationship.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/block")

    @api_version("1.0.0", "1.4.0")
    def account_unblock(self, id: IdLike) -> Relationship:
        """Lift a block (``POST /api/v1/accounts/:id/unblock``).

        :param id: the account (id or Account).
        :returns: Relationship.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unblock")

    @api_version("1.1.0", "2.4.3")
    def account_mute(self, id: IdLike, notifications: bool = True,
                     duration: Optional[Union[int, float, timedelta]] = None) -> Relationship:
        """Hide an account's posts, and optionally its notifications (``POST /api/v1/accounts/:id/mute``).

        :param id: the account (id or Account).
        :param notifications: also hide notifications from the account.
        :param duration: end the mute after this many seconds (or a ``timedelta``);
            None or 0 mutes until :meth:`account_unmute`.
        :returns: Relationship.
        """
        if isinstance(duration, timedelta):
            duration = duration.total_seconds()
        if duration is not None:
            if isinstance(duration, bool) or not isinstance(duration, (int, float)) or duration < 0:
                raise MastodonIllegalArgumentError(f"duration must be a number of seconds >= 0; got {duration!r}")
            duration = int(duration)
        params = {"notifications": bool(notifications), "duration": duration}
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/mute", params)

    @api_version("1.1.0", "1.4.0")
    def account_unmute(self, id: IdLike) -> Relationship:
        """Lift a mute (``POST /api/v1/accounts/:id/unmute``).

        :param id: the account (id or Account).
        :returns: Relationship.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unmute")

    @api_version("2.5.0", "2.5.0")
    def account_pin(self, id: IdLike) -> Relationship:
        """Feature an account you follow on your profile (``POST /api/v1/accounts/:id/pin``).

        Deprecated since Mastodon 4.4.0 in favour of :meth:`account_endorse`.

        :param id: the account (id or Account).
        :returns: Relationship (``endorsed`` is now True).
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/pin")

    @api_version("2.5.0", "2.5.0")
    def account_unpin(self, id: IdLike) -> Relationship:
        """Stop featuring an account on your profile (``POST /api/v1/accounts/:id/unpin``).

        Deprecated since Mastodon 4.4.0 in favour of :meth:`account_unendorse`.

        :param id: the account (id or Account).
        :returns: Relationship.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unpin")

    @api_version("4.4.0", "4.4.0")
    def account_endorse(self, id: IdLike) -> Relationship:
        """Feature an account you follow on your profile (``POST /api/v1/accounts/:id/endorse``).

        :param id: the account (id or Account).
        :returns: Relationship (``endorsed`` is now True).
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/endorse")

    @api_version("4.4.0", "4.4.0")
    def account_unendorse(self, id: IdLike) -> Relationship:
        """Stop featuring an account on your profile (``POST /api/v1/accounts/:id/unendorse``).

        :param id: the account (id or Account).
        :returns: Relationship.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unendorse")

    @api_version("3.2.0", "3.2.0")
    def account_note_set(self, id: IdLike, comment: str) -> Relationship:
        """Set your private note about an account (``POST /api/v1/accounts/:id/note``).

        Only you can see the note.

        :param id: the account (id or Account).
        :param comment: the note's text; an empty string removes the note.
        :returns: Relationship (with the new ``note``).
        """
        if not isinstance(comment, str):
            raise MastodonIllegalArgumentError(f"comment must be a string; got {type(comment).__name__}")
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/note", {"comment": comment})

    # -- editing the own profile -------------------------------------------------------------------
    @api_version("1.1.1", "4.6.1")
    def account_update_credentials(self, display_name: Optional[str] = None, note: Optional[str] = None,
                                   avatar: Optional[FileSource] = None, avatar_mime_type: Optional[str] = None,
                                   header: Optional[FileSource] = None, header_mime_type: Optional[str] = None,
                                   locked: Optional[bool] = None, bot: Optional[bool] = None,
                                   discoverable: Optional[bool] = None,
                                   fields: Optional[Sequence[ProfileField]] = None,
                                   hide_collections: Optional[bool] = None, indexable: Optional[bool] = None,
                                   attribution_domains: Optional[Sequence[str]] = None,
                                   default_privacy: Optional[str] = None, default_sensitive: Optional[bool] = None,
                                   default_language: Optional[str] = None,
                                   default_quote_policy: Optional[str] = None,
                                   avatar_description: Optional[str] = None,
                                   header_description: Optional[str] = None) -> Account:
        """Change the logged-in user's profile and posting defaults (``PATCH /api/v1/accounts/update_credentials``).

        Only what is given (not None) changes. With an avatar or header the request is sent
        as ``multipart/form-data``, streaming the file.

        :param display_name: the name shown on the profile.
        :param note: the biography, as plain text.
        :param avatar: the new avatar: a path, ``pathlib`` path, bytes or a binary file object.
        :param avatar_mime_type: the avatar's MIME type; guessed from its content or name if not given.
        :param header: the new header image, as for ``avatar``.
        :param header_mime_type: the header's MIME type, as for ``avatar_mime_type``.
        :param locked: require approval of follow requests.
        :param bot: mark the account as automated.
        :param discoverable: list the account in the profile directory and suggestions.
        :param fields: the profile's metadata fields, replacing the current ones: a list of
            ``(name, value)`` pairs (mappings with ``name`` and ``value`` also work); the
            server allows 4 by default. An empty list removes all fields.
        :param hide_collections: hide whom the account follows and who follows it (4.1+).
        :param indexable: let anyone search the account's public posts (4.2+).
        :param attribution_domains: websites allowed to credit the account as author (4.4+, at most 10).
        :param default_privacy: default visibility of new posts: ``public``, ``unlisted`` or ``private``.
        :param default_sensitive: mark new posts' media as sensitive by default.
        :param default_language: default language of new posts (ISO 639-1 code).
        :param default_quote_policy: who may quote new posts by default: ``public``,
            ``followers`` or ``nobody`` (4.5+).
        :param avatar_description: alternative text for the avatar (4.6.1+).
        :param header_description: alternative text for the header image (4.6.1+).
        :returns: CredentialAccount, as changed.
        """
        check_choice("default_privacy", default_privacy, _PRIVACY_CHOICES)
        check_choice("default_quote_policy", default_quote_policy, _QUOTE_POLICY_CHOICES)
        if isinstance(attribution_domains, str):
            attribution_domains = [attribution_domains]
        source = {"privacy": default_privacy, "sensitive": default_sensitive, "language": default_language,
                  "quote_policy": default_quote_policy}
        params = {"display_name": display_name, "note": note, "locked": locked, "bot": bot,
                  "discoverable": discoverable, "hide_collections": hide_collections, "indexable": indexable,
                  "attribution_domains": attribution_domains, "fields_attributes": _profile_fields(fields),
                  "avatar_description": avatar_description, "header_description": header_description,
                  "source": source if any(v is not None for v in source.values()) else None}
        files: Dict[str, Upload] = {}
        try:
            if avatar is not None:
                files["avatar"] = open_upload(avatar, avatar_mime_type, None, "avatar")
            if header is not None:
                files["header"] = open_upload(header, header_mime_type, None, "header")
            return self._api_request("PATCH", "/api/v1/accounts/update_credentials", params, files or None)
        finally:
            for upload in files.values():
                upload.close()

    @api_version("4.2.0", "4.2.0")
    def account_delete_avatar(self) -> Account:
        """Remove the logged-in user's avatar (``DELETE /api/v1/profile/avatar``); the server's default shows instead.

        :returns: CredentialAccount, without the avatar.
        """
        return self._api_request("DELETE", "/api/v1/profile/avatar")

    @api_version("4.2.0", "4.2.0")
    def account_delete_header(self) -> Account:
        """Remove the logged-in user's header image (``DELETE /api/v1/profile/header``).

        :returns: CredentialAccount, without the header.
        """
        return self._api_request("DELETE", "/api/v1/profile/header")
