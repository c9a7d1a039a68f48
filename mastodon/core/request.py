"""The one request path: every API call goes through RequestCore._api_request."""

from __future__ import annotations

import logging
import re
import sys
import time
import warnings
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

import requests
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError
from urllib3.exceptions import SSLError as _Urllib3SSLError

try:
    from urllib3.response import BaseHTTPResponse as _Urllib3Response
except ImportError:  # pragma: no cover - urllib3 1.x
    from urllib3.response import HTTPResponse as _Urllib3Response  # type: ignore[assignment]

from ..errors import (
    MastodonAPIError,
    MastodonDeprecationWarning,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonReadTimeout,
    error_class_for_status,
)
from .casting import decoding_raw
from .pagination import attach_pagination, pagination_from_links
from .params import clean_params, flatten_params
from .ratelimit import RateLimiter
from .redirects import follow_redirects
from .servers import adapt_request, note_linkless_page, refine_error, undecodable_answer
from .timeouts import split_timeout
from .uploads import MultipartBody, Upload
from .values import NonPaginatableList, PaginatableList, decode_json, decode_json_raw

__all__ = ["RequestCore"]

log = logging.getLogger("mastodon.request")

_QUERY_METHODS = frozenset(("GET", "DELETE", "HEAD", "OPTIONS"))
#: Methods a 503 with Retry-After is retried for: sending them twice does no more than once.
_IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "PUT", "DELETE"))
#: Fields whose values the debug log hides, in requests (parameters) and in answers (JSON keys).
_SECRET_FIELDS = frozenset(("password", "client_secret", "access_token", "refresh_token", "code",
                            "code_verifier", "token", "id_token"))


def _redact_pairs(pairs: Any) -> Any:
    if isinstance(pairs, dict):
        return {k: ("***" if k in _SECRET_FIELDS else v) for k, v in pairs.items()}
    if isinstance(pairs, list):
        return [(k, "***" if k in _SECRET_FIELDS else v) for k, v in pairs]
    return pairs


# Compiled (and cached) by ``re`` on first use: only debug logging needs it, not every import.
_SECRET_VALUE = rb'("(?:%s)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)' % b"|".join(
    re.escape(k.encode()) for k in sorted(_SECRET_FIELDS))


def _redact_body(body: bytes) -> bytes:
    """A response body for the debug log, with the values of secret JSON fields (a new token, an app's secret) hidden."""
    return re.sub(_SECRET_VALUE, rb'\1"***"', body)


def _caller_stacklevel() -> int:
    """The warnings stacklevel of the first frame outside this package (the user's call)."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == "mastodon":
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


class RequestCore:
    """Mixin with the state and the single request path shared by every endpoint method.

    The client sets ``api_base_url``, ``session``, ``request_timeout``, ``_ratelimiter`` and
    the header inputs (token, user agent, language) in its constructor.
    """

    api_base_url: str
    user_agent: str
    lang: Optional[str]
    session: requests.Session
    request_timeout: Any
    debug_requests: bool
    _ratelimiter: RateLimiter
    _headers: Dict[str, str]

    # -- headers ------------------------------------------------------------------------------
    def _build_headers(self) -> None:
        headers = {"User-Agent": self.user_agent}
        token = self._access_token
        if token:
            self._check_secret_destination("an access token")
            headers["Authorization"] = "Bearer " + token
        if self.lang:
            headers["Accept-Language"] = self.lang
        self._headers = headers

    def _check_secret_destination(self, what: str) -> None:
        """Refuse to send a secret to the default server the caller never named."""
        unnamed = getattr(self, "_unnamed_base_url", None)
        if unnamed is not None and self.api_base_url == unnamed:
            raise MastodonIllegalArgumentError(
                f"{what} would go to {unnamed}, a server that was never named: set api_base_url first")

    def _headers_without_token(self) -> Dict[str, str]:
        """The client's headers for a request that must not carry the access token."""
        return {k: v for k, v in self._headers.items() if k != "Authorization"}

    @property
    def access_token(self) -> Optional[str]:
        """The OAuth access token sent with every request (None: unauthenticated)."""
        return self._access_token

    @access_token.setter
    def access_token(self, token: Optional[str]) -> None:
        self._access_token = token
        self._build_headers()

    # -- rate limit state, readable and settable as in the classic interface ----------------------
    @property
    def ratelimit_method(self) -> str:
        """``"throw"``, ``"wait"`` or ``"pace"``; can be changed at any time."""
        return self._ratelimiter.method

    @ratelimit_method.setter
    def ratelimit_method(self, value: str) -> None:
        self._ratelimiter.method = value

    @property
    def ratelimit_pacefactor(self) -> float:
        """In ``"pace"`` mode, the share of the remaining budget to use until the reset."""
        return self._ratelimiter.pacefactor

    @ratelimit_pacefactor.setter
    def ratelimit_pacefactor(self, value: float) -> None:
        self._ratelimiter.pacefactor = value

    @property
    def ratelimit_limit(self) -> int:
        """Requests allowed per rate-limit window."""
        return self._ratelimiter.limit

    @ratelimit_limit.setter
    def ratelimit_limit(self, value: int) -> None:
        self._ratelimiter.limit = int(value)

    @property
    def ratelimit_remaining(self) -> int:
        """Requests left in the current window."""
        return self._ratelimiter.remaining

    @ratelimit_remaining.setter
    def ratelimit_remaining(self, value: int) -> None:
        self._ratelimiter.remaining = int(value)

    @property
    def ratelimit_reset(self) -> Optional[float]:
        """When the window resets, as local epoch seconds; None while the server has not given a usable time."""
        return self._ratelimiter.reset

    @ratelimit_reset.setter
    def ratelimit_reset(self, value: Optional[float]) -> None:
        self._ratelimiter.reset = None if value is None else float(value)

    @property
    def ratelimit_lastcall(self) -> Optional[float]:
        """When the rate-limit values were last updated from an answer, as local epoch seconds; None before."""
        return self._ratelimiter.lastcall

    @ratelimit_lastcall.setter
    def ratelimit_lastcall(self, value: Optional[float]) -> None:
        self._ratelimiter.lastcall = None if value is None else float(value)

    # -- the request path ----------------------------------------------------------------------
    def _api_request(
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
        """Send one API request and turn the answer into Python values.

        - ``params``: cleaned (None dropped, ids unpacked, datetimes as ISO 8601); sent as the
          query string for GET/DELETE, else as a form body, a JSON body (``use_json``) or,
          with ``files`` (field name -> :class:`Upload`), a streamed multipart body.
        - ``auth=False`` leaves out the access token; ``base_url`` replaces ``api_base_url``.
        - A JSON list comes back as :class:`PaginatableList` (``paginated``) or
          :class:`NonPaginatableList`; Link-header page info is attached to lists and dicts.
        - ``return_response=True`` returns the ``requests.Response`` after error checks.
        """
        method = method.upper()
        use_json = adapt_request(self, method, endpoint, params, use_json, files)  # per-software encoding
        url = (base_url or self.api_base_url) + endpoint
        cleaned = clean_params(params)
        request_headers = self._headers if auth else self._headers_without_token()
        if headers:
            request_headers = {**request_headers, **headers}
        query: Optional[List[Tuple[str, Any]]] = None
        form: Optional[List[Tuple[str, Any]]] = None
        body_json: Optional[Dict[str, Any]] = None
        if method in _QUERY_METHODS:
            query = flatten_params(cleaned) if cleaned else None
        elif files:
            form = flatten_params(cleaned)
        elif use_json:
            body_json = cleaned
        else:
            form = flatten_params(cleaned)
        response = self._send(method, url, request_headers, query, form, body_json, files)
        deprecation = response.headers.get("Deprecation")
        if deprecation:
            warnings.warn(MastodonDeprecationWarning(
                f"{method} {endpoint} is deprecated by the server (Deprecation: {deprecation})"),
                stacklevel=_caller_stacklevel())
        if response.status_code >= 400:
            self._raise_for_response(response, method, url)
        if return_response:
            return response
        value = self._decode_response(response, method, url, paginated)
        note_linkless_page(value, method, endpoint, params)  # a server paging without Link headers
        if value is not None and "_async_refresh" in getattr(value, "__dict__", ()):
            # Remember how this result was asked for, so await_async_refresh can ask again.
            object.__setattr__(value, "_async_refresh_request", (method, endpoint, dict(params or {}), paginated))
        return value

    def _send(self, method: str, url: str, headers: Mapping[str, str], query: Any, form: Any,
              body_json: Any, files: Optional[Mapping[str, Upload]]) -> requests.Response:
        """Send with rate limiting and transport-error mapping.

        In wait/pace mode a 429 is waited out and retried (see :meth:`RateLimiter.wait_after_429`),
        and so is a 503 with ``Retry-After`` for idempotent methods, at most ``limiter.max_503_retries`` times.
        """
        limiter = self._ratelimiter
        attempts_429 = attempts_503 = 0
        while True:
            limiter.acquire()
            data: Any = form
            send_headers = headers
            if files:
                body = MultipartBody(form or [], list(files.items()))
                data = body if body.len is not None else body.chunks()
                send_headers = {**headers, "Content-Type": body.content_type}
            try:
                response = self._http(method, url, send_headers, params=query, data=data, json=body_json,
                                      files=files)
            except BaseException:
                limiter.release()
                raise
            limiter.update(response.headers)
            status = response.status_code
            if status not in (429, 503):
                return response
            if limiter.method == "throw":
                if status == 429:
                    reset = limiter.reset
                    raise MastodonRatelimitError(
                        f"{method} {url}: rate limit hit (HTTP 429); "
                        + (f"the window resets at epoch {reset:.0f}" if reset is not None
                           else "the server gave no reset time"))
                return response
            if status == 429:
                attempts_429 += 1
                limiter.wait_after_429(response.headers, attempts_429)
            elif method in _IDEMPOTENT_METHODS and attempts_503 < limiter.max_503_retries \
                    and limiter.wait_after_503(response.headers, attempts_503 + 1) is not None:
                attempts_503 += 1
            else:
                return response

    def _http(self, method: str, url: str, headers: Mapping[str, str], *, params: Any = None, data: Any = None,
              json: Any = None, files: Optional[Mapping[str, Upload]] = None, timeout: Any = None,
              stream: bool = False, allow_redirects: bool = True) -> requests.Response:
        """One HTTP exchange through the session: the transport layer under ``_send``.

        Streaming uses it directly (``stream=True`` leaves the body unread, ``allow_redirects``
        off shows redirects). Transport failures become :class:`MastodonReadTimeout` or
        :class:`MastodonNetworkError`, chained to the ``requests`` error; with
        ``debug_requests`` the exchange is logged (``files`` only names the uploads there).
        """
        if self.debug_requests:
            self._log_request(method, url, headers, params, data if isinstance(data, list) else None, json, files)
        given = self.request_timeout if timeout is None else timeout
        timeout, deadline = split_timeout(given)
        # Redirects of requests that carry the token are followed by follow_redirects, which
        # drops the token when the redirect leaves the server, whatever the session does.
        guarded = allow_redirects and "Authorization" in headers

        def send(method: str, url: str, headers: Mapping[str, str], data: Any, json: Any,
                 params: Any = None) -> requests.Response:
            return self.session.request(method, url, params=params, data=data, json=json, headers=headers,
                                        timeout=timeout, auth=self._keep_auth_header(headers), stream=True,
                                        allow_redirects=allow_redirects and not guarded)
        try:
            response = send(method, url, headers, data, json, params)
            if guarded and response.is_redirect:
                response = follow_redirects(send, response, method, headers, data, json)
            if not stream:
                _read_body(response, deadline)
        except requests.exceptions.Timeout as e:
            raise MastodonReadTimeout(f"{method} {url}: no answer within the timeout ({given} s)") from e
        except requests.exceptions.RequestException as e:
            raise MastodonNetworkError(f"{method} {url}: could not complete the request: {e}") from e
        except ValueError as e:  # requests' own redirect handling, on a Location that is not a URL
            raise MastodonNetworkError(f"{method} {url}: could not follow the server's redirect: {e}") from e
        if self.debug_requests:
            log.debug("response %s %s: HTTP %s, headers %s, body %.2000r", method, url, response.status_code,
                      dict(response.headers), "(streamed)" if stream else _redact_body(response.content))
        return response

    def _keep_auth_header(self, headers: Mapping[str, str]) -> Optional["_KeepAuthorization"]:
        """The ``auth`` to send with: keeps requests from replacing our token with ~/.netrc credentials.

        With no ``auth`` of its own, requests looks the host up in ~/.netrc on every request and,
        if found, overwrites the ``Authorization`` header with Basic credentials. When a token is
        sent (and the session has no ``auth`` of its own) the header is final: say so, which also
        spares requests the lookup (a few file-system calls per request).
        """
        if "Authorization" in headers and self.session.auth is None:
            return _KEEP_AUTHORIZATION
        return None

    def _log_request(self, method: str, url: str, headers: Mapping[str, str], query: Any, form: Any,
                     body_json: Any, files: Optional[Mapping[str, Upload]]) -> None:
        shown = dict(headers)
        if "Authorization" in shown:
            shown["Authorization"] = "Bearer ***"
        log.debug("request %s %s, headers %s, query %s, form %s, json %s, files %s", method, url, shown,
                  _redact_pairs(query), _redact_pairs(form), _redact_pairs(body_json),
                  {k: (u.file_name, u.mime_type) for k, u in files.items()} if files else None)

    def _raise_for_response(self, response: requests.Response, method: str, url: str) -> None:
        """Map an HTTP error status to the matching MastodonAPIError subclass, with the server's text."""
        status = response.status_code
        error = description = None
        try:
            body = _decode_body(response.content) if response.content else None
        except ValueError:
            body = None
        if isinstance(body, dict):
            error = body.get("error")
            description = body.get("error_description")
            if error is None and description is not None:
                error = description
        if error is None and response.content and body is None:
            # The first bytes only: guessing the encoding of a whole large page costs seconds.
            text = response.content[:2000].decode("utf-8", "replace").strip()
            error = text[:200] if text and not text.lstrip().startswith("<") else None
        cause = requests.HTTPError(f"{status} {response.reason} for {method} {url}", response=response)
        if status == 429:
            raise MastodonRatelimitError(f"{method} {url}: rate limit hit (HTTP 429): {error or response.reason}") \
                from cause
        cls, error = refine_error(self, response, method, url, error_class_for_status(status), error, body)
        raise cls("Mastodon API returned error", status, response.reason, error,
                  error_description=description, method=method, url=url,
                  body=body if isinstance(body, dict) else None) from cause

    def _decode_response(self, response: requests.Response, method: str, url: str, paginated: bool) -> Any:
        content = response.content
        if not content or response.status_code == 204:
            return None
        try:
            # Within a typed call nothing but the dicts' class is applied here: the declared
            # return type does the rest (datetimes, entity classes), see mastodon.core.casting.
            value = _decode_body(content, decode_json_raw if decoding_raw() else decode_json)
        except ValueError as e:
            raise undecodable_answer(self, response, method, url, e) from e
        if value.__class__ is list:
            value = (PaginatableList if paginated else NonPaginatableList)(value)
        elif not isinstance(value, dict):
            return value
        headers = response.headers
        link = headers.get("Link")
        if link or value.__class__ is PaginatableList:
            attach_pagination(value, pagination_from_links(link, method, self.api_base_url))
        refresh = headers.get("Mastodon-Async-Refresh")
        if refresh:
            # The server is still computing part of this result; get_async_refresh_info reads this.
            object.__setattr__(value, "_async_refresh", refresh)
        return value


#: What a hostile body can make the decoder raise besides ValueError (JSONDecodeError and
#: UnicodeDecodeError are ValueErrors): nesting deeper than the recursion limit, and shapes the
#: value conversion does not expect.
_DECODE_FAILURES = (RecursionError, TypeError, KeyError, IndexError, AttributeError, OverflowError)


def _decode_body(content: bytes, decoder: Callable[[bytes], Any] = decode_json) -> Any:
    """``decoder(content)``, with every way a body can make it fail turned into ValueError (chained)."""
    try:
        return decoder(content)
    except ValueError as e:
        raise ValueError(f"{e.__class__.__name__}: {str(e)[:100]}") from e
    except _DECODE_FAILURES as e:
        raise ValueError(f"cannot decode it ({e.__class__.__name__})") from e


def _read_until(raw: Any, deadline: float) -> bytes:
    """Read a body piece by piece (as it arrives), giving up once the total deadline has passed."""
    read1 = getattr(raw, "read1", None)
    if read1 is None:  # pragma: no cover - urllib3 1.x: the deadline is checked once, at the end
        content = raw.read(decode_content=True)
        pieces = [content] if content else []
    else:
        pieces = []
        while True:
            if time.monotonic() > deadline:
                raw.close()
                raise requests.exceptions.ReadTimeout("the answer did not arrive within the total deadline")
            piece = read1(65536, decode_content=True)
            if not piece:
                break
            pieces.append(piece)
    if time.monotonic() > deadline:
        raise requests.exceptions.ReadTimeout("the answer did not arrive within the total deadline")
    return b"".join(pieces)


class _KeepAuthorization(requests.auth.AuthBase):
    """An ``auth`` that leaves the request as it is: its ``Authorization`` header is already set."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        return request


_KEEP_AUTHORIZATION = _KeepAuthorization()


def _read_body(response: requests.Response, deadline: Optional[float] = None) -> None:
    """Read the whole body of a response sent with ``stream=True``: what ``response.content`` does, faster.

    requests reads a body in 10 KiB chunks through urllib3's streaming generator, which for a
    page of 40 statuses costs several times more CPU than a single read of the whole body
    (about a fifth of the CPU of the whole request on a 140 KB page). Afterwards ``response.content`` and
    ``response.text`` work as usual, and the connection is back in the pool. Errors are mapped
    to the same requests exceptions ``content`` raises. Responses that do not come from
    urllib3 (custom adapters), or that a hook already read, are left to ``response.content``.
    """
    raw = response.raw
    if not isinstance(raw, _Urllib3Response) or response.__dict__.get("_content") is not False:
        response.content  # noqa: B018 - requests' own way
        return
    try:
        content = raw.read(decode_content=True) if deadline is None else _read_until(raw, deadline)
    except ProtocolError as e:
        raise requests.exceptions.ChunkedEncodingError(e) from e
    except DecodeError as e:
        raise requests.exceptions.ContentDecodingError(e) from e
    except ReadTimeoutError as e:
        raise requests.exceptions.ConnectionError(e) from e
    except _Urllib3SSLError as e:
        raise requests.exceptions.SSLError(e) from e
    response._content = content or b""
    response._content_consumed = True  # type: ignore[attr-defined]
