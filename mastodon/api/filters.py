"""Filters: server-side keyword filters (v2), the older phrase filters (v1), and applying v1 filters locally."""

from __future__ import annotations

import functools
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, List, Mapping, Optional, Pattern, Sequence, Union, overload

from ..core.pagination import attach_pagination
from ..core.params import Duration, IdLike, check_choice, check_choices, duration_seconds, path_id
from ..core.values import NonPaginatableList, PaginatableList, parse_datetime
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import Filter, FilterKeyword, FilterStatus, FilterV2, Notification, Status

__all__ = ["FiltersMixin", "FILTER_CONTEXTS", "FILTER_ACTIONS"]

#: Where a filter can apply.
FILTER_CONTEXTS = ("home", "notifications", "public", "thread", "account")

#: What a v2 filter does to matching statuses (``blur`` since Mastodon 4.4).
FILTER_ACTIONS = ("warn", "hide", "blur")

#: A keyword of a v2 filter to create or change: a dict of FilterKeyword fields
#: (``keyword``, ``whole_word``; ``id`` and ``_destroy`` when updating), or just the keyword text.
KeywordAttributes = Optional[Sequence[Union[str, Mapping[str, Any]]]]


def _contexts(context: Optional[Union[str, Sequence[str]]], required: bool) -> Optional[List[str]]:
    """Filter contexts, checked, as a list (None stays None unless a context is required)."""
    if context is None and not required:
        return None
    if context is None:
        raise MastodonIllegalArgumentError(f"context is required: one or more of {', '.join(FILTER_CONTEXTS)}")
    return check_choices("context", context, FILTER_CONTEXTS)


def _keywords(items: KeywordAttributes) -> Optional[List[Mapping[str, Any]]]:
    """``keywords_attributes``: plain strings become ``{"keyword": text}``."""
    if items is None:
        return None
    if isinstance(items, (str, Mapping)):
        items = [items]
    out: List[Mapping[str, Any]] = []
    for item in items:
        if isinstance(item, str):
            item = {"keyword": item}
        if not isinstance(item, Mapping):
            raise MastodonIllegalArgumentError(f"keywords_attributes: expected dicts or strings; got {item!r}")
        out.append(item)
    return out


@functools.lru_cache(maxsize=None)
def _text_extractor_class() -> type:
    """The HTML-to-text parser class, made on first use (html.parser is slow to import)."""
    from html.parser import HTMLParser

    class TextExtractor(HTMLParser):
        """Status HTML to plain text: tags dropped, line and paragraph breaks kept as newlines."""

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: List[str] = []

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in ("br", "p"):
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag == "p":
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    return TextExtractor


def _plain_text(html: Optional[str]) -> str:
    if not html:
        return ""
    if "<" not in html:
        from html import unescape
        return unescape(html)
    parser = _text_extractor_class()()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _searchable_text(status: Mapping[str, Any]) -> str:
    """Everything of a status a phrase filter looks at: content warning, text, poll options, media descriptions."""
    # Fields of the wrong shape (a server's junk) are skipped, never raised on.
    content = status.get("content")
    parts = [status.get("spoiler_text"), _plain_text(content if isinstance(content, str) else None)]
    poll = status.get("poll")
    if isinstance(poll, Mapping):
        parts.extend(o.get("title") for o in _list(poll.get("options")) if isinstance(o, Mapping))
    parts.extend(m.get("description") for m in _list(status.get("media_attachments")) if isinstance(m, Mapping))
    return "\n\n".join(p for p in parts if p and isinstance(p, str))


def _list(value: Any) -> List[Any]:
    return value if isinstance(value, list) else []


def _is_active(flt: Mapping[str, Any], context: str, now: datetime) -> bool:
    if context not in (flt.get("context") or ()):
        return False
    expires = flt.get("expires_at")
    if expires is None:
        return True
    if not isinstance(expires, datetime):
        expires = parse_datetime(expires)
    return expires > now


def _phrase_pattern(flt: Mapping[str, Any]) -> Optional[str]:
    """A v1 filter's phrase as a regular expression; ``whole_word`` adds word boundaries on word-character ends."""
    phrase = flt.get("phrase")
    if not phrase:
        return None
    pattern = re.escape(phrase)
    if flt.get("whole_word"):
        if re.match(r"\w", phrase[0]):
            pattern = r"\b" + pattern
        if re.match(r"\w", phrase[-1]):
            pattern = pattern + r"\b"
    return pattern


def _filters_regex(filters: Iterable[Mapping[str, Any]], context: str) -> Optional[Pattern[str]]:
    """One case-insensitive expression matching any phrase of the filters active in ``context``."""
    now = datetime.now(timezone.utc)
    patterns = [p for f in filters if _is_active(f, context, now) for p in [_phrase_pattern(f)] if p]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


class FiltersMixin:
    """Filter endpoints, v2 (server-side matching, Mastodon 4.0+) and v1 (client-side matching)."""

    _api_request: Any

    # -- v1 ----------------------------------------------------------------------------------
    @api_version("2.4.3", "2.4.3")
    def filters(self) -> NonPaginatableList[Filter]:
        """The user's v1 filters (``GET /api/v1/filters``; deprecated since Mastodon 4.0).

        On 4.0+ servers each keyword of a v2 filter shows up as one v1 filter.

        :returns: :class:`NonPaginatableList` of V1::Filter (``phrase``, ``context``,
            ``whole_word``, ``irreversible``, ``expires_at``).
        """
        return self._api_request("GET", "/api/v1/filters", paginated=False)

    @api_version("2.4.3", "2.4.3")
    def filter(self, id: IdLike) -> Filter:
        """One v1 filter (``GET /api/v1/filters/:id``).

        :param id: the filter (id or V1::Filter).
        :returns: the V1::Filter.
        """
        return self._api_request("GET", f"/api/v1/filters/{path_id(id)}")

    @overload
    def filters_apply(self, objects: Sequence[Status], filters: Iterable[Mapping[str, Any]],
                      context: str) -> PaginatableList[Status]: ...

    @overload
    def filters_apply(self, objects: Sequence[Notification], filters: Iterable[Mapping[str, Any]],
                      context: str) -> PaginatableList[Notification]: ...

    @overload
    def filters_apply(self, objects: Sequence[Mapping[str, Any]], filters: Iterable[Mapping[str, Any]],
                      context: str) -> Union[PaginatableList[Status], PaginatableList[Notification]]: ...

    @api_version("2.4.3", "2.4.3")
    def filters_apply(self, objects: Sequence[Mapping[str, Any]], filters: Iterable[Mapping[str, Any]],
                      context: str) -> Union[PaginatableList[Status], PaginatableList[Notification]]:
        """Drop the statuses or notifications that v1 filters hide in a context; nothing is sent.

        Before Mastodon 4.0 clients matched filters themselves: a status is filtered when the
        phrase of a filter that applies in ``context`` and has not expired occurs in its text,
        content warning, poll options or media descriptions, ignoring case. With
        ``whole_word`` the phrase must not be part of a longer word. A boost is judged by the
        boosted status, a notification by its status (notifications without one stay).

        :param objects: statuses or notifications, e.g. a timeline page.
        :param filters: V1::Filter entities, e.g. from :meth:`filters`.
        :param context: ``"home"``, ``"notifications"``, ``"public"``, ``"thread"`` or ``"account"``.
        :returns: :class:`PaginatableList` of what is left, in the original order; it keeps the
            pagination of ``objects``.
        """
        check_choice("context", context, FILTER_CONTEXTS, allow_none=False)
        if not isinstance(objects, Iterable) or isinstance(objects, (str, bytes, Mapping)):
            raise MastodonIllegalArgumentError(
                f"objects must be a list of statuses or notifications; got {type(objects).__name__}")
        regex = _filters_regex(filters, context)
        kept: PaginatableList = PaginatableList()
        for obj in objects:
            # A notification has a type and no content of its own; it is judged by its status.
            # (Items that are no mapping, a server's junk, match no filter and stay.)
            status = obj.get("status") if isinstance(obj, Mapping) and "type" in obj and "content" not in obj else obj
            if isinstance(status, Mapping) and isinstance(status.get("reblog"), Mapping):
                status = status["reblog"]
            if regex is not None and isinstance(status, Mapping) and regex.search(_searchable_text(status)):
                continue
            kept.append(obj)
        pages = {"next": getattr(objects, "_pagination_next", None),
                 "previous": getattr(objects, "_pagination_prev", None)}
        attach_pagination(kept, {k: v for k, v in pages.items() if v is not None})
        return kept

    @api_version("2.4.3", "2.4.3")
    def filter_create(self, phrase: str, context: Union[str, Sequence[str]], irreversible: bool = False,
                      whole_word: bool = True, expires_in: Duration = None) -> Filter:
        """Create a v1 filter (``POST /api/v1/filters``; deprecated since Mastodon 4.0).

        On 4.0+ servers this makes a v2 filter titled ``phrase`` with that one keyword.

        :param phrase: the text to filter.
        :param context: where it applies: one or more of ``"home"``, ``"notifications"``,
            ``"public"``, ``"thread"``, ``"account"``.
        :param irreversible: let the server drop matches from home and notifications for good
            instead of leaving the hiding to clients.
        :param whole_word: match only whole words.
        :param expires_in: lifetime in seconds (or a timedelta); None for no expiry.
        :returns: the new V1::Filter.
        """
        if not isinstance(phrase, str):
            raise MastodonIllegalArgumentError(f"phrase must be a string; got {phrase!r}")
        return self._api_request("POST", "/api/v1/filters", {
            "phrase": phrase, "context": _contexts(context, True), "irreversible": irreversible,
            "whole_word": whole_word, "expires_in": duration_seconds(expires_in, "expires_in")})

    @api_version("2.4.3", "2.4.3")
    def filter_update(self, id: IdLike, phrase: Optional[str] = None,
                      context: Optional[Union[str, Sequence[str]]] = None, irreversible: Optional[bool] = None,
                      whole_word: Optional[bool] = None, expires_in: Duration = None) -> Filter:
        """Change a v1 filter (``PUT /api/v1/filters/:id``). Arguments left None are not sent.

        On 4.0+ servers, changing ``context``, ``irreversible`` or ``expires_in`` fails for a
        filter that has several keywords; ``phrase`` and ``whole_word`` can always change.

        :param id: the filter (id or V1::Filter).
        :param phrase: the text to filter.
        :param context: where it applies: one or more of ``"home"``, ``"notifications"``,
            ``"public"``, ``"thread"``, ``"account"``.
        :param irreversible: let the server drop matches from home and notifications for good
            instead of leaving the hiding to clients.
        :param whole_word: match only whole words.
        :param expires_in: lifetime in seconds (or a timedelta); None for no expiry.
        :returns: the updated V1::Filter.
        """
        return self._api_request("PUT", f"/api/v1/filters/{path_id(id)}", {
            "phrase": phrase, "context": _contexts(context, False), "irreversible": irreversible,
            "whole_word": whole_word, "expires_in": duration_seconds(expires_in, "expires_in")})

    @api_version("2.4.3", "2.4.3")
    def filter_delete(self, id: IdLike) -> None:
        """Delete a v1 filter (``DELETE /api/v1/filters/:id``).

        On 4.0+ servers this removes only that keyword from its v2 filter.

        :param id: the filter (id or V1::Filter).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/filters/{path_id(id)}")

    # -- v2 filters --------------------------------------------------------------------------
    @api_version("4.0.0", "4.0.0")
    def filters_v2(self) -> NonPaginatableList[FilterV2]:
        """The user's filters (``GET /api/v2/filters``).

        :returns: :class:`NonPaginatableList` of Filter (``title``, ``context``,
            ``filter_action``, ``expires_at``, ``keywords``, ``statuses``).
        """
        return self._api_request("GET", "/api/v2/filters", paginated=False)

    @api_version("4.0.0", "4.0.0")
    def filter_v2(self, filter_id: IdLike) -> FilterV2:
        """One filter (``GET /api/v2/filters/:id``).

        :param filter_id: the filter (id or Filter).
        :returns: the Filter.
        """
        return self._api_request("GET", f"/api/v2/filters/{path_id(filter_id)}")

    @api_version("4.0.0", "4.0.0")
    def create_filter_v2(self, title: str, context: Union[str, Sequence[str]], filter_action: str,
                         expires_in: Duration = None,
                         keywords_attributes: KeywordAttributes = None) -> FilterV2:
        """Create a filter (``POST /api/v2/filters``).

        :param title: the filter's name.
        :param context: where it applies: one or more of ``"home"``, ``"notifications"``,
            ``"public"``, ``"thread"``, ``"account"``.
        :param filter_action: ``"warn"`` (show behind a warning), ``"hide"`` (leave out) or
            ``"blur"`` (blur media, Mastodon 4.4+).
        :param expires_in: lifetime in seconds (or a timedelta); None for no expiry.
        :param keywords_attributes: the keywords: dicts with ``keyword`` and ``whole_word``, or
            plain strings (matched anywhere in words).
        :returns: the new Filter.
        """
        if not isinstance(title, str):
            raise MastodonIllegalArgumentError(f"title must be a string; got {title!r}")
        check_choice("filter_action", filter_action, FILTER_ACTIONS, allow_none=False)
        return self._api_request("POST", "/api/v2/filters", {
            "title": title, "context": _contexts(context, True), "filter_action": filter_action,
            "expires_in": duration_seconds(expires_in, "expires_in"), "keywords_attributes": _keywords(keywords_attributes)},
            use_json=True)

    @api_version("4.0.0", "4.0.0")
    def update_filter_v2(self, filter_id: IdLike, title: Optional[str] = None,
                         context: Optional[Union[str, Sequence[str]]] = None, filter_action: Optional[str] = None,
                         expires_in: Duration = None,
                         keywords_attributes: KeywordAttributes = None) -> FilterV2:
        """Change a filter (``PUT /api/v2/filters/:id``). Arguments left None are not sent.

        :param filter_id: the filter (id or Filter).
        :param title: the filter's name.
        :param context: where it applies: one or more of ``"home"``, ``"notifications"``,
            ``"public"``, ``"thread"``, ``"account"``.
        :param filter_action: ``"warn"`` (show behind a warning), ``"hide"`` (leave out) or
            ``"blur"`` (blur media, Mastodon 4.4+).
        :param expires_in: lifetime in seconds (or a timedelta); None for no expiry.
        :param keywords_attributes: keywords to add (no ``id``), change (with the ``id`` of an
            existing keyword) or remove (``id`` and ``"_destroy": True``).
        :returns: the updated Filter.
        """
        check_choice("filter_action", filter_action, FILTER_ACTIONS)
        return self._api_request("PUT", f"/api/v2/filters/{path_id(filter_id)}", {
            "title": title, "context": _contexts(context, False), "filter_action": filter_action,
            "expires_in": duration_seconds(expires_in, "expires_in"), "keywords_attributes": _keywords(keywords_attributes)},
            use_json=True)

    @api_version("4.0.0", "4.0.0")
    def delete_filter_v2(self, filter_id: IdLike) -> None:
        """Delete a filter with its keywords and statuses (``DELETE /api/v2/filters/:id``).

        :param filter_id: the filter (id or Filter).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v2/filters/{path_id(filter_id)}")

    # -- v2 keywords -------------------------------------------------------------------------
    @api_version("4.0.0", "4.0.0")
    def filter_keywords_v2(self, filter_id: IdLike) -> NonPaginatableList[FilterKeyword]:
        """The keywords of a filter (``GET /api/v2/filters/:filter_id/keywords``).

        :param filter_id: the filter (id or Filter).
        :returns: :class:`NonPaginatableList` of FilterKeyword (``keyword``, ``whole_word``).
        """
        return self._api_request("GET", f"/api/v2/filters/{path_id(filter_id)}/keywords", paginated=False)

    @api_version("4.0.0", "4.0.0")
    def add_filter_keyword_v2(self, filter_id: IdLike, keyword: str, whole_word: bool = False) -> FilterKeyword:
        """Add a keyword to a filter (``POST /api/v2/filters/:filter_id/keywords``).

        :param filter_id: the filter (id or Filter).
        :param keyword: the text to match.
        :param whole_word: match only whole words.
        :returns: the new FilterKeyword.
        """
        return self._api_request("POST", f"/api/v2/filters/{path_id(filter_id)}/keywords",
                                 {"keyword": keyword, "whole_word": whole_word})

    @api_version("4.0.0", "4.0.0")
    def filter_keyword_v2(self, keyword_id: IdLike) -> FilterKeyword:
        """One filter keyword (``GET /api/v2/filters/keywords/:id``).

        :param keyword_id: the keyword (id or FilterKeyword).
        :returns: the FilterKeyword.
        """
        return self._api_request("GET", f"/api/v2/filters/keywords/{path_id(keyword_id)}")

    @api_version("4.0.0", "4.0.0")
    def update_filter_keyword_v2(self, keyword_id: IdLike, keyword: str,
                                 whole_word: Optional[bool] = None) -> FilterKeyword:
        """Change a filter keyword (``PUT /api/v2/filters/keywords/:id``).

        :param keyword_id: the keyword (id or FilterKeyword).
        :param keyword: the new text to match.
        :param whole_word: match only whole words; None leaves it as it is.
        :returns: the updated FilterKeyword.
        """
        return self._api_request("PUT", f"/api/v2/filters/keywords/{path_id(keyword_id)}",
                                 {"keyword": keyword, "whole_word": whole_word})

    @api_version("4.0.0", "4.0.0")
    def delete_filter_keyword_v2(self, keyword_id: IdLike) -> None:
        """Remove a keyword from its filter (``DELETE /api/v2/filters/keywords/:id``).

        :param keyword_id: the keyword (id or FilterKeyword).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v2/filters/keywords/{path_id(keyword_id)}")

    # -- v2 statuses -------------------------------------------------------------------------
    @api_version("4.0.0", "4.0.0")
    def filter_statuses_v2(self, filter_id: IdLike) -> NonPaginatableList[FilterStatus]:
        """The single statuses a filter hides (``GET /api/v2/filters/:filter_id/statuses``).

        :param filter_id: the filter (id or Filter).
        :returns: :class:`NonPaginatableList` of FilterStatus (``id``, ``status_id``).
        """
        return self._api_request("GET", f"/api/v2/filters/{path_id(filter_id)}/statuses", paginated=False)

    @api_version("4.0.0", "4.0.0")
    def add_filter_status_v2(self, filter_id: IdLike, status_id: IdLike) -> FilterStatus:
        """Make a filter hide one particular status (``POST /api/v2/filters/:filter_id/statuses``).

        :param filter_id: the filter (id or Filter).
        :param status_id: the status (id or Status).
        :returns: the new FilterStatus.
        """
        return self._api_request("POST", f"/api/v2/filters/{path_id(filter_id)}/statuses", {"status_id": status_id})

    @api_version("4.0.0", "4.0.0")
    def filter_status_v2(self, filter_status_id: IdLike) -> FilterStatus:
        """One status entry of a filter (``GET /api/v2/filters/statuses/:id``).

        :param filter_status_id: the entry (id or FilterStatus; not the status's id).
        :returns: the FilterStatus.
        """
        return self._api_request("GET", f"/api/v2/filters/statuses/{path_id(filter_status_id)}")

    @api_version("4.0.0", "4.0.0")
    def delete_filter_status_v2(self, filter_status_id: IdLike) -> None:
        """Stop a filter from hiding a status (``DELETE /api/v2/filters/statuses/:id``).

        :param filter_status_id: the entry (id or FilterStatus; not the status's id).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v2/filters/statuses/{path_id(filter_status_id)}")
