"""The asyncio transport shell: sends what :mod:`mastodon.core.exchange` builds with aiohttp, and awaits.

Every API call of :class:`~mastodon.aio.AsyncMastodon` goes through
:meth:`AsyncRequestCore._api_request`. As in the sync shell (:mod:`mastodon.transport`),
the decisions are the core's: the request's shape (:func:`~mastodon.core.exchange.build_request`),
the answer's meaning (:func:`~mastodon.core.exchange.answer_value`,
:func:`~mastodon.core.exchange.api_error`), rate-limit waits
(:meth:`~mastodon.core.ratelimit.RateLimiter.reserve`, :func:`~mastodon.core.exchange.retry_delay`)
and redirects (:func:`~mastodon.core.redirects.next_hop`). This module only sends, reads
within the deadline and sleeps with :func:`asyncio.sleep`; nothing here blocks the event loop
or hops to a thread.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from urllib.parse import urlencode
from typing import Any, AsyncIterator, Iterator, Mapping, Optional, Tuple

import aiohttp

from ..core import casting as _casting
from ..core.clientstate import ClientState
from ..core.exchange import (
    REQUEST_LOG_FORMAT,
    RESPONSE_LOG_FORMAT,
    Attempts,
    Outgoing,
    answer_value,
    api_error,
    build_request,
    multipart_body,
    redact_body,
    request_log_args,
    retry_after_reset,
    retry_delay,
    warn_deprecation,
)
from ..core.hints import explain_api_error, tls_hint
from ..core.ratelimit import Reservation
from ..core.redirects import RedirectError, carries_secret, is_redirect, next_hop, replayable
from ..core.servers import adapt_request, error_software_async, name_software, software_matters
from ..core.timeouts import deadline_passed, split_timeout
from ..core.uploads import Upload
from ..errors import MastodonIllegalArgumentError, MastodonNetworkError, MastodonNotJSONError, MastodonReadTimeout

#: Headers aiohttp must not add to a request without a body.
_NO_BODY_TYPE = ("Content-Type",)

__all__ = ["AsyncRequestCore", "Answer", "decoding_raw_context"]

log = logging.getLogger("mastodon.request")

#: Per task (a context variable, not a thread-local: many tasks share one thread): True while
#: a typed call runs, so the answer is decoded without the key-name datetime conversion (the
#: declared type converts instead). See :mod:`mastodon.aio.typing`.
decoding_raw_context: contextvars.ContextVar[bool] = contextvars.ContextVar("mastodon_aio_raw", default=False)

_TRANSPORT_ERRORS = (aiohttp.ClientError, OSError, ValueError)


class Answer:
    """A finished HTTP exchange of the async client: status, headers and the whole body, already read.

    What ``_api_request(..., return_response=True)`` and ``_http`` return; it has the names of
    a ``requests.Response`` that endpoint code reads (``status_code``, ``reason``, ``headers``,
    ``content``, ``url``), so one endpoint definition serves both clients.
    """

    __slots__ = ("status_code", "reason", "headers", "content", "url", "sent_token")

    def __init__(self, status_code: int, reason: str, headers: Mapping[str, str], content: bytes, url: str,
                 sent_token: bool = False) -> None:
        self.status_code = status_code
        self.reason = reason
        self.headers = headers
        self.content = content
        self.url = url
        #: Whether the request that got this answer carried the access token (after redirects).
        self.sent_token = sent_token

    @property
    def status(self) -> int:
        return self.status_code

    @property
    def ok(self) -> bool:
        return self.status_code < 400

    def __repr__(self) -> str:
        return f"<Answer HTTP {self.status_code} {self.url}>"


class AsyncRequestCore(ClientState):
    """The request path of the async client (aiohttp), mixed into :class:`~mastodon.aio.AsyncMastodon`.

    The client sets ``_aio_given_session`` (the caller's session or None) besides what
    :class:`ClientState` needs.
    """

    _aio_given_session: Optional[aiohttp.ClientSession] = None
    _aio_own_session: Optional[aiohttp.ClientSession] = None
    _aio_lock: Optional[Tuple[asyncio.AbstractEventLoop, asyncio.Lock]] = None

    # -- the session ------------------------------------------------------------------------------
    @property
    def session(self) -> Optional[aiohttp.ClientSession]:
        """The aiohttp session requests go through: the one passed to the constructor, else the
        client's own (None until the first request creates it)."""
        return self._aio_given_session or self._aio_own_session

    async def _aio_session(self) -> aiohttp.ClientSession:
        """The session for the next request: the caller's (never closed here), else our own, made on first use."""
        given = self._aio_given_session
        if given is not None:
            if given.closed:
                raise MastodonNetworkError("the aiohttp session given to the client is closed")
            return given
        own = self._aio_own_session
        if own is None or own.closed or getattr(own, "_loop", None) is not asyncio.get_running_loop():
            # None yet, closed by close(), or made in an event loop that is gone (asyncio.run twice):
            # a session only works in the loop it was made in.
            own = self._aio_own_session = aiohttp.ClientSession()
        return own

    async def close(self) -> None:
        """Close the client's own aiohttp session (a session passed in stays open: it is the caller's).

        The client can be used again afterwards: a new session is made on the next request.
        """
        own, self._aio_own_session = self._aio_own_session, None
        if own is not None and not own.closed:
            await own.close()

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.close()

    # -- one API call -----------------------------------------------------------------------------
    async def _api_request(
        self,
        method: str,
        endpoint: str,
        params: Optional[Mapping[str, Any]] = None,
        files: Optional[Mapping[str, Upload]] = None,
        *,
        use_json: bool = False,
        base_url: Optional[str] = None,
        auth: bool = True,
        paginated: bool = True,
        return_response: bool = False,
        headers: Optional[Mapping[str, str]] = None,
    ) -> Any:
        """Send one API request and turn the answer into Python values: the coroutine twin of
        :meth:`mastodon.transport.RequestCore._api_request`, with the same parameters and results
        (``return_response=True`` returns an :class:`Answer`)."""
        lookup = self._server_software  # type: ignore[attr-defined]
        software = await lookup() if software_matters(method, params, use_json, files) else None
        use_json = adapt_request(software, method, endpoint, params, use_json, files)  # per-software encoding
        request = build_request(method, endpoint, params, files, use_json=use_json,
                                url_base=base_url or self.api_base_url,
                                headers=self._headers if auth else self._headers_without_token(),
                                extra_headers=headers, paginated=paginated)
        answer = await self._send(request)
        warn_deprecation(request.method, endpoint, answer.headers)
        if answer.status_code >= 400:
            raise explain_api_error(api_error(
                answer.status_code, answer.reason, answer.content, request.method, request.url,
                software=await error_software_async(self, answer.status_code, answer.content),
                had_token=answer.sent_token, content_type=answer.headers.get("Content-Type", "")), answer.sent_token)
        if return_response:
            return answer
        # The decoding mode is per task here; the core reads it from the thread, so it is set
        # for exactly the (synchronous) decoding below and nothing else runs in between.
        local = _casting._decode_mode
        previous = getattr(local, "raw", False)
        local.raw = decoding_raw_context.get()
        try:
            return answer_value(request, answer.status_code, answer.reason, answer.headers, answer.content,
                                self.api_base_url)
        except MastodonNotJSONError as e:  # name the software, looked up now if need be
            raise name_software(e, await error_software_async(self, answer.status_code, b"")) from e.__cause__
        finally:
            local.raw = previous

    async def _send(self, request: Outgoing) -> Answer:
        """Send with rate limiting: the limiter says how long to wait, here it is awaited."""
        limiter = self._ratelimiter
        attempts = Attempts()
        method, url, files = request.method, request.url, request.files
        while True:
            reservation = await self._aio_reserve()
            data: Any = request.form
            send_headers = request.headers
            if files:
                body, send_headers = multipart_body(request)
                data = _aiter_chunks(body.chunks())
                if body.len is not None:
                    send_headers["Content-Length"] = str(body.len)
            try:
                answer = await self._http(method, url, send_headers, params=request.query, data=data,
                                          json=request.json, files=files)
            except MastodonNetworkError as e:
                limiter.cancel(reservation)
                if retry_after_reset(method, _reset_before_answer(e), attempts, not files):
                    attempts.after_reset += 1  # a kept-alive connection the server had closed
                    continue
                raise
            except BaseException:
                limiter.cancel(reservation)
                raise
            limiter.answered(reservation, answer.headers)
            delay = retry_delay(limiter, method, url, answer.status_code, answer.headers, attempts)
            if delay is None:
                return answer
            if delay > 0:
                await asyncio.sleep(delay)

    def _aio_limit_lock(self) -> asyncio.Lock:
        """The lock every task of this client takes to reserve a slot (one per event loop)."""
        loop = asyncio.get_running_loop()
        held = self._aio_lock
        if held is None or held[0] is not loop:
            held = self._aio_lock = (loop, asyncio.Lock())
        return held[1]

    async def _aio_reserve(self) -> Reservation:
        """Reserve a rate-limit slot, awaiting the wait the limiter asks for under the client's lock.

        Tasks line up on the lock, so a paced client sends one request after another and a
        spent budget holds every task until the window resets; the event loop runs on meanwhile.
        """
        limiter = self._ratelimiter
        async with self._aio_limit_lock():
            reservation, delay = limiter.reserve()
            if delay > 0:
                log.debug("rate limit: waiting %.3f s", delay)
                try:
                    await asyncio.sleep(delay)
                except BaseException:
                    limiter.cancel(reservation)
                    raise
        return reservation

    async def _http(self, method: str, url: str, headers: Mapping[str, str], *, params: Any = None,
                    data: Any = None, json: Any = None, files: Optional[Mapping[str, Upload]] = None,
                    timeout: Any = None, allow_redirects: bool = True) -> Answer:
        """One HTTP exchange through the session, body read: the transport layer under ``_send``.

        Redirects of requests carrying the token are followed hop by hop as
        :func:`~mastodon.core.redirects.next_hop` decides. Every aiohttp and asyncio failure
        (timeouts included) becomes :class:`MastodonReadTimeout` or :class:`MastodonNetworkError`,
        chained to its cause; cancellation is not caught.
        """
        if self.debug_requests:
            log.debug(REQUEST_LOG_FORMAT, *request_log_args(method, url, headers, params,
                                                            data if isinstance(data, list) else None, json, files))
        given = self.request_timeout if timeout is None else timeout
        secret_body = carries_secret(data, json)  # such a request follows no redirect off its origin
        guarded = allow_redirects and ("Authorization" in headers or secret_body)
        deadline = split_timeout(given)[1]
        session = await self._aio_session()
        try:
            if data.__class__ is list:  # a form body, encoded as requests encodes it
                data = urlencode(data).encode("ascii") if data else None
                if data is not None:
                    headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
            hops = 0
            while True:
                response = await session.request(
                    method, url, params=params, data=data, json=json, headers=dict(headers),
                    timeout=_client_timeout(given, deadline), allow_redirects=allow_redirects and not guarded,
                    # aiohttp labels a bodiless POST application/octet-stream, which Hollo refuses (415);
                    # requests sends no Content-Type there, and neither do we.
                    skip_auto_headers=_NO_BODY_TYPE if data is None and json is None else ())
                try:
                    location = response.headers.get("Location")
                    if not (guarded and is_redirect(response.status, location)):
                        content = await response.read()
                        break
                finally:
                    response.release()
                hops += 1
                try:
                    hop = next_hop(hops, response.status, str(response.url), location or "", method, headers,
                                   data is not None or json is not None, replayable(data), secret_body)
                except RedirectError as e:
                    raise MastodonNetworkError(f"{method} {url}: could not follow the server's redirect: {e}") from e
                method, url, headers, params = hop.method, hop.url, hop.headers, None
                if not hop.keep_body:
                    data = json = None
            if deadline is not None and time.monotonic() > deadline:
                raise MastodonReadTimeout(f"{method} {url}: no complete answer within the total deadline ({given} s)")
        except MastodonNetworkError:
            raise
        except asyncio.TimeoutError as e:
            raise MastodonReadTimeout(f"{method} {url}: no answer within the timeout ({given} s)") from e
        except UnicodeEncodeError as e:  # a parameter or header with text no encoding can hold (lone surrogates)
            raise MastodonIllegalArgumentError(f"{method} {url}: the request cannot be encoded: {e.reason}") from e
        except _TRANSPORT_ERRORS as e:
            if deadline_passed(deadline, time.monotonic()):
                raise MastodonReadTimeout(f"{method} {url}: no answer within the total deadline ({given} s)") from e
            raise MastodonNetworkError(f"{method} {url}: could not complete the request: {e}{tls_hint(url, e)}") from e
        answer = Answer(response.status, response.reason or "", response.headers, content, str(response.url),
                        "Authorization" in headers)
        if self.debug_requests:
            log.debug(RESPONSE_LOG_FORMAT, method, url, answer.status_code, dict(answer.headers),
                      redact_body(content))
        return answer


def _reset_before_answer(error: BaseException) -> bool:
    """Whether the exchange died before any byte of the answer (aiohttp's ServerDisconnectedError,
    or a reset while sending), not while the body was read (ClientPayloadError)."""
    cause = error.__cause__
    if isinstance(cause, aiohttp.ClientPayloadError):
        return False
    return isinstance(cause, (aiohttp.ServerDisconnectedError, ConnectionResetError, BrokenPipeError)) or (
        isinstance(cause, aiohttp.ClientOSError) and isinstance(cause.__cause__ or cause, ConnectionResetError))


def _client_timeout(given: Any, deadline: Optional[float]) -> aiohttp.ClientTimeout:
    """aiohttp's timeout for one hop: ``request_timeout`` read as the sync client reads it.

    A number bounds connecting and each read; ``(connect, read)`` each on its own; a third
    value bounds the whole exchange (what is left of it at this hop).
    """
    if given.__class__ is tuple:
        connect, read = given[0], given[1]
    else:
        connect = read = given
    total = None if deadline is None else max(deadline - time.monotonic(), 0.001)
    return aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read)


async def _aiter_chunks(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """A multipart body's chunks as aiohttp streams them (files are read piece by piece as sent)."""
    for chunk in chunks:
        yield chunk
