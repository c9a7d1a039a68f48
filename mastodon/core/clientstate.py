"""What both clients keep between calls, without I/O: the headers, the token, the rate-limit settings."""

from __future__ import annotations

from typing import Any, Dict, Optional

from ..credentials import clean_secret
from ..errors import MastodonIllegalArgumentError
from .ratelimit import RateLimiter

__all__ = ["ClientState"]


class ClientState:
    """Mixin with the state shared by every endpoint method of both clients.

    The client's constructor sets these (``mastodon.client.configure_client``, shared by both
    clients): ``api_base_url``, ``request_timeout``, ``_ratelimiter``, the header inputs (token,
    user agent, language) and the app credentials; the transport shell (sync or
    async) adds ``_api_request``.
    """

    api_base_url: str
    user_agent: str
    lang: Optional[str]
    request_timeout: Any
    debug_requests: bool
    _access_token: Optional[str]
    _ratelimiter: RateLimiter
    _headers: Dict[str, str]
    client_id: Optional[str]
    client_secret: Optional[str]
    refresh_token: Optional[str]
    oauth_code_verifier: Optional[str]
    version_check_mode: str
    feature_set: str
    _cache: Dict[str, Any]
    _unnamed_base_url: Optional[str]
    _version_given: bool

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
        self._access_token = clean_secret(token, "access_token")
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
        """Requests left in the current window (never below zero, whatever the server says or omits)."""
        return max(self._ratelimiter.remaining, 0)

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
