"""The exceptions and warnings the library raises, all rooted at MastodonError."""

from __future__ import annotations

from typing import Any, Optional

__all__ = [
    "MastodonError",
    "MastodonVersionError",
    "MastodonIllegalArgumentError",
    "MastodonIOError",
    "MastodonFileNotFoundError",
    "MastodonNetworkError",
    "MastodonReadTimeout",
    "MastodonAPIError",
    "MastodonServerError",
    "MastodonInternalServerError",
    "MastodonBadGatewayError",
    "MastodonServiceUnavailableError",
    "MastodonGatewayTimeoutError",
    "MastodonNotFoundError",
    "MastodonUnauthorizedError",
    "MastodonNotSupportedError",
    "MastodonNotJSONError",
    "MastodonRatelimitError",
    "MastodonMalformedEventError",
    "MastodonWarning",
    "MastodonDeprecationWarning",
]


class MastodonError(Exception):
    """Base class of every error this library raises."""


class MastodonVersionError(MastodonError):
    """The server is too old (or of unknown version) for the requested call."""


class MastodonIllegalArgumentError(ValueError, MastodonError):
    """A call was made with arguments that cannot be valid; nothing was sent."""


class MastodonIOError(IOError, MastodonError):
    """Base class of local file and network failures."""


class MastodonFileNotFoundError(MastodonIOError):
    """A file to upload does not exist or cannot be read."""


class MastodonNetworkError(MastodonIOError):
    """The server could not be reached, or the connection broke."""


class MastodonReadTimeout(MastodonNetworkError):
    """The server did not answer within the request timeout."""


class MastodonAPIError(MastodonError):
    """The server answered with an error.

    ``args`` is ``(message, status_code, reason, error)`` for compatibility with
    scripts that unpack it; the same facts are available as attributes:

    - ``status_code``: the HTTP status (int, or None when the error is not tied to a response)
    - ``reason``: the HTTP reason phrase
    - ``error``: the server's ``error`` text, when it sent one
    - ``error_description``: the server's ``error_description`` (OAuth endpoints), or None
    - ``method`` and ``url``: the request that failed
    - ``body``: the server's whole JSON answer, when it sent one (e.g. per-field ``details``
      of a failed registration)
    """

    def __init__(
        self,
        message: str = "Mastodon API returned an error",
        status_code: Optional[int] = None,
        reason: Optional[str] = None,
        error: Optional[str] = None,
        *,
        error_description: Optional[str] = None,
        method: Optional[str] = None,
        url: Optional[str] = None,
        body: Any = None,
    ) -> None:
        super().__init__(message, status_code, reason, error)
        self.message = message
        self.status_code = status_code
        self.reason = reason
        self.error = error
        self.error_description = error_description
        self.method = method
        self.url = url
        self.body = body

    def __reduce__(self) -> Any:
        return (_rebuild_api_error, (type(self), self.args, self.error_description, self.method, self.url,
                                     self.body))

    def __str__(self) -> str:
        where = f" ({self.method} {self.url})" if self.method and self.url else ""
        parts = [self.message + where]
        if self.status_code is not None:
            parts.append(f"HTTP {self.status_code}" + (f" {self.reason}" if self.reason else ""))
        if self.error:
            parts.append(str(self.error))
        if self.error_description and self.error_description != self.error:
            parts.append(str(self.error_description))
        return ": ".join(parts)


def _rebuild_api_error(cls: type, args: tuple, error_description: Optional[str],
                       method: Optional[str], url: Optional[str], body: Any = None) -> "MastodonAPIError":
    return cls(*args, error_description=error_description, method=method, url=url, body=body)


class MastodonServerError(MastodonAPIError):
    """The server failed (HTTP 5xx)."""


class MastodonInternalServerError(MastodonServerError):
    """HTTP 500."""


class MastodonBadGatewayError(MastodonServerError):
    """HTTP 502."""


class MastodonServiceUnavailableError(MastodonServerError):
    """HTTP 503."""


class MastodonGatewayTimeoutError(MastodonServerError):
    """HTTP 504."""


class MastodonNotFoundError(MastodonAPIError):
    """HTTP 404: the endpoint or the object does not exist (or is not visible to you)."""


class MastodonUnauthorizedError(MastodonAPIError):
    """HTTP 401: the access token is missing, invalid or revoked."""


class MastodonNotSupportedError(MastodonNotFoundError):
    """The server's software does not offer this feature at all (streaming on snac, Takahē or Hollo).

    Raised before anything is sent, in place of the 404 the server would answer; the message
    names the software. A subclass of :class:`MastodonNotFoundError`, so code that handles a
    missing endpoint handles this too.
    """


class MastodonNotJSONError(MastodonAPIError):
    """A successful answer whose body is not JSON: an HTML page, or an empty or plain-text 200
    from a feature the server does not implement.

    The message names the server software (where it is known or can be learned), the endpoint
    and the HTTP status; ``status_code``, ``method`` and ``url`` say the same. Error answers
    (status 400 and up) that are not JSON raise the class their status maps to, with the same
    kind of message.
    """


class MastodonRatelimitError(MastodonError):
    """The rate limit was hit (HTTP 429) in ``throw`` mode, or could not be waited out."""


class MastodonMalformedEventError(MastodonError):
    """A streaming event could not be parsed."""


class MastodonWarning(Warning):
    """Base class of the warnings this library emits."""


class MastodonDeprecationWarning(MastodonWarning):
    """The server marked the endpoint that was called as deprecated."""


#: Exception class for each HTTP status that has a specific one; other 4xx/5xx map by range.
STATUS_ERRORS = {
    401: MastodonUnauthorizedError,
    404: MastodonNotFoundError,
    500: MastodonInternalServerError,
    502: MastodonBadGatewayError,
    503: MastodonServiceUnavailableError,
    504: MastodonGatewayTimeoutError,
}


def error_class_for_status(status_code: int) -> type:
    """The MastodonAPIError subclass that stands for an HTTP error status."""
    cls = STATUS_ERRORS.get(status_code)
    if cls is not None:
        return cls
    return MastodonServerError if status_code >= 500 else MastodonAPIError
