"""Statuses: reading, posting, editing, interacting with and scheduling statuses."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Union, cast, overload

from ..core.params import IdLike, PageBound, check_choice, page_params, path_id, unpack_id, unpack_ids
from ..core.uploads import FileSource
from ..core.values import AttribAccessDict, NonPaginatableList, PaginatableList
from ..core.versions import api_version
from ..errors import MastodonAPIError, MastodonIllegalArgumentError
from .media import FocusLike, focus_param, opened_uploads

if TYPE_CHECKING:
    from ..return_types import (
        Account,
        Context,
        PreviewCard,
        ScheduledStatus,
        Status,
        StatusEdit,
        StatusSource,
        Translation,
    )

__all__ = ["StatusesMixin", "VISIBILITIES", "QUOTE_APPROVAL_POLICIES"]

#: The visibilities every Mastodon server understands.
VISIBILITIES = ("public", "unlisted", "private", "direct")
#: Those and the extra ones of Pleroma-family servers and Fedibird: only a type is checked
#: (see check_choice), so other values (Pleroma's "list:ID", ...) are sent all the same.
_KNOWN_VISIBILITIES = VISIBILITIES + ("local", "mutual", "limited", "personal")
#: Who may quote a status (Mastodon 4.5).
QUOTE_APPROVAL_POLICIES = ("public", "followers", "nobody")
#: Visibilities a boost may have.
_REBLOG_VISIBILITIES = ("public", "unlisted", "private")

#: Mastodon 4.5 (API version 7) added quote posts; 4.4 (API version 4) added delete_media.
_QUOTES = ("4.5.0", 7)
_DELETE_MEDIA = ("4.4.0", 4)

MediaIds = Optional[Union[IdLike, Sequence[IdLike]]]


def _check_moment(when: Any) -> None:
    """scheduled_at must be a datetime (or ISO 8601 text), checked before sending."""
    if when is not None and not isinstance(when, (datetime, str)):
        raise MastodonIllegalArgumentError(f"scheduled_at must be a datetime; got {type(when).__name__}")


def _mentioned(text: str, acct: str) -> bool:
    """Whether ``@acct`` already stands in ``text`` as a whole mention."""
    return re.search(r"(?<![\w@])@" + re.escape(acct) + r"(?![\w@])", text, re.IGNORECASE) is not None


class StatusesMixin:
    """Status endpoints: read, post, edit, delete, boost, favourite, bookmark, pin, mute, quote, schedule."""

    _api_request: Any
    _check_parameter_version: Any
    _version_if_known: Any
    feature_set: str
    account_verify_credentials: Any

    # -- shared helpers ----------------------------------------------------------------------------
    def _status_params(self, status: Optional[str], media_ids: MediaIds, sensitive: Optional[bool],
                       spoiler_text: Optional[str], language: Optional[str], poll: Optional[Mapping[str, Any]],
                       quote_approval_policy: Optional[str], **extra: Any) -> Dict[str, Any]:
        """The form of a new or edited status, checked; ``extra`` are the fields only posting has."""
        if status is not None and not isinstance(status, str):
            raise MastodonIllegalArgumentError(f"status must be text; got {type(status).__name__}")
        if poll is not None:
            if not isinstance(poll, Mapping) or "options" not in poll or "expires_in" not in poll:
                raise MastodonIllegalArgumentError("poll must be a dict with options and expires_in (see make_poll)")
        check_choice("quote_approval_policy", quote_approval_policy, QUOTE_APPROVAL_POLICIES)
        if quote_approval_policy is not None:
            self._check_parameter_version("quote_approval_policy", *_QUOTES)
        return {
            "status": status,
            "media_ids": unpack_ids(media_ids, name="media_ids") if media_ids is not None else None,
            "sensitive": sensitive,
            "spoiler_text": spoiler_text,
            "language": language,
            "poll": poll,
            "quote_approval_policy": quote_approval_policy,
            **extra,
        }

    def _new_status_params(self, status: Optional[str], in_reply_to_id: Optional[IdLike], media_ids: MediaIds,
                           sensitive: bool, visibility: Optional[str], spoiler_text: Optional[str],
                           language: Optional[str], content_type: Optional[str], scheduled_at: Optional[datetime],
                           poll: Optional[Mapping[str, Any]], quote_id: Optional[IdLike], strict_content_type: bool,
                           quoted_status_id: Optional[IdLike],
                           quote_approval_policy: Optional[str]) -> Dict[str, Any]:
        """The checked form of POST /api/v1/statuses, shared by status_post and status_reply."""
        check_choice("visibility", visibility, _KNOWN_VISIBILITIES)
        if content_type is not None and self.feature_set != "pleroma" and strict_content_type:
            raise MastodonIllegalArgumentError(
                f"content_type is a Pleroma-family parameter; this client's feature_set is {self.feature_set!r} "
                "(pass strict_content_type=False to send it anyway)")
        if quote_id is not None and self.feature_set != "fedibird":
            raise MastodonIllegalArgumentError(
                "quote_id needs feature_set='fedibird'; Mastodon 4.5+ quotes with quoted_status_id")
        if quoted_status_id is not None:
            self._check_parameter_version("quoted_status_id", *_QUOTES)
        _check_moment(scheduled_at)
        return self._status_params(
            status, media_ids, True if sensitive else None, spoiler_text, language, poll, quote_approval_policy,
            in_reply_to_id=in_reply_to_id, visibility=visibility, scheduled_at=scheduled_at,
            content_type=content_type, quote_id=quote_id, quoted_status_id=quoted_status_id)

    def _send_new_status(self, params: Dict[str, Any], idempotency_key: Optional[str]) -> Any:
        # A status without text or media is the server's to refuse (HTTP 422, a MastodonAPIError).
        headers = {"Idempotency-Key": str(idempotency_key)} if idempotency_key is not None else None
        return self._api_request("POST", "/api/v1/statuses", params, headers=headers)

    # -- reading -----------------------------------------------------------------------------------
    @api_version("1.0.0", "2.0.0")
    def status(self, id: IdLike) -> Status:
        """Read one status (``GET /api/v1/statuses/:id``).

        :param id: the status (id or Status).
        :returns: the Status.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}")

    @api_version("4.3.0", "4.3.0")
    def statuses(self, ids: Sequence[IdLike]) -> NonPaginatableList[Status]:
        """Read several statuses in one request (``GET /api/v1/statuses?id[]=...``).

        :param ids: the statuses (ids or Status entities).
        :returns: :class:`NonPaginatableList` of Status; statuses that do not exist or that
            you may not see are left out, so the list can be shorter than ``ids``.
        """
        wanted = unpack_ids(ids, name="ids")
        if not wanted:
            raise MastodonIllegalArgumentError("ids: give at least one status")
        return self._api_request("GET", "/api/v1/statuses", {"id": wanted}, paginated=False)

    @api_version("1.0.0", "3.0.0")
    def status_card(self, id: IdLike) -> Optional[PreviewCard]:
        """The link preview card of a status.

        Since Mastodon 3.0 the card is part of the status itself: on those servers (and on
        servers whose version is unknown) this reads the status and returns its ``card``.
        Only servers known to be older are asked with the removed
        ``GET /api/v1/statuses/:id/card``.

        :param id: the status (id or Status).
        :returns: the PreviewCard, or None when the status has no card.
        """
        known = self._version_if_known()
        if known is not None and known < (3, 0, 0):
            return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/card")
        status = self.status(id)
        return status.get("card") if isinstance(status, Mapping) else None  # (None: the server's answer is junk)

    @api_version("1.0.0", "1.0.0")
    def status_context(self, id: IdLike) -> Context:
        """The thread around a status (``GET /api/v1/statuses/:id/context``).

        :param id: the status (id or Status).
        :returns: Context: ``ancestors`` (the statuses it replies to, oldest first) and
            ``descendants`` (the replies to it), both lists of Status.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/context")

    @api_version("1.0.0", "2.1.0")
    def status_reblogged_by(self, id: IdLike) -> NonPaginatableList[Account]:
        """Who boosted a status (``GET /api/v1/statuses/:id/reblogged_by``).

        :param id: the status (id or Status).
        :returns: :class:`NonPaginatableList` of Account (the first page; ``fetch_next`` gets more).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/reblogged_by", paginated=False)

    @api_version("1.0.0", "2.1.0")
    def status_favourited_by(self, id: IdLike) -> NonPaginatableList[Account]:
        """Who favourited a status (``GET /api/v1/statuses/:id/favourited_by``).

        :param id: the status (id or Status).
        :returns: :class:`NonPaginatableList` of Account (the first page; ``fetch_next`` gets more).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/favourited_by", paginated=False)

    @api_version("3.5.0", "3.5.0")
    def status_history(self, id: IdLike) -> NonPaginatableList[StatusEdit]:
        """Every version of an edited status, the original included (``GET /api/v1/statuses/:id/history``).

        :param id: the status (id or Status).
        :returns: :class:`NonPaginatableList` of StatusEdit, oldest first.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/history", paginated=False)

    @api_version("3.5.0", "3.5.0")
    def status_source(self, id: IdLike) -> StatusSource:
        """The plain text of one of your statuses, for editing it (``GET /api/v1/statuses/:id/source``).

        :param id: the status (id or Status).
        :returns: StatusSource: ``id``, ``text`` and ``spoiler_text`` as written.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/source")

    @api_version("4.0.0", "4.0.0")
    def status_translate(self, id: IdLike, lang: Optional[str] = None) -> Translation:
        """Have the server translate a public or unlisted status (``POST /api/v1/statuses/:id/translate``).

        :param id: the status (id or Status).
        :param lang: the ISO 639 code of the language wanted; default: the user's locale.
        :returns: the Translation.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/translate", {"lang": lang})

    @api_version("4.5.0", "4.5.0", 7)
    def status_quotes(self, id: IdLike, max_id: PageBound = None, since_id: PageBound = None,
                      limit: Optional[int] = None) -> PaginatableList[Status]:
        """Statuses that quote a status (``GET /api/v1/statuses/:id/quotes``).

        :param id: the quoted status (id or Status).
        :param max_id: return only quotes older than this id.
        :param since_id: return only quotes newer than this id.
        :param limit: how many to return (server default 20, at most 40).
        :returns: :class:`PaginatableList` of Status.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/quotes",
                                 {"max_id": max_id, "since_id": since_id, "limit": limit})

    @api_version("1.0.0", "1.0.0")
    def status_oembed(self, url: str, maxwidth: Optional[int] = None,
                      maxheight: Optional[int] = None) -> AttribAccessDict:
        """oEmbed data for embedding a status in a web page (``GET /api/oembed``).

        :param url: the status's URL.
        :param maxwidth: width of the embedding iframe in pixels (server default 400).
        :param maxheight: height of the iframe in pixels.
        :returns: an oEmbed "rich" document: ``html`` (the iframe), ``author_name``,
            ``provider_url``, ``width``, ``height`` and so on.
        """
        if not isinstance(url, str) or not url:
            raise MastodonIllegalArgumentError(f"url must be a status URL; got {url!r}")
        return self._api_request("GET", "/api/oembed", {"url": url, "maxwidth": maxwidth, "maxheight": maxheight})

    # -- writing -----------------------------------------------------------------------------------
    # Typing only: without scheduled_at the result is a Status, with it a ScheduledStatus.
    @overload
    def status_post(self, status: str, in_reply_to_id: Optional[IdLike] = None, media_ids: MediaIds = None,
                    sensitive: bool = False, visibility: Optional[str] = None, spoiler_text: Optional[str] = None,
                    language: Optional[str] = None, idempotency_key: Optional[str] = None,
                    content_type: Optional[str] = None, scheduled_at: None = None,
                    poll: Optional[Mapping[str, Any]] = None, quote_id: Optional[IdLike] = None,
                    strict_content_type: bool = False, quoted_status_id: Optional[IdLike] = None,
                    quote_approval_policy: Optional[str] = None) -> Status: ...

    @overload
    def status_post(self, status: str, in_reply_to_id: Optional[IdLike] = None, media_ids: MediaIds = None,
                    sensitive: bool = False, visibility: Optional[str] = None, spoiler_text: Optional[str] = None,
                    language: Optional[str] = None, idempotency_key: Optional[str] = None,
                    content_type: Optional[str] = None, *, scheduled_at: datetime,
                    poll: Optional[Mapping[str, Any]] = None, quote_id: Optional[IdLike] = None,
                    strict_content_type: bool = False, quoted_status_id: Optional[IdLike] = None,
                    quote_approval_policy: Optional[str] = None) -> ScheduledStatus: ...

    @overload
    def status_post(self, status: str, in_reply_to_id: Optional[IdLike] = None, media_ids: MediaIds = None,
                    sensitive: bool = False, visibility: Optional[str] = None, spoiler_text: Optional[str] = None,
                    language: Optional[str] = None, idempotency_key: Optional[str] = None,
                    content_type: Optional[str] = None, scheduled_at: Optional[datetime] = None,
                    poll: Optional[Mapping[str, Any]] = None, quote_id: Optional[IdLike] = None,
                    strict_content_type: bool = False, quoted_status_id: Optional[IdLike] = None,
                    quote_approval_policy: Optional[str] = None) -> Union[Status, ScheduledStatus]: ...

    @api_version("1.0.0", "4.6.0")
    def status_post(self, status: str, in_reply_to_id: Optional[IdLike] = None, media_ids: MediaIds = None,
                    sensitive: bool = False, visibility: Optional[str] = None, spoiler_text: Optional[str] = None,
                    language: Optional[str] = None, idempotency_key: Optional[str] = None,
                    content_type: Optional[str] = None, scheduled_at: Optional[datetime] = None,
                    poll: Optional[Mapping[str, Any]] = None, quote_id: Optional[IdLike] = None,
                    strict_content_type: bool = False, quoted_status_id: Optional[IdLike] = None,
                    quote_approval_policy: Optional[str] = None) -> Union[Status, ScheduledStatus]:
        """Post a status (``POST /api/v1/statuses``).

        Arguments of the wrong type raise :class:`MastodonIllegalArgumentError` before
        anything is sent; values the server may or may not take (an unknown ``visibility``,
        a status with neither text nor media, ...) are sent, and its refusal raises
        :class:`MastodonAPIError`.

        :param status: the text (may be empty when media are attached).
        :param in_reply_to_id: the status this one answers (id or Status); see also
            :meth:`status_reply`, which also mentions the people in the thread.
        :param media_ids: attachments uploaded with :meth:`media_post` (ids or
            MediaAttachments; one or a list). Cannot be combined with ``poll``.
        :param sensitive: mark the media as sensitive (hidden until clicked).
        :param visibility: ``"public"``, ``"unlisted"`` (public but not in public timelines),
            ``"private"`` (followers and mentioned people) or ``"direct"`` (mentioned people
            only); default: the account's preference. Pleroma-family servers
            (``feature_set="pleroma"``) also take ``"local"`` and ``"list:LIST_ID"``,
            Fedibird (``feature_set="fedibird"``) ``"mutual"``, ``"limited"`` and ``"personal"``.
        :param spoiler_text: a content warning shown instead of the text until opened.
        :param language: the ISO 639 code of the text's language.
        :param idempotency_key: any string identifying this post: sending it again with the
            same key (within about an hour) does not post twice. Sent as the
            ``Idempotency-Key`` header.
        :param content_type: the markup of ``status``, e.g. ``"text/markdown"``, for servers
            that support it (Pleroma, Akkoma, GoToSocial). Mastodon ignores it.
        :param scheduled_at: post later, at this ``datetime`` (at least 5 minutes ahead);
            a ScheduledStatus is returned instead of a Status.
        :param poll: a poll to attach, as built by :meth:`make_poll`.
        :param quote_id: the status quoted, for Fedibird's quote posts (``feature_set="fedibird"``
            only; raises otherwise).
        :param strict_content_type: refuse ``content_type`` unless the client's
            ``feature_set`` is ``"pleroma"`` (raise instead of sending a field the server may
            ignore).
        :param quoted_status_id: the status quoted (Mastodon 4.5+; id or Status).
        :param quote_approval_policy: who may quote this status: ``"public"``,
            ``"followers"`` or ``"nobody"`` (Mastodon 4.5+; default: the account's setting).
        :returns: the new Status, or a ScheduledStatus when ``scheduled_at`` is given.
        """
        params = self._new_status_params(status, in_reply_to_id, media_ids, sensitive, visibility, spoiler_text,
                                         language, content_type, scheduled_at, poll, quote_id, strict_content_type,
                                         quoted_status_id, quote_approval_policy)
        return self._send_new_status(params, idempotency_key)

    @api_version("1.0.0", "2.8.0")
    def toot(self, status: str) -> Status:
        """Post a status with just text and the account's default settings: ``status_post(status)``.

        :param status: the text.
        :returns: the new Status.
        """
        # Without scheduled_at the server answers with the Status itself.
        return cast("Status", self.status_post(status))

    # Typing only: without scheduled_at the result is a Status, with it a ScheduledStatus.
    @overload
    def status_reply(self, to_status: Union[Mapping[str, Any], IdLike], status: str, media_ids: MediaIds = None,
                     sensitive: bool = False, visibility: Optional[str] = None, spoiler_text: Optional[str] = None,
                     language: Optional[str] = None, idempotency_key: Optional[str] = None,
                     content_type: Optional[str] = None, scheduled_at: None = None,
                     poll: Optional[Mapping[str, Any]] = None, quote_id: Optional[IdLike] = None,
                     untag: bool = False, strict_content_type: bool = False,
                     quoted_status_id: Optional[IdLike] = None,
                     quote_approval_policy: Optional[str] = None) -> Status: ...

    @overload
    def status_reply(self, to_status: Union[Mapping[str, Any], IdLike], status: str, media_ids: MediaIds = None,
                     sensitive: bool = False, visibility: Optional[str] = None, spoiler_text: Optional[str] = None,
                     language: Optional[str] = None, idempotency_key: Optional[str] = None,
                     content_type: Optional[str] = None, *, scheduled_at: datetime,
                     poll: Optional[Mapping[str, Any]] = None, quote_id: Optional[IdLike] = None,
                     untag: bool = False, strict_content_type: bool = False,
                     quoted_status_id: Optional[IdLike] = None,
                     quote_approval_policy: Optional[str] = None) -> ScheduledStatus: ...

    @overload
    def status_reply(self, to_status: Union[Mapping[str, Any], IdLike], status: str, media_ids: MediaIds = None,
                     sensitive: bool = False, visibility: Optional[str] = None, spoiler_text: Optional[str] = None,
                     language: Optional[str] = None, idempotency_key: Optional[str] = None,
                     content_type: Optional[str] = None, scheduled_at: Optional[datetime] = None,
                     poll: Optional[Mapping[str, Any]] = None, quote_id: Optional[IdLike] = None,
                     untag: bool = False, strict_content_type: bool = False,
                     quoted_status_id: Optional[IdLike] = None,
                     quote_approval_policy: Optional[str] = None) -> Union[Status, ScheduledStatus]: ...

    @api_version("1.0.0", "4.5.0")
    def status_reply(self, to_status: Union[Mapping[str, Any], IdLike], status: str, media_ids: MediaIds = None,
                     sensitive: bool = False, visibility: Optional[str] = None, spoiler_text: Optional[str] = None,
                     language: Optional[str] = None, idempotency_key: Optional[str] = None,
                     content_type: Optional[str] = None, scheduled_at: Optional[datetime] = None,
                     poll: Optional[Mapping[str, Any]] = None, quote_id: Optional[IdLike] = None,
                     untag: bool = False, strict_content_type: bool = False,
                     quoted_status_id: Optional[IdLike] = None,
                     quote_approval_policy: Optional[str] = None) -> Union[Status, ScheduledStatus]:
        """Reply to a status, mentioning the people in the conversation (``POST /api/v1/statuses``).

        The text is prefixed with ``@acct`` for the author of ``to_status`` and for everyone
        it mentions, leaving out yourself (the logged-in account, looked up once per access
        token with :meth:`account_verify_credentials` and remembered until :meth:`clear_caches`) and
        accounts already mentioned in ``status``. When ``to_status`` is a boost, the boosted
        status is answered. The reply keeps the content warning and the visibility of
        ``to_status`` unless they are given.

        :param to_status: the status answered: a Status, or its id (it is then fetched).
        :param status: the text of the reply, without the mentions.
        :param media_ids: attachments uploaded with :meth:`media_post` (ids or
            MediaAttachments; one or a list). Cannot be combined with ``poll``.
        :param sensitive: mark the media as sensitive (hidden until clicked).
        :param visibility: as for :meth:`status_post`; default: the visibility of ``to_status``.
        :param spoiler_text: a content warning shown instead of the text until opened; default:
            the content warning of ``to_status`` (pass ``""`` for none).
        :param language: the ISO 639 code of the text's language.
        :param idempotency_key: any string identifying this post: sending it again with the
            same key (within about an hour) does not post twice. Sent as the
            ``Idempotency-Key`` header.
        :param content_type: the markup of ``status``, e.g. ``"text/markdown"``, for servers
            that support it (Pleroma, Akkoma, GoToSocial). Mastodon ignores it.
        :param scheduled_at: post later, at this ``datetime`` (at least 5 minutes ahead);
            a ScheduledStatus is returned instead of a Status.
        :param poll: a poll to attach, as built by :meth:`make_poll`.
        :param quote_id: the status quoted, for Fedibird's quote posts (``feature_set="fedibird"``
            only; raises otherwise).
        :param untag: mention only the author of ``to_status``, not the others it mentions.
        :param strict_content_type: refuse ``content_type`` unless the client's
            ``feature_set`` is ``"pleroma"`` (raise instead of sending a field the server may
            ignore).
        :param quoted_status_id: the status quoted (Mastodon 4.5+; id or Status).
        :param quote_approval_policy: who may quote this status: ``"public"``,
            ``"followers"`` or ``"nobody"`` (Mastodon 4.5+; default: the account's setting).
        :returns: the new Status (ScheduledStatus with ``scheduled_at``).
        """
        params = self._new_status_params(status, None, media_ids, sensitive, visibility, spoiler_text, language,
                                         content_type, scheduled_at, poll, quote_id, strict_content_type,
                                         quoted_status_id, quote_approval_policy)
        original: Mapping[str, Any] = (to_status if isinstance(to_status, Mapping) and to_status.get("account") is not None
                                       else self.status(to_status))
        if not isinstance(original, Mapping):
            raise MastodonAPIError(f"status_reply: the server's answer for the status replied to is no status: "
                                   f"{type(original).__name__}")
        if isinstance(original.get("reblog"), Mapping):
            original = original["reblog"]
        my_id = self._status_reply_my_id()
        mentions = original.get("mentions")
        accounts = [original.get("account")] + ([] if untag or not isinstance(mentions, list) else mentions)
        prefix: List[str] = []
        for account in accounts:
            if not isinstance(account, Mapping):
                continue
            acct = account.get("acct")
            if not acct or not isinstance(acct, str) or str(account.get("id")) == my_id or acct in prefix:
                continue
            if not _mentioned(status or "", acct):
                prefix.append(acct)
        params["status"] = " ".join(["@" + acct for acct in prefix] + ([status] if status else []))
        params["in_reply_to_id"] = unpack_id(original, name="to_status")
        if visibility is None:
            # Taken over from the server's own status, so sent as it is.
            params["visibility"] = original.get("visibility")
        if spoiler_text is None and original.get("spoiler_text"):
            # A thread under a content warning stays under it unless the caller says otherwise.
            params["spoiler_text"] = original["spoiler_text"]
        return self._send_new_status(params, idempotency_key)

    def _status_reply_my_id(self) -> str:
        """The id of the logged-in account, asked once per access token and kept in the client's cache.

        Kept with the token it was asked with, so that whatever changes the token (``log_in``,
        ``create_account``, assigning ``access_token``) makes the next reply ask again.
        """
        cache: Dict[str, Any] = self._cache  # type: ignore[attr-defined]
        token = self.access_token  # type: ignore[attr-defined]
        known = cache.get("me")
        if known is None or known[0] != token:
            me = self.account_verify_credentials()
            known = cache["me"] = (token, str(me.get("id") if isinstance(me, Mapping) else None))
        return known[1]  # type: ignore[no-any-return]

    @api_version("3.5.0", "3.5.0")
    def generate_media_edit_attributes(self, id: IdLike, description: Optional[str] = None,
                                       focus: Optional[FocusLike] = None, thumbnail: Optional[FileSource] = None,
                                       thumb_mimetype: Optional[str] = None) -> Dict[str, Any]:
        """Describe a change to one attachment of a posted status, for ``status_update(media_attributes=[...])``.

        Sends nothing.

        :param id: the attachment (id or MediaAttachment).
        :param description: its new alt text.
        :param focus: its new focal point, ``(x, y)`` between -1.0 and 1.0.
        :param thumbnail: a new preview image (path, bytes or binary file object), uploaded
            with the edit.
        :param thumb_mimetype: the thumbnail's MIME type, guessed when not given.
        :returns: a dict with ``id`` and the attributes given.
        """
        attributes: Dict[str, Any] = {"id": unpack_id(id), "description": description, "focus": focus_param(focus),
                                      "thumbnail": thumbnail, "thumb_mimetype": thumb_mimetype}
        return {k: v for k, v in attributes.items() if v is not None}

    @api_version("3.5.0", "4.1.0")
    def status_update(self, id: IdLike, status: str, spoiler_text: Optional[str] = None,
                      sensitive: Optional[bool] = None, media_ids: MediaIds = None,
                      poll: Optional[Mapping[str, Any]] = None,
                      media_attributes: Optional[Sequence[Mapping[str, Any]]] = None,
                      quote_approval_policy: Optional[str] = None, language: Optional[str] = None) -> Status:
        """Edit one of your statuses (``PUT /api/v1/statuses/:id``).

        The edit replaces the text, content warning, media and poll (changing a poll's
        options resets its votes); the previous versions stay readable with
        :meth:`status_history`. :meth:`status_source` gives the current plain text.

        :param id: the status (id or Status).
        :param status: the new text.
        :param spoiler_text: the new content warning.
        :param sensitive: mark the media as sensitive, or not.
        :param media_ids: the attachments the status should have (ids or MediaAttachments).
        :param poll: a new poll, from :meth:`make_poll`.
        :param media_attributes: changes to attachments, each from
            :meth:`generate_media_edit_attributes` (alt text, focus, thumbnail).
        :param quote_approval_policy: who may quote it: ``"public"``, ``"followers"`` or
            ``"nobody"`` (Mastodon 4.5+).
        :param language: the ISO 639 code of the new text's language (Mastodon 4.0+).
        :returns: the edited Status.
        """
        params = self._status_params(status, media_ids, sensitive, spoiler_text, language, poll,
                                     quote_approval_policy)
        attributes: List[Dict[str, Any]] = []
        thumbnails: Dict[str, Any] = {}
        for i, given in enumerate(media_attributes or ()):
            if not isinstance(given, Mapping) or "id" not in given:
                raise MastodonIllegalArgumentError(
                    "media_attributes must be dicts with an id (see generate_media_edit_attributes)")
            entry = dict(given)
            entry["id"] = unpack_id(entry["id"], name="media_attributes id")
            thumbnail, mime = entry.pop("thumbnail", None), entry.pop("thumb_mimetype", None)
            if thumbnail is not None:
                thumbnails[f"media_attributes[{i}][thumbnail]"] = (thumbnail, mime, None)
            if entry.get("focus") is not None and not isinstance(entry["focus"], str):
                entry["focus"] = focus_param(entry["focus"])
            attributes.append(entry)
        params["media_attributes"] = attributes or None
        with opened_uploads(**thumbnails) as files:
            # Attribute changes go as JSON where no file is sent: Mastodon reads both forms, but
            # servers such as GoToSocial ignore media_attributes[0][...] fields in a form.
            return self._api_request("PUT", f"/api/v1/statuses/{path_id(id)}", params, files=files or None,
                                     use_json=bool(attributes) and not files)

    @api_version("4.5.0", "4.5.0", 7)
    def status_update_quote_approval_policy(self, id: IdLike, quote_approval_policy: str) -> Status:
        """Change who may quote one of your statuses (``PUT /api/v1/statuses/:id/interaction_policy``).

        Quotes already made are not affected.

        :param id: the status (id or Status).
        :param quote_approval_policy: ``"public"``, ``"followers"`` or ``"nobody"``.
        :returns: the updated Status.
        """
        check_choice("quote_approval_policy", quote_approval_policy, QUOTE_APPROVAL_POLICIES, allow_none=False)
        return self._api_request("PUT", f"/api/v1/statuses/{path_id(id)}/interaction_policy",
                                 {"quote_approval_policy": quote_approval_policy})

    @api_version("1.0.0", "1.0.0")
    def status_delete(self, id: IdLike, delete_media: Optional[bool] = None) -> Status:
        """Delete one of your statuses (``DELETE /api/v1/statuses/:id``).

        :param id: the status (id or Status).
        :param delete_media: delete its attachments at once too (Mastodon 4.4+); by default
            they stay about a day, so a "delete and redraft" can reuse them.
        :returns: the deleted Status, with its source ``text`` (and ``poll`` or
            ``media_attachments``) for redrafting.
        """
        if delete_media is not None:
            self._check_parameter_version("delete_media", *_DELETE_MEDIA)
        return self._api_request("DELETE", f"/api/v1/statuses/{path_id(id)}", {"delete_media": delete_media})

    # -- interactions ------------------------------------------------------------------------------
    @api_version("1.0.0", "2.0.0")
    def status_reblog(self, id: IdLike, visibility: Optional[str] = None) -> Status:
        """Boost a status (``POST /api/v1/statuses/:id/reblog``).

        :param id: the status (id or Status).
        :param visibility: who sees the boost: ``"public"``, ``"unlisted"`` or ``"private"``.
        :returns: a new Status, the boost; the boosted status is in its ``reblog``.
        """
        check_choice("visibility", visibility, _REBLOG_VISIBILITIES)
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/reblog", {"visibility": visibility})

    @api_version("1.0.0", "2.0.0")
    def status_unreblog(self, id: IdLike) -> Status:
        """Undo a boost (``POST /api/v1/statuses/:id/unreblog``).

        :param id: the boosted status (id or Status).
        :returns: the Status, no longer boosted.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unreblog")

    @api_version("1.0.0", "2.0.0")
    def status_favourite(self, id: IdLike) -> Status:
        """Favourite a status (``POST /api/v1/statuses/:id/favourite``).

        :param id: the status (id or Status).
        :returns: the Status, now favourited.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/favourite")

    @api_version("1.0.0", "2.0.0")
    def status_unfavourite(self, id: IdLike) -> Status:
        """Take back a favourite (``POST /api/v1/statuses/:id/unfavourite``).

        :param id: the status (id or Status).
        :returns: the Status, no longer favourited.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unfavourite")

    @api_version("1.4.0", "2.0.0")
    def status_mute(self, id: IdLike) -> Status:
        """Stop notifications from the conversation a status belongs to (``POST /api/v1/statuses/:id/mute``).

        :param id: a status of the conversation, which you take part in (id or Status).
        :returns: the Status, with ``muted`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/mute")

    @api_version("1.4.0", "2.0.0")
    def status_unmute(self, id: IdLike) -> Status:
        """Get notifications from a muted conversation again (``POST /api/v1/statuses/:id/unmute``).

        :param id: a status of the conversation (id or Status).
        :returns: the Status, with ``muted`` false.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unmute")

    @api_version("2.1.0", "2.1.0")
    def status_pin(self, id: IdLike) -> Status:
        """Feature one of your statuses on your profile (``POST /api/v1/statuses/:id/pin``).

        :param id: the status, your own and not a boost (id or Status).
        :returns: the Status, with ``pinned`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/pin")

    @api_version("2.1.0", "2.1.0")
    def status_unpin(self, id: IdLike) -> Status:
        """Stop featuring a status on your profile (``POST /api/v1/statuses/:id/unpin``).

        :param id: the status (id or Status).
        :returns: the Status, with ``pinned`` false.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unpin")

    @api_version("3.1.0", "3.1.0")
    def status_bookmark(self, id: IdLike) -> Status:
        """Bookmark a status, privately (``POST /api/v1/statuses/:id/bookmark``).

        :param id: the status (id or Status).
        :returns: the Status, with ``bookmarked`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/bookmark")

    @api_version("3.1.0", "3.1.0")
    def status_unbookmark(self, id: IdLike) -> Status:
        """Remove a status from your bookmarks (``POST /api/v1/statuses/:id/unbookmark``).

        :param id: the status (id or Status).
        :returns: the Status, with ``bookmarked`` false.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unbookmark")

    @api_version("4.5.0", "4.5.0", 7)
    def status_quote_revoke(self, id: IdLike, quoting_status_id: IdLike) -> Status:
        """Withdraw your permission for a status to quote yours
        (``POST /api/v1/statuses/:id/quotes/:quoting_status_id/revoke``).

        :param id: your status that is quoted (id or Status).
        :param quoting_status_id: the status quoting it (id or Status).
        :returns: the quoting Status, its quote now revoked.
        """
        return self._api_request(
            "POST", f"/api/v1/statuses/{path_id(id)}/quotes/{path_id(quoting_status_id, 'quoting_status_id')}/revoke")

    # -- scheduled statuses ------------------------------------------------------------------------
    @api_version("2.7.0", "2.7.0")
    def scheduled_statuses(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                           limit: Optional[int] = None) -> PaginatableList[ScheduledStatus]:
        """Your statuses waiting to be posted (``GET /api/v1/scheduled_statuses``).

        :param max_id: return only those with ids below this one.
        :param min_id: return those immediately above this id.
        :param since_id: return only those with ids above this one.
        :param limit: how many to return (server default 20, at most 40).
        :returns: :class:`PaginatableList` of ScheduledStatus.
        """
        return self._api_request("GET", "/api/v1/scheduled_statuses",
                                 page_params(max_id, min_id, since_id, limit))

    @api_version("2.7.0", "2.7.0")
    def scheduled_status(self, id: IdLike) -> ScheduledStatus:
        """Read one scheduled status (``GET /api/v1/scheduled_statuses/:id``).

        :param id: the scheduled status (id or ScheduledStatus).
        :returns: the ScheduledStatus.
        """
        return self._api_request("GET", f"/api/v1/scheduled_statuses/{path_id(id)}")

    @api_version("2.7.0", "2.7.0")
    def scheduled_status_update(self, id: IdLike, scheduled_at: datetime) -> ScheduledStatus:
        """Move a scheduled status to another time (``PUT /api/v1/scheduled_statuses/:id``).

        :param id: the scheduled status (id or ScheduledStatus).
        :param scheduled_at: when to post it, at least 5 minutes ahead (a ``datetime``;
            naive ones are taken as UTC).
        :returns: the updated ScheduledStatus.
        """
        if scheduled_at is None:
            raise MastodonIllegalArgumentError("scheduled_at: give the new time as a datetime")
        _check_moment(scheduled_at)
        return self._api_request("PUT", f"/api/v1/scheduled_statuses/{path_id(id)}", {"scheduled_at": scheduled_at})

    @api_version("2.7.0", "2.7.0")
    def scheduled_status_delete(self, id: IdLike) -> None:
        """Cancel a scheduled status (``DELETE /api/v1/scheduled_statuses/:id``).

        :param id: the scheduled status (id or ScheduledStatus).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/scheduled_statuses/{path_id(id)}")
