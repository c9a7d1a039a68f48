"""Async refreshes: following server-side background work a result depends on."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any, Mapping, Optional, Tuple, Union, cast

from ..core.casting import fetch_as
from ..core.urls import path_segment
from ..core.values import AttribAccessDict
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import AsyncRefresh

__all__ = ["AsyncRefreshMixin"]

# One ``key=value`` item of the Mastodon-Async-Refresh header; values may be quoted strings.
_ITEM_RE = re.compile(r'([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))')

#: Seconds to wait when the header names no ``retry``.
_DEFAULT_RETRY = 3
#: The shortest pause between two status checks, whatever the server says.
_MIN_POLL_SECONDS = 0.1


def _parse_header(value: str) -> Optional[Tuple[AsyncRefresh, int]]:
    """``id="...", retry=N, result_count=M`` -> (AsyncRefresh-like dict, retry seconds); None without an id."""
    items = {}
    for key, quoted, bare in _ITEM_RE.findall(value):
        items[key.lower()] = re.sub(r"\\(.)", r"\1", quoted) if quoted else bare
    if not items.get("id"):
        return None
    try:
        retry = max(int(items.get("retry", _DEFAULT_RETRY)), 0)
    except ValueError:
        retry = _DEFAULT_RETRY
    try:
        count: Optional[int] = int(items["result_count"])
    except (KeyError, ValueError):
        count = None
    # The server sends the header only while the work is still going on.
    from ..return_types import AsyncRefresh  # the entity classes load on first use
    return AsyncRefresh(id=items["id"], status="running", result_count=count), retry


class AsyncRefreshMixin:
    """Async refresh endpoints and helpers.

    Some results (a rebuilt home timeline, replies fetched from other servers, ...) may still
    be incomplete when they arrive; the server then marks them with a ``Mastodon-Async-Refresh``
    header, which the request core keeps on the result.
    """

    _api_request: Any

    def get_async_refresh_info(self, result: Any) -> Optional[Tuple[AsyncRefresh, int]]:
        """Whether the server is still completing a result in the background, and for how long to wait.

        Nothing is sent: this reads the ``Mastodon-Async-Refresh`` header kept on ``result``.

        :param result: what an API method returned (or the header's text itself).
        :returns: None when the result is complete; else ``(refresh, retry)``: an AsyncRefresh-like
            dict (``id``, ``status`` ``"running"``, ``result_count`` or None) and the seconds to
            wait before asking again.
        """
        header = result if isinstance(result, str) else getattr(result, "_async_refresh", None)
        if not isinstance(header, str):
            return None
        return _parse_header(header)

    def _refresh_id(self, result_or_id: Any) -> str:
        if hasattr(result_or_id, "_async_refresh"):
            info = self.get_async_refresh_info(result_or_id)
            if info is None:
                raise MastodonIllegalArgumentError(
                    f"cannot read the Mastodon-Async-Refresh header {result_or_id._async_refresh!r}")
            return info[0]["id"]
        if isinstance(result_or_id, Mapping):
            inner = result_or_id.get("async_refresh")
            result_or_id = (inner if isinstance(inner, Mapping) else result_or_id).get("id")
        if isinstance(result_or_id, int) and not isinstance(result_or_id, bool):
            return str(result_or_id)  # ids are strings in the API, but a number is clearly meant as one
        if not isinstance(result_or_id, str) or not result_or_id:
            raise MastodonIllegalArgumentError(
                f"expected an async refresh id, an AsyncRefresh, or a result that is being refreshed; "
                f"got {type(result_or_id).__name__}")
        return result_or_id

    @api_version("4.4.0", "4.4.0")
    def get_async_refresh_status(self, result_or_id: Union[str, Mapping[str, Any], Any]) -> AsyncRefresh:
        """How far a background refresh got (``GET /api/v1_alpha/async_refreshes/:id``).

        :param result_or_id: a result carrying the refresh header, an AsyncRefresh (as
            :meth:`get_async_refresh_info` gives it, or as this method returns it), or the id.
        :returns: the AsyncRefresh: ``id``, ``status`` (``"running"`` or ``"finished"``) and,
            for some kinds of work, ``result_count``.
        """
        refresh_id = path_segment(self._refresh_id(result_or_id), "result_or_id")
        answer = self._api_request("GET", f"/api/v1_alpha/async_refreshes/{refresh_id}")
        inner = answer.get("async_refresh") if isinstance(answer, Mapping) else None
        return cast("AsyncRefresh", inner if isinstance(inner, AttribAccessDict) else answer)

    @api_version("4.4.0", "4.4.0")
    def await_async_refresh(self, result: Any, timeout: float = 0.0, max_attempts: int = -1) -> Optional[AttribAccessDict]:
        """Wait until the background work behind a result is done, then fetch the result again.

        Waits the ``retry`` seconds the server asked for, then checks the status with
        :meth:`get_async_refresh_status`, and again after each further ``retry`` seconds. Once
        it is ``finished``, the request that produced ``result`` is sent again and its fresh
        answer returned (the finished AsyncRefresh is returned instead when ``result`` did not
        come from this client, e.g. after pickling).

        :param result: what an API method returned.
        :param timeout: give up when the next check would come later than this many seconds
            from now; 0 or less waits as long as it takes.
        :param max_attempts: give up after this many status checks; negative for no limit.
        :returns: the complete result (or the finished AsyncRefresh), or None when ``result``
            was complete already or the wait was given up.
        """
        info = self.get_async_refresh_info(result)
        if info is None:
            return None
        refresh, retry = info
        pause = max(float(retry), _MIN_POLL_SECONDS)
        deadline = time.monotonic() + timeout if timeout > 0 else None
        attempts = 0
        while max_attempts < 0 or attempts < max_attempts:
            if deadline is not None and time.monotonic() + pause > deadline:
                return None
            time.sleep(pause)
            status = self.get_async_refresh_status(refresh)
            attempts += 1
            if status.get("status") == "finished":
                request = getattr(result, "_async_refresh_request", None)
                if request is None:
                    return status
                method, endpoint, params, paginated = request
                # Typed as the first answer was (its hint was stamped on it when it was cast).
                return fetch_as(getattr(result, "_mastopy_hint", None), self._api_request, method, endpoint,
                                params, paginated=paginated)
        return None
