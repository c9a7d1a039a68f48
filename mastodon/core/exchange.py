"""One API exchange without I/O: the request as a value, and the answer (status, headers, body) as a result.

Both transport shells (``requests`` for :class:`~mastodon.Mastodon`, aiohttp for
``AsyncMastodon``) use these functions: :func:`build_request` turns an endpoint's
arguments into an :class:`Outgoing` value (URL, headers, and the query, form, JSON or
multipart body), the shell sends it, and :func:`answer_value` turns what came back into
Python values or the documented exception. :func:`retry_delay` is the rate-limit
decision after an answer: send again after N seconds, or let the answer stand. Nothing
here sends, reads a socket or sleeps.
"""

from __future__ import annotations

import re
import sys
import warnings
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from ..errors import (
    MastodonDeprecationWarning,
    MastodonError,
    MastodonRatelimitError,
    error_class_for_status,
)
from .casting import decoding_raw, empty_answer
from .pagination import attach_pagination, pagination_from_links
from .params import clean_params, flatten_params
from .ratelimit import RateLimiter, charge_wait
from .servers import note_linkless_page, refine_error, undecodable_answer
from .uploads import MultipartBody, Upload
from .values import NonPaginatableList, PaginatableList, decode_json, decode_json_raw

__all__ = ["Outgoing", "build_request", "multipart_body", "answer_value", "api_error", "decode_answer",
           "warn_deprecation", "Attempts", "retry_delay", "retry_after_reset", "redact_pairs", "redact_body",
           "request_log_args", "QUERY_METHODS",
           "IDEMPOTENT_METHODS"]

QUERY_METHODS = frozenset(("GET", "DELETE", "HEAD", "OPTIONS"))
#: Methods a 503 with Retry-After is retried for: sending them twice does no more than once.
IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "PUT", "DELETE"))
#: Fields whose values the debug log hides, in requests (parameters) and in answers (JSON keys).
_SECRET_FIELDS = frozenset(("password", "client_secret", "access_token", "refresh_token", "code",
                            "code_verifier", "token", "id_token"))


class Outgoing:
    """One request, ready to send: what :func:`build_request` makes of an endpoint's arguments.

    At most one of ``query`` (pairs for the URL), ``form`` (pairs for a form body or the
    text fields of a multipart body) and ``json`` is the body's source; ``files`` (field
    name -> :class:`Upload`) makes the body multipart. ``endpoint``, ``params`` and
    ``paginated`` are kept to describe the call (warnings, async refresh).
    """

    __slots__ = ("method", "endpoint", "url", "headers", "query", "form", "json", "files", "params", "paginated")

    def __init__(self, method: str, endpoint: str, url: str, headers: Mapping[str, str],
                 query: Optional[List[Tuple[str, Any]]], form: Optional[List[Tuple[str, Any]]],
                 json: Optional[Dict[str, Any]], files: Optional[Mapping[str, Upload]],
                 params: Optional[Mapping[str, Any]], paginated: bool) -> None:
        self.method = method
        self.endpoint = endpoint
        self.url = url
        self.headers = headers
        self.query = query
        self.form = form
        self.json = json
        self.files = files
        self.params = params
        self.paginated = paginated

    def __repr__(self) -> str:
        return f"<Outgoing {self.method} {self.url}>"


def build_request(method: str, endpoint: str, params: Optional[Mapping[str, Any]], files: Optional[Mapping[str, Upload]],
                  *, use_json: bool, url_base: str, headers: Mapping[str, str],
                  extra_headers: Optional[Mapping[str, str]] = None, paginated: bool = True) -> Outgoing:
    """The request for one API call.

    ``params`` are cleaned (None dropped, ids unpacked, datetimes as ISO 8601) and go in the
    query string for GET/DELETE/HEAD/OPTIONS, else in a form body, a JSON body
    (``use_json``) or, with ``files``, a multipart body. ``headers`` are the client's (with
    or without the token), ``extra_headers`` the call's own additions.
    """
    method = method.upper()
    cleaned = clean_params(params)
    if extra_headers:
        headers = {**headers, **extra_headers}
    query = form = body_json = None
    if method in QUERY_METHODS:
        query = flatten_params(cleaned) if cleaned else None
    elif files or not use_json:
        form = flatten_params(cleaned)
    else:
        body_json = cleaned
    return Outgoing(method, endpoint, url_base + endpoint, headers, query, form, body_json, files, params, paginated)


def multipart_body(request: Outgoing) -> Tuple[MultipartBody, Dict[str, str]]:
    """The multipart body of a request with ``files`` (its text fields and files, streamed as
    sent) and the headers to send it with. A new body each time: a retry reads the files again."""
    body = MultipartBody(request.form or [], list((request.files or {}).items()))
    return body, {**request.headers, "Content-Type": body.content_type}


def caller_stacklevel() -> int:
    """The warnings stacklevel of the first frame outside this package (the user's call)."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == "mastodon":
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def warn_deprecation(method: str, endpoint: str, headers: Mapping[str, str]) -> None:
    """Warn (:class:`MastodonDeprecationWarning`) when the answer has a ``Deprecation`` header."""
    deprecation = headers.get("Deprecation")
    if deprecation:
        warnings.warn(MastodonDeprecationWarning(
            f"{method} {endpoint} is deprecated by the server (Deprecation: {deprecation})"),
            stacklevel=caller_stacklevel())


def answer_value(request: Outgoing, status: int, reason: str, headers: Mapping[str, str], content: bytes,
                 api_base_url: str, software: Optional[str] = None) -> Any:
    """The result of a call whose answer had no error status: decoded, typed as lists/dicts, with
    pagination and async-refresh information attached. ``software`` (where known) is named in
    the :class:`~mastodon.MastodonNotJSONError` of a body that is not JSON."""
    value = decode_answer(status, reason, headers, content, request.method, request.url, request.paginated,
                          api_base_url, software)
    note_linkless_page(value, request.method, request.endpoint, request.params)  # servers paging without Link
    if value is not None and "_async_refresh" in getattr(value, "__dict__", ()):
        # Remember how this result was asked for, so await_async_refresh can ask again.
        object.__setattr__(value, "_async_refresh_request",
                           (request.method, request.endpoint, dict(request.params or {}), request.paginated))
    return value


def api_error(status: int, reason: str, content: bytes, method: str, url: str, *, software: Optional[str] = None,
              had_token: bool = False, content_type: str = "") -> MastodonError:
    """The exception for an answer with an error status (>= 400), with the server's text in it.

    Returned, not raised: each shell raises it from its own library's error, as the cause.
    A body that is not JSON (an HTML page) gets a message naming ``software``, the endpoint and
    the status, and a 400/403/422 page about the token sent (``had_token``) is
    :class:`~mastodon.MastodonUnauthorizedError` (see :func:`mastodon.core.servers.refine_error`).
    """
    error = description = None
    try:
        body = _decode_body(content) if content else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        error = body.get("error")
        description = body.get("error_description")
        if error is None and description is not None:
            error = description
    if error is None and content and body is None:
        # The first bytes only: guessing the encoding of a whole large page costs seconds.
        text = content[:2000].decode("utf-8", "replace").strip()
        error = text[:200] if text and not text.lstrip().startswith("<") else None
    if status == 429:
        return MastodonRatelimitError(f"{method} {url}: rate limit hit (HTTP 429): {error or reason}")
    cls = error_class_for_status(status)
    message = "Mastodon API returned error"
    if not isinstance(body, dict):
        cls, message = refine_error(software, had_token, status, content_type, content, method, url, cls)
    return cls(message, status, reason, error, error_description=description, method=method,
               url=url, body=body if isinstance(body, dict) else None)


def decode_answer(status: int, reason: str, headers: Mapping[str, str], content: bytes, method: str, url: str,
                  paginated: bool, api_base_url: str, software: Optional[str] = None) -> Any:
    """A successful answer's body as Python values (None for an empty body or 204)."""
    if not content or status == 204:
        return empty_answer(headers)
    try:
        # Within a typed call nothing but the dicts' class is applied here: the declared
        # return type does the rest (datetimes, entity classes), see mastodon.core.casting.
        value = _decode_body(content, decode_json_raw if decoding_raw() else decode_json)
    except ValueError as e:
        raise undecodable_answer(software, status, reason, headers.get("Content-Type", ""), content, method, url,
                                 e) from e
    if value.__class__ is list:
        value = (PaginatableList if paginated else NonPaginatableList)(value)
    elif not isinstance(value, dict):
        return value
    link = headers.get("Link")
    if link or value.__class__ is PaginatableList:
        attach_pagination(value, pagination_from_links(link, method, api_base_url))
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


# -- rate limits: the decision after an answer ---------------------------------------------------
class Attempts:
    """How often one call was already sent again after a 429, after a 503 and after a connection reset."""

    __slots__ = ("after_429", "after_503", "after_reset", "waited")

    def __init__(self) -> None:
        self.after_429 = 0
        self.after_503 = 0
        self.after_reset = 0
        self.waited = 0.0  # seconds waited before retries so far (the limiter's wait_budget bounds it)


def retry_delay(limiter: RateLimiter, method: str, url: str, status: int, headers: Mapping[str, str],
                attempts: Attempts) -> Optional[float]:
    """After an answer: None when it stands (the caller goes on with it), else the seconds to
    wait before sending the request again. Never sleeps.

    In wait/pace mode a 429 is always retried (the limiter's back-off decides how long), a 503
    with ``Retry-After`` for idempotent methods, at most ``limiter.max_503_retries`` times. In
    throw mode a 429 raises :class:`MastodonRatelimitError`, and so does a retry whose wait
    would take the call's waiting beyond ``limiter.wait_budget`` (:func:`charge_wait`).
    """
    if status != 429 and status != 503:
        return None
    if limiter.method == "throw":
        if status == 429:
            reset = limiter.reset
            raise MastodonRatelimitError(
                f"{method} {url}: rate limit hit (HTTP 429); "
                + (f"the window resets at epoch {reset:.0f}" if reset is not None
                   else "the server gave no reset time"))
        return None
    delay: Optional[float] = None
    if status == 429:
        attempts.after_429 += 1
        delay = limiter.delay_after_429(headers, attempts.after_429)
    elif method in IDEMPOTENT_METHODS and attempts.after_503 < limiter.max_503_retries:
        delay = limiter.delay_after_503(headers, attempts.after_503 + 1)
        if delay is not None:
            attempts.after_503 += 1
    if delay is not None:
        attempts.waited = charge_wait(attempts.waited, delay, limiter.wait_budget, f"{method} {url} (HTTP {status})")
    return delay


def retry_after_reset(method: str, reset_before_answer: bool, attempts: Attempts, body_replayable: bool) -> bool:
    """After a connection failed: whether to send the request once more, at once.

    Yes only where the connection was reset (or closed) before any byte of the answer arrived
    (``reset_before_answer``: a pooled connection the server had already closed, as snac does
    after every answer), for an idempotent method whose body can be sent again, and only once
    per call. Each shell decides ``reset_before_answer`` from its own library's exception
    (requests/urllib3: ``RemoteDisconnected``, ``ConnectionResetError``, ``BrokenPipeError``
    while sending or awaiting the status line; aiohttp: ``ServerDisconnectedError``) and counts
    the retry in ``attempts.after_reset``.
    """
    if not reset_before_answer or not body_replayable or method not in IDEMPOTENT_METHODS:
        return False
    return attempts.after_reset == 0


# -- the debug log -------------------------------------------------------------------------------
def redact_pairs(pairs: Any) -> Any:
    """Parameters for the debug log, with the values of secret fields hidden."""
    if isinstance(pairs, dict):
        return {k: ("***" if k in _SECRET_FIELDS else v) for k, v in pairs.items()}
    if isinstance(pairs, list):
        return [(k, "***" if k in _SECRET_FIELDS else v) for k, v in pairs]
    return pairs


# Compiled (and cached) by ``re`` on first use: only debug logging needs it, not every import.
_SECRET_VALUE = rb'("(?:%s)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)' % b"|".join(
    re.escape(k.encode()) for k in sorted(_SECRET_FIELDS))


def redact_body(body: bytes) -> bytes:
    """A response body for the debug log, with the values of secret JSON fields (a new token, an app's secret) hidden."""
    return re.sub(_SECRET_VALUE, rb'\1"***"', body)


def request_log_args(method: str, url: str, headers: Mapping[str, str], query: Any, form: Any, body_json: Any,
                     files: Optional[Mapping[str, Upload]]) -> Tuple[Any, ...]:
    """The arguments of the debug log line for a request (format :data:`REQUEST_LOG_FORMAT`), secrets hidden."""
    shown = dict(headers)
    if "Authorization" in shown:
        shown["Authorization"] = "Bearer ***"
    return (method, url, shown, redact_pairs(query), redact_pairs(form), redact_pairs(body_json),
            {k: (u.file_name, u.mime_type) for k, u in files.items()} if files else None)


REQUEST_LOG_FORMAT = "request %s %s, headers %s, query %s, form %s, json %s, files %s"
RESPONSE_LOG_FORMAT = "response %s %s: HTTP %s, headers %s, body %.2000r"
