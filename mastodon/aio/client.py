"""The AsyncMastodon class: the constructor, composed with the aiohttp shell and every API area's twin."""

from __future__ import annotations

import os
from typing import Any, Optional, Union

import aiohttp

from ..client import configure_client
from ..core.ratelimit import WAIT_BUDGET
from ..defaults import _DEFAULT_TIMEOUT, _DEFAULT_USER_AGENT
from .endpoints import AsyncEndpoints
from .streaming import AsyncStreamingMixin
from .transport import AsyncRequestCore

__all__ = ["AsyncMastodon"]

PathOrStr = Union[str, "os.PathLike[str]"]


class AsyncMastodon(AsyncRequestCore, AsyncEndpoints, AsyncStreamingMixin):
    """A client for one Mastodon (or Mastodon-compatible) server, for asyncio programs.

    Every method of :class:`~mastodon.Mastodon` that talks to the server is a coroutine method
    here, with the same name, parameters, defaults and docstring, and the same result type once
    awaited: ``status = await api.status(id)``. Methods without I/O (``make_poll``,
    ``get_status_length``, ...) are the same plain methods. Requests go through aiohttp; rate
    limit waits are ``asyncio.sleep`` shared by all tasks of the client; the errors are the
    same exception classes. See the "Async" page of the documentation.

    Use it as ``async with AsyncMastodon(...) as api:``, or call :meth:`close` when done (a
    session passed in is never closed by the client).
    """

    def __init__(
        self,
        client_id: Optional[PathOrStr] = None,
        client_secret: Optional[str] = None,
        access_token: Optional[PathOrStr] = None,
        api_base_url: Optional[str] = None,
        debug_requests: bool = False,
        ratelimit_method: str = "wait",
        ratelimit_pacefactor: float = 1.1,
        request_timeout: Any = _DEFAULT_TIMEOUT,
        mastodon_version: Optional[str] = None,
        version_check_mode: str = "none",
        session: Optional[aiohttp.ClientSession] = None,
        feature_set: str = "mainline",
        user_agent: str = _DEFAULT_USER_AGENT,
        lang: Optional[str] = None,
        ratelimit_wait_budget: Optional[float] = WAIT_BUDGET,
    ) -> None:
        """Create a client. Nothing is sent, and no session made, until a method needs it.

        The parameters are those of :class:`~mastodon.Mastodon`, with the same meaning and
        defaults, except:

        :param session: an ``aiohttp.ClientSession`` for every request (its default headers,
            cookies, connector and proxy settings apply), e.g. the shared session of an
            application framework. The client never closes it. Default: the client makes its
            own on first use and closes it in :meth:`close` (or when ``async with`` ends).
        :param request_timeout: seconds to wait for the server, as for the sync client: a
            number (connecting, and each read), ``(connect, read)``, or ``(connect, read,
            total)`` with a bound on the whole exchange.
        """
        configure_client(self, client_id, client_secret, access_token, api_base_url, debug_requests,
                         ratelimit_method, ratelimit_pacefactor, request_timeout, mastodon_version,
                         version_check_mode, feature_set, user_agent, lang, ratelimit_wait_budget)
        if session is not None and not isinstance(session, aiohttp.ClientSession):
            from ..errors import MastodonIllegalArgumentError
            raise MastodonIllegalArgumentError(
                f"session must be an aiohttp.ClientSession; got {type(session).__name__}")
        self._aio_given_session = session
        self._aio_own_session = None

    async def __aenter__(self) -> "AsyncMastodon":
        return self

    def __repr__(self) -> str:
        who = "authenticated" if self._access_token else "anonymous"
        return f"<AsyncMastodon {self.api_base_url} ({who})>"
