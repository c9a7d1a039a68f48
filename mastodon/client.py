"""The Mastodon class: the constructor, composed with the request core and every API area."""

from __future__ import annotations

import logging
import os
import warnings
from typing import Any, Dict, Optional, Tuple, Union

import requests

from .api import (
    AccountsMixin,
    AdminMixin,
    AnnualReportsMixin,
    AsyncRefreshMixin,
    CollectionsMixin,
    ConversationsMixin,
    FavouritesMixin,
    FiltersMixin,
    HashtagsMixin,
    InstanceMixin,
    ListsMixin,
    MediaMixin,
    NotificationsMixin,
    PollsMixin,
    PreferencesMixin,
    ProfileMixin,
    PushMixin,
    RelationshipsMixin,
    ReportsMixin,
    SearchMixin,
    StatusesMixin,
    SuggestionsMixin,
    TimelinesMixin,
    TrendsMixin,
)
from .auth import AuthMixin
from .core.pagination import PaginationMixin
from .core.ratelimit import WAIT_BUDGET, RateLimiter
from .transport import RequestCore
from .core.timeouts import check_request_timeout
from .core.versions import FEATURE_SETS, VERSION_CHECK_MODES, VersionMixin, parse_version
from .credentials import clean_credentials, is_credential_file, parse_user_text, read_client_file, read_user_file
from .defaults import _DEFAULT_BASE_URL, _DEFAULT_TIMEOUT, _DEFAULT_USER_AGENT
from .errors import MastodonIllegalArgumentError, MastodonWarning
from .streaming import StreamingMixin
from .transport_deadline import deadline_session
from .utility import UtilityMixin

__all__ = ["Mastodon", "configure_client"]

PathOrStr = Union[str, "os.PathLike[str]"]


def normalize_base_url(url: str) -> str:
    """``mastodon.social/`` -> ``https://mastodon.social``: add https:// when no scheme, drop trailing slashes."""
    if not isinstance(url, str) or not url.strip():
        raise MastodonIllegalArgumentError(f"api_base_url must be a non-empty URL; got {url!r}")
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise MastodonIllegalArgumentError(f"api_base_url must be an http(s) URL; got {url!r}")
    return url.rstrip("/")


class Mastodon(RequestCore, VersionMixin, PaginationMixin, AuthMixin, UtilityMixin, AccountsMixin, InstanceMixin,
               TimelinesMixin, StatusesMixin, PollsMixin, NotificationsMixin, HashtagsMixin, FiltersMixin,
               SuggestionsMixin, RelationshipsMixin, ListsMixin, TrendsMixin, SearchMixin, FavouritesMixin,
               ReportsMixin, PreferencesMixin, PushMixin, AdminMixin, ConversationsMixin, MediaMixin, ProfileMixin,
               CollectionsMixin, AnnualReportsMixin, AsyncRefreshMixin, StreamingMixin):
    """A client for one Mastodon (or Mastodon-compatible) server.

    Every endpoint of the API is a method of this class; see the API area pages of the
    documentation. Results are :class:`AttribAccessDict` / lists of them, with datetimes
    as timezone-aware ``datetime`` objects.
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
        session: Optional[requests.Session] = None,
        feature_set: str = "mainline",
        user_agent: str = _DEFAULT_USER_AGENT,
        lang: Optional[str] = None,
        ratelimit_wait_budget: Optional[float] = WAIT_BUDGET,
    ) -> None:
        """Create a client. Nothing is sent to the server until a method needs it.

        :param client_id: the app's client id (then ``client_secret`` is needed too), or the
            file ``create_app(to_file=...)`` wrote (which also gives the secret, the base URL
            and the app name, the default User-Agent). A string containing ``/`` or ``\\``,
            or ending in ``.secret`` or ``.txt``, is taken as a path: a missing file raises
            :class:`MastodonFileNotFoundError`.
        :param client_secret: the app's client secret.
        :param access_token: a user or app access token; the file ``log_in(to_file=...)``
            wrote (which also gives the base URL and the app's credentials; same path rule
            as ``client_id``); or the text :meth:`persistable_login_credentials` returned.
        :param api_base_url: the server, e.g. ``"https://mastodon.social"``; ``https://`` is
            added when no scheme is given, trailing slashes are dropped. When neither this nor
            a credential file names a server, an anonymous client uses the flagship instance
            https://mastodon.social (with a :class:`MastodonWarning`); with a token or client
            credentials that raises :class:`MastodonIllegalArgumentError` instead, as secrets
            only go to a server the caller named.
        :param debug_requests: log every request and response on the ``mastodon.request``
            logger at DEBUG level (tokens and secrets redacted); a stderr handler is added if
            logging is not configured.
        :param ratelimit_method: ``"wait"`` (default), ``"pace"`` or ``"throw"``; see the
            rate-limit section of the documentation.
        :param ratelimit_pacefactor: in ``"pace"`` mode, the share of the rate limit to use.
        :param request_timeout: seconds to wait for the server: a number (for connecting and
            for each read), a ``(connect, read)`` tuple as ``requests`` takes it, or
            ``(connect, read, total)`` where ``total`` also bounds the whole exchange, so a
            server trickling its answer is cut off (:class:`MastodonReadTimeout`).
        :param mastodon_version: the server's version, if known: no lookup is then needed.
        :param version_check_mode: ``"none"`` (default: call every endpoint, let the server
            answer), ``"created"`` (refuse endpoints newer than the server) or ``"changed"``
            (refuse endpoints whose current behaviour is newer than the server). The version is
            looked up once, when the first check needs it.
        :param session: a ``requests.Session`` for every request (proxies, adapters, retries
            and certificates are then yours to set); default: a new one per client.
        :param feature_set: ``"mainline"``, ``"fedibird"`` or ``"pleroma"``: which server
            family's extra parameters are allowed.
        :param user_agent: the User-Agent header.
        :param lang: ISO 639 language code for server texts (``Accept-Language``).
        :param ratelimit_wait_budget: seconds one call may wait in total before retrying after
            429 (and 503 with ``Retry-After``) answers in ``"wait"``/``"pace"`` mode; a retry that
            would go beyond it raises :class:`MastodonRatelimitError` instead of waiting.
            Default 1800 (30 minutes, Mastodon's longest rate-limit window); None: no limit.
        """
        configure_client(self, client_id, client_secret, access_token, api_base_url, debug_requests,
                         ratelimit_method, ratelimit_pacefactor, request_timeout, mastodon_version,
                         version_check_mode, feature_set, user_agent, lang, ratelimit_wait_budget)
        self.session = session if session is not None else deadline_session()  # keeps request_timeout's total

    def __repr__(self) -> str:
        who = "authenticated" if self._access_token else "anonymous"
        return f"<Mastodon {self.api_base_url} ({who})>"


def configure_client(client: Any, client_id: Any, client_secret: Optional[str], access_token: Any,
                     api_base_url: Optional[str], debug_requests: bool, ratelimit_method: str,
                     ratelimit_pacefactor: float, request_timeout: Any, mastodon_version: Optional[str],
                     version_check_mode: str, feature_set: str, user_agent: str, lang: Optional[str],
                     ratelimit_wait_budget: Optional[float] = WAIT_BUDGET) -> None:
    """Everything the constructors of :class:`Mastodon` and ``AsyncMastodon`` do but the session:
    check the settings, read credential files, settle the base URL, build the headers."""
    if version_check_mode not in VERSION_CHECK_MODES:
        raise MastodonIllegalArgumentError(
            f"version_check_mode must be one of {', '.join(VERSION_CHECK_MODES)}; got {version_check_mode!r}")
    if feature_set not in FEATURE_SETS:
        raise MastodonIllegalArgumentError(
            f"feature_set must be one of {', '.join(FEATURE_SETS)}; got {feature_set!r}")
    client._ratelimiter = RateLimiter(ratelimit_method, ratelimit_pacefactor, wait_budget=ratelimit_wait_budget)
    client._cache = {}
    client.version_check_mode = version_check_mode
    client.feature_set = feature_set
    client.debug_requests = bool(debug_requests)
    client.request_timeout = check_request_timeout(request_timeout)
    client.lang = lang
    client.refresh_token = None
    client.oauth_code_verifier = None

    api_base_url, client_id, client_secret, access_token, user_agent = _resolve_credentials(
        api_base_url, client_id, client_secret, access_token, user_agent)
    #: The default server when no base URL was named: no secret may be sent to it.
    client._unnamed_base_url = None
    if api_base_url is None:
        warnings.warn(MastodonWarning(f"no api_base_url given: using {_DEFAULT_BASE_URL}"), stacklevel=3)
        api_base_url = client._unnamed_base_url = _DEFAULT_BASE_URL
    client.api_base_url = api_base_url
    client.user_agent = user_agent
    client.client_id = client_id
    client.client_secret = client_secret
    client._access_token = access_token
    client._version_given = mastodon_version is not None
    if mastodon_version is not None:
        client._set_version(parse_version(mastodon_version))
    if client.debug_requests:
        _enable_debug_logging()
    client._build_headers()


def _resolve_credentials(api_base_url: Optional[str], client_id: Any, client_secret: Optional[str],
                         access_token: Any, user_agent: str) -> Tuple[Optional[str], Optional[str], Optional[str],
                                                                      Optional[str], str]:
    """Read credential files and settle the base URL: ``(base URL or None, id, secret, token, user agent)``.

    None as the base URL means no server was named; that is refused when a secret (token,
    client secret) is given, so secrets only ever go to a server the caller named.
    """
    base_urls = []
    if api_base_url is not None:
        base_urls.append(("api_base_url", normalize_base_url(api_base_url)))
    client_id_given = client_id is not None
    if client_id is not None and is_credential_file(client_id):
        client_file = os.fspath(client_id)
        creds = read_client_file(client_id)
        if creds.api_base_url:
            base_urls.append((f"client credential file {client_file!r}",
                              normalize_base_url(creds.api_base_url)))
        if creds.app_name and user_agent == _DEFAULT_USER_AGENT:
            user_agent = creds.app_name  # as Mastodon.py 2.x: the app's name is the default User-Agent
        client_id, client_secret = creds.client_id, client_secret or creds.client_secret
        if not client_secret:
            raise MastodonIllegalArgumentError(
                f"client credential file {client_file!r} has no client secret "
                "(line 2); it may be truncated")
    if access_token is not None and not isinstance(access_token, (str, os.PathLike)):
        raise MastodonIllegalArgumentError(f"access_token must be a string or a path; got {type(access_token)}")
    if isinstance(access_token, str) and "\n" in access_token.strip():
        user = parse_user_text(access_token)  # what persistable_login_credentials() returned
        source = "the user credential text"
    elif access_token is not None and is_credential_file(access_token):
        user = read_user_file(access_token)
        source = f"user credential file {os.fspath(access_token)!r}"
    else:
        user = None
    if user is not None:
        if user.api_base_url:
            base_urls.append((source, normalize_base_url(user.api_base_url)))
        access_token = user.access_token
        if client_id is None and user.client_id:
            client_id, client_secret = user.client_id, client_secret or user.client_secret
    if client_id_given and client_id is not None and not client_secret:
        raise MastodonIllegalArgumentError(
            "a client_id that is not a credential file needs its client_secret (or pass the file "
            "create_app(to_file=...) wrote)")
    distinct = {url for _, url in base_urls}
    if len(distinct) > 1:
        raise MastodonIllegalArgumentError(
            "the base URLs given disagree: " + ", ".join(f"{src}: {url}" for src, url in base_urls))
    if not base_urls and (access_token or client_secret):
        raise MastodonIllegalArgumentError(
            "an access token or client credentials need the server they belong to: pass api_base_url "
            "(or a credential file that records it); they are never sent to a default server")
    client_id, client_secret, access_token = clean_credentials(client_id, client_secret, access_token)
    return (base_urls[0][1] if base_urls else None), client_id, client_secret, access_token, user_agent


def _enable_debug_logging() -> None:
    logger = logging.getLogger("mastodon.request")
    if logger.getEffectiveLevel() > logging.DEBUG:
        logger.setLevel(logging.DEBUG)
    if not logging.getLogger().hasHandlers() and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
        logger.addHandler(handler)
