"""The sync transport shell: sends what :mod:`mastodon.core.exchange` builds with ``requests``, and sleeps.

Every API call of :class:`~mastodon.Mastodon` goes through :meth:`RequestCore._api_request`.
The decisions (the request's shape, the answer's meaning, rate-limit waits, redirects) are
the core's; this module only does what needs ``requests``: sending, reading bodies within
the deadline, following redirects hop by hop, and sleeping.
"""

from __future__ import annotations

import http.client
import logging
import time
from typing import Any, Mapping, Optional

import requests
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError
from urllib3.exceptions import SSLError as _Urllib3SSLError

try:
    from urllib3.response import BaseHTTPResponse as _Urllib3Response
except ImportError:  # pragma: no cover - urllib3 1.x
    from urllib3.response import HTTPResponse as _Urllib3Response  # type: ignore[assignment]

from .core.clientstate import ClientState
from .core.hints import explain_api_error, tls_hint
from .core.exchange import (
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
from .core.redirects import RedirectError, carries_secret, next_hop, replayable
from .core.servers import adapt_request, error_software, name_software, request_software
from .core.timeouts import deadline_passed, split_timeout
from .core.uploads import Upload
from .errors import MastodonIllegalArgumentError, MastodonNetworkError, MastodonNotJSONError, MastodonReadTimeout
from .transport_deadline import set_deadline

__all__ = ["RequestCore"]

log = logging.getLogger("mastodon.request")


class RequestCore(ClientState):
    """The request path of the sync client (``requests``), mixed into :class:`~mastodon.Mastodon`.

    The client sets ``session`` (a ``requests.Session``) besides what :class:`ClientState` needs.
    """

    session: requests.Session

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
        software = request_software(self, method, params, use_json, files)  # looked up only where it matters
        use_json = adapt_request(software, method, endpoint, params, use_json, files)  # per-software encoding
        request = build_request(method, endpoint, params, files, use_json=use_json,
                                url_base=base_url or self.api_base_url,
                                headers=self._headers if auth else self._headers_without_token(),
                                extra_headers=headers, paginated=paginated)
        response = self._send(request)
        warn_deprecation(request.method, endpoint, response.headers)
        if response.status_code >= 400:
            self._raise_for_response(response, request.method, request.url)
        if return_response:
            return response
        try:
            return answer_value(request, response.status_code, response.reason, response.headers, response.content,
                                self.api_base_url)
        except MastodonNotJSONError as e:  # name the software, looked up now if need be
            raise name_software(e, error_software(self, response.status_code, b"")) from e.__cause__

    def _send(self, request: Outgoing) -> requests.Response:
        """Send with rate limiting: the limiter says how long to wait, here is where it is slept."""
        limiter = self._ratelimiter
        attempts = Attempts()
        method, url, files = request.method, request.url, request.files
        while True:
            limiter.acquire()
            data: Any = request.form
            send_headers = request.headers
            if files:
                body, send_headers = multipart_body(request)
                data = body if body.len is not None else body.chunks()
            try:
                response = self._http(method, url, send_headers, params=request.query, data=data,
                                      json=request.json, files=files)
            except MastodonNetworkError as e:
                limiter.release()
                if retry_after_reset(method, _reset_before_answer(e), attempts, not files):
                    attempts.after_reset += 1
                    log.debug("%s %s: connection closed before the answer, sending once more", method, url)
                    continue
                raise
            except BaseException:
                limiter.release()
                raise
            limiter.update(response.headers)
            delay = retry_delay(limiter, method, url, response.status_code, response.headers, attempts)
            if delay is None:
                return response
            if delay > 0:
                limiter.sleep(delay)

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
            log.debug(REQUEST_LOG_FORMAT, *request_log_args(method, url, headers, params,
                                                            data if isinstance(data, list) else None, json, files))
        given = self.request_timeout if timeout is None else timeout
        timeout, deadline = split_timeout(given)
        # Redirects of requests that carry the token are followed hop by hop as the core decides
        # (mastodon.core.redirects), which drops the token when the redirect leaves the server,
        # whatever the session does.
        secret_body = carries_secret(data, json)  # such a request follows no redirect off its origin
        guarded = allow_redirects and ("Authorization" in headers or secret_body)
        session = self.session
        set_deadline(deadline)  # the answer's head is cut at the deadline (transport_deadline)
        try:
            response = session.request(method, url, params=params, data=data, json=json, headers=headers,
                                       timeout=timeout, auth=self._keep_auth_header(headers), stream=True,
                                       allow_redirects=allow_redirects and not guarded)
            hops = 0
            while guarded and response.is_redirect:
                hops += 1
                response.close()
                try:
                    hop = next_hop(hops, response.status_code, response.url, response.headers["Location"], method,
                                   headers, data is not None or json is not None, replayable(data), secret_body)
                except RedirectError as e:
                    raise requests.RequestException(str(e)) from e
                method, url, headers = hop.method, hop.url, hop.headers
                if not hop.keep_body:
                    data = json = None
                response = session.request(method, url, data=data, json=json, headers=headers, timeout=timeout,
                                           auth=self._keep_auth_header(headers), stream=True,
                                           allow_redirects=False)
            if not stream:
                _read_body(response, deadline)
        except requests.exceptions.Timeout as e:
            raise MastodonReadTimeout(f"{method} {url}: no answer within the timeout ({given} s)") from e
        except requests.exceptions.RequestException as e:
            if deadline_passed(deadline, time.monotonic()):
                raise MastodonReadTimeout(f"{method} {url}: no answer within the total deadline ({given} s)") from e
            raise MastodonNetworkError(f"{method} {url}: could not complete the request: {e}{tls_hint(url, e)}") from e
        except UnicodeEncodeError as e:  # a parameter or header with text no encoding can hold (lone surrogates)
            raise MastodonIllegalArgumentError(f"{method} {url}: the request cannot be encoded: {e.reason}") from e
        except ValueError as e:  # requests' own redirect handling, on a Location that is not a URL
            raise MastodonNetworkError(f"{method} {url}: could not follow the server's redirect: {e}") from e
        finally:
            set_deadline(None)
        if self.debug_requests:
            log.debug(RESPONSE_LOG_FORMAT, method, url, response.status_code,
                      dict(response.headers), "(streamed)" if stream else redact_body(response.content))
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

    def _raise_for_response(self, response: requests.Response, method: str, url: str) -> None:
        """Map an HTTP error status to the matching MastodonAPIError subclass, with the server's text."""
        sent_token = "Authorization" in response.request.headers
        error = api_error(response.status_code, response.reason, response.content, method, url,
                          software=error_software(self, response.status_code, response.content),
                          had_token=sent_token, content_type=response.headers.get("Content-Type", ""))
        error = explain_api_error(error, sent_token)
        raise error from requests.HTTPError(f"{response.status_code} {response.reason} for {method} {url}",
                                            response=response)


def _reset_before_answer(error: BaseException) -> bool:
    """Whether a failed exchange died before any byte of the answer: the connection was reset or
    closed while the request was sent or its status line awaited (urllib3's "Connection aborted."),
    not while the body was read ("Connection broken", a ChunkedEncodingError)."""
    seen = 0
    pending: list = [error]
    while pending and seen < 20:
        e = pending.pop()
        seen += 1
        if isinstance(e, (requests.exceptions.ChunkedEncodingError, requests.exceptions.Timeout)):
            return False
        if isinstance(e, ProtocolError) and str(e).startswith("Connection broken"):
            return False
        if isinstance(e, (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)):
            return True
        pending.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        for nxt in (e.__cause__, e.__context__, getattr(e, "reason", None)):
            if isinstance(nxt, BaseException):
                pending.append(nxt)
    return False


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
