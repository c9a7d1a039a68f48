"""App registration and OAuth: create_app, auth_request_url (with PKCE), log_in, token revocation."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union

from .core.casting import typed_result
from .core.hints import login_refused_message
from .core.urls import is_loopback, urlencode, urlsplit
from .core.values import AttribAccessDict
from .core.versions import api_version
from .credentials import (app_credentials, clean_secret, client_credential_lines, is_credential_file,
                          read_client_file, user_credential_lines, write_lines)
from .defaults import _DEFAULT_SCOPES, _DEFAULT_TIMEOUT, _DEFAULT_USER_AGENT, _OOB_REDIRECT_URI
from .errors import MastodonAPIError, MastodonIllegalArgumentError, MastodonNetworkError

if TYPE_CHECKING:
    from .return_types import Application, OAuthServerInfo, OAuthUserInfo

__all__ = ["AuthMixin", "derive_code_verifier", "code_challenge"]

Scopes = Union[str, Sequence[str]]

#: Where users authorize apps, unless the server's OAuth metadata names another place.
_AUTHORIZE_PATH = "/oauth/authorize"


def _scope_list(scopes: Scopes) -> List[str]:
    if isinstance(scopes, str):
        return scopes.split()
    return [s for scope in scopes for s in str(scope).split()]


def _scope_covered(wanted: str, granted: Sequence[str]) -> bool:
    """A requested scope is covered by itself or by a parent (``read`` covers ``read:statuses``)."""
    while wanted not in granted:
        if ":" not in wanted:
            return False
        wanted = wanted.rsplit(":", 1)[0]
    return True


def derive_code_verifier(client_id: str, client_secret: str, api_base_url: str, redirect_uri: str,
                         scopes: Sequence[str]) -> str:
    """The PKCE code verifier for one authorization request, recoverable by anyone holding the app's secret.

    An HMAC-SHA512, keyed with the client secret, of the server, client id, redirect URI and
    (sorted) scopes: the arguments ``auth_request_url`` and ``log_in(code=...)`` share. Another
    client object, process or web request with the same app credentials computes the same
    verifier, and the same arguments give the same authorization URL. 86 characters of the
    URL-safe alphabet, as RFC 7636 asks (43 to 128).
    """
    material = "\n".join(("mastodon-pkce-1", api_base_url, client_id, redirect_uri, " ".join(sorted(set(scopes)))))
    digest = hmac.new(client_secret.encode("utf-8"), material.encode("utf-8"), hashlib.sha512).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def code_challenge(verifier: str) -> str:
    """The S256 challenge of a PKCE verifier (RFC 7636, section 4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _check_secure(url: str, allow_http: bool, what: str) -> None:
    """Refuse to send credentials over plain http, except to this machine or when allowed."""
    parts = urlsplit(url)
    if parts.scheme == "https" or allow_http or is_loopback(parts.hostname):
        return
    raise MastodonIllegalArgumentError(
        f"{what} over plain http ({url}) would expose credentials; use https or pass allow_http=True")


class AuthMixin:
    """Registering apps and obtaining, persisting and revoking access tokens."""

    api_base_url: str
    client_id: Optional[str]
    client_secret: Optional[str]
    refresh_token: Optional[str]
    #: A PKCE code verifier for ``log_in(code=...)`` to send. ``auth_request_url`` sets it only
    #: when it had to make a random verifier (the app's client secret was unknown); with the
    #: secret the verifier is derived from the request and needs no keeping. Set it yourself,
    #: or pass ``log_in(code_verifier=...)``, to use a verifier of your own.
    oauth_code_verifier: Optional[str]
    _cache: Dict[str, Any]

    def _check_secret_target(self, what: str, allow_http: bool) -> None:
        """Before sending the app's client secret: it is known, the server was named, and the
        connection is https (or to this machine, or ``allow_http``)."""
        if not self.client_id or not self.client_secret:
            raise MastodonIllegalArgumentError(f"{what} needs the app's client_id and client_secret")
        self._check_secret_destination(what)  # type: ignore[attr-defined]
        _check_secure(self.api_base_url, allow_http, what)

    # -- app registration ---------------------------------------------------------------------
    @classmethod
    def create_app(
        cls,
        client_name: str,
        scopes: Scopes = _DEFAULT_SCOPES,
        redirect_uris: Optional[Union[str, Sequence[str]]] = None,
        website: Optional[str] = None,
        to_file: Optional[str] = None,
        api_base_url: Optional[str] = None,
        request_timeout: float = _DEFAULT_TIMEOUT,
        session: Any = None,
        user_agent: str = _DEFAULT_USER_AGENT,
    ) -> Tuple[str, str]:
        """Register an application with a server (``POST /api/v1/apps``). Do this once, then reuse it.

        :param client_name: the application's name, shown to users.
        :param scopes: the scopes the app may ask for later (list or space-separated string).
        :param redirect_uris: where the server sends users after authorizing; one URI or a list.
            Defaults to ``urn:ietf:wg:oauth:2.0:oob`` (the code is shown for copy and paste).
        :param website: the application's website.
        :param to_file: write client id, client secret, base URL and app name to this file, one
            per line as Mastodon.py 2.x does (mode 0600, replaced atomically); pass the file as
            ``client_id`` to the constructor later.
        :param api_base_url: the server, e.g. ``"https://mastodon.social"``. Registering carries
            no secret, so without it the flagship instance is used (with a warning).
        :param request_timeout: seconds to wait for the server.
        :param session: a ``requests.Session`` to send the request with.
        :param user_agent: the User-Agent header.
        :returns: ``(client_id, client_secret)``.

        Every Mastodon version has this endpoint.
        """
        api: Any = cls(api_base_url=api_base_url, request_timeout=request_timeout, session=session,  # type: ignore[call-arg]
                       user_agent=user_agent)
        if isinstance(redirect_uris, (list, tuple)):
            redirect_uris = "\n".join(redirect_uris)
        params = {
            "client_name": client_name,
            "scopes": " ".join(_scope_list(scopes)),
            "redirect_uris": redirect_uris or _OOB_REDIRECT_URI,
            "website": website,
        }
        app = api._api_request("POST", "/api/v1/apps", params, auth=False)
        client_id, client_secret = app_credentials(app)
        if to_file is not None:
            write_lines(to_file, client_credential_lines(client_id, client_secret, api.api_base_url, client_name))
        return client_id, client_secret

    # -- OAuth server metadata ------------------------------------------------------------------
    @typed_result
    def oauth_authorization_server_info(self) -> Union[OAuthServerInfo, AttribAccessDict]:
        """The server's OAuth metadata (``GET /.well-known/oauth-authorization-server``, RFC 8414).

        Lists the authorization and token endpoints, supported scopes and PKCE methods.
        Mastodon has it since 4.3.0; the answer is cached until :meth:`clear_caches`.

        :returns: the metadata document (OAuthServerInfo).
        """
        info = self._cache.get("oauth_server_info")
        if info is None:
            info = self._api_request("GET", "/.well-known/oauth-authorization-server", auth=False)  # type: ignore
            self._cache["oauth_server_info"] = info
        return info

    @api_version("4.3.0", "4.3.0")
    def oauth_userinfo(self) -> OAuthUserInfo:
        """OpenID Connect information about the logged-in user (``GET /oauth/userinfo``).

        Needs the ``profile`` scope.

        :returns: OAuthUserInfo (``iss``, ``sub``, ``name``, ``preferred_username``, ``profile``, ``picture``).
        """
        return self._api_request("GET", "/oauth/userinfo")  # type: ignore

    @typed_result
    def oauth_token_info(self) -> AttribAccessDict:
        """What the server knows about the current access token (``GET /oauth/token/info``).

        :returns: a dict with ``resource_owner_id`` (the account id, None for app tokens),
            ``scope`` (a list), ``expires_in``, ``application`` (its ``uid``) and ``created_at``.

        Not in Mastodon's API documentation: a route of the OAuth library Mastodon is built
        on, present on current servers; no version check applies.
        """
        return self._api_request("GET", "/oauth/token/info")  # type: ignore

    @typed_result
    def oauth_token_introspect(self, token: Optional[str] = None, allow_http: bool = False) -> AttribAccessDict:
        """Ask the server whether a token is valid (``POST /oauth/introspect``, RFC 7662).

        The request authenticates with the app's client id and secret (HTTP Basic).

        :param token: the token to check; default: this client's access token.
        :param allow_http: allow a non-https server that is not on this machine.
        :returns: a dict with ``active`` (bool) and, for an active token, ``scope``,
            ``client_id``, ``token_type``, ``exp`` and ``iat`` (UNIX times).

        Not in Mastodon's API documentation: a route of the OAuth library Mastodon is built
        on, present on current servers; no version check applies.
        """
        token = token or self.access_token  # type: ignore[attr-defined]
        if not token:
            raise MastodonIllegalArgumentError("no token to introspect")
        self._check_secret_target("token introspection", allow_http)
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode("utf-8")).decode("ascii")
        return self._api_request("POST", "/oauth/introspect", {"token": token},  # type: ignore
                                 auth=False, headers={"Authorization": "Basic " + basic})

    @api_version("2.0.0", "2.7.2")
    def app_verify_credentials(self) -> Application:
        """The application the current token belongs to (``GET /api/v1/apps/verify_credentials``).

        :returns: Application.
        """
        return self._api_request("GET", "/api/v1/apps/verify_credentials")  # type: ignore

    # -- authorization -------------------------------------------------------------------------
    def _app_for_request(self, client_id: Optional[str]) -> Tuple[str, Optional[str]]:
        """The client id to authorize, and its client secret when known."""
        secret: Optional[str] = None
        if client_id is None:
            client_id, secret = self.client_id, self.client_secret
        elif is_credential_file(client_id):
            creds = read_client_file(client_id)
            client_id, secret = creds.client_id, creds.client_secret
        elif client_id == self.client_id:
            secret = self.client_secret
        if not client_id:
            raise MastodonIllegalArgumentError("no client id: register with create_app and pass client_id")
        return client_id, secret

    def _pkce_supported(self) -> bool:
        """False only when the server's (cached) OAuth metadata lists PKCE methods without S256."""
        info = self._cache.get("oauth_server_info")
        methods = info.get("code_challenge_methods_supported") if isinstance(info, dict) else None
        return not isinstance(methods, list) or "S256" in methods

    def auth_request_url(
        self,
        client_id: Optional[str] = None,
        redirect_uris: str = _OOB_REDIRECT_URI,
        scopes: Scopes = _DEFAULT_SCOPES,
        force_login: bool = False,
        state: Optional[str] = None,
        lang: Optional[str] = None,
        skip_server_info: bool = False,
        allow_http: bool = False,
    ) -> str:
        """The URL to send a user to so they authorize this app (OAuth authorization code flow).

        After authorizing, the user is redirected to ``redirect_uris`` with ``?code=...``
        (or shown the code, for the out-of-band URI); pass it to ``log_in(code=...)``.
        The URL carries a PKCE S256 challenge unless the server says it does not support it.
        With the app's client secret known, the verifier is derived from the secret and the
        request (see :func:`derive_code_verifier`): the same arguments give the same URL, and
        ``log_in(code=...)`` on any client object with the same app credentials recovers it,
        also for a code from an earlier URL. Without the secret a random verifier is made and
        kept in :attr:`oauth_code_verifier`.

        :param client_id: the app's client id or its credential file; default: this client's.
        :param redirect_uris: the redirect URI registered with the app.
        :param scopes: the scopes to ask for.
        :param force_login: make the server ask for a login even if the user has a session.
        :param state: an opaque value the server hands back with the code (CSRF protection).
        :param lang: ISO 639-1 code of the language for the authorization page.
        :param skip_server_info: do not read the server's OAuth metadata to find the
            authorization endpoint; use ``/oauth/authorize``.
        :param allow_http: allow a non-https server that is not on this machine.
        :returns: the authorization URL.

        Every Mastodon version has the authorization endpoint; the metadata it reads
        first exists since Mastodon 4.3.0 (older servers: ``/oauth/authorize`` is used).
        """
        client_id, secret = self._app_for_request(client_id)
        endpoint = self.api_base_url + _AUTHORIZE_PATH
        pkce = True
        if not skip_server_info:
            try:
                info = self.oauth_authorization_server_info()
            except (MastodonAPIError, MastodonNetworkError):
                info = None  # servers before 4.3 have no metadata document
            if isinstance(info, dict):
                endpoint = info.get("authorization_endpoint") or endpoint
            pkce = self._pkce_supported()
        _check_secure(endpoint, allow_http, "authorization")
        params: Dict[str, Any] = {
            "client_id": client_id,
            "response_type": "code",
            "redirect_uri": redirect_uris,
            "scope": " ".join(_scope_list(scopes)),
        }
        if force_login:
            params["force_login"] = "true"
        if state is not None:
            params["state"] = state
        if lang is not None:
            params["lang"] = lang
        self.oauth_code_verifier = None
        if pkce:
            if secret:
                verifier = derive_code_verifier(client_id, secret, self.api_base_url, redirect_uris,
                                                _scope_list(scopes))
            else:
                import secrets  # only the authorization-code flow without a known secret needs it
                verifier = self.oauth_code_verifier = secrets.token_urlsafe(64)
            params["code_challenge"] = code_challenge(verifier)
            params["code_challenge_method"] = "S256"
        return endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)

    def log_in(
        self,
        username: Optional[str] = None,
        password: Optional[str] = None,
        code: Optional[str] = None,
        redirect_uri: str = _OOB_REDIRECT_URI,
        refresh_token: Optional[str] = None,
        scopes: Scopes = _DEFAULT_SCOPES,
        to_file: Optional[str] = None,
        allow_http: bool = False,
        code_verifier: Optional[str] = None,
    ) -> str:
        """Obtain an access token (``POST /oauth/token``) and use it from now on.

        Give exactly one of: ``username`` and ``password`` (the password grant, which
        Mastodon removed in 4.4.0; other servers still offer it), ``code`` from the
        authorization URL (see :meth:`auth_request_url`), or a ``refresh_token``.

        The code grant sends a PKCE verifier: ``code_verifier`` when given, else
        :attr:`oauth_code_verifier` when set, else the one derived from the app credentials,
        ``redirect_uri`` and ``scopes`` (as :meth:`auth_request_url` made it, on this or any
        other client object). If the server refuses a derived verifier, the exchange is tried
        once more without one: the URL may have been made without PKCE (by another program).

        :param username: with ``password``: the user's login (the e-mail address on Mastodon).
        :param password: the user's password.
        :param code: the authorization code the user got from :meth:`auth_request_url`'s URL.
        :param redirect_uri: the redirect URI used for the authorization URL (sent with the
            code and the password grants, as Mastodon.py 2.x does).
        :param refresh_token: a refresh token from an earlier login.
        :param scopes: the scopes to ask for; if the server grants fewer, this raises.
        :param to_file: write token, base URL, client id and secret to this file, one per line
            (mode 0600, replaced atomically); pass the file as ``access_token`` to the
            constructor later.
        :param allow_http: allow a non-https server that is not on this machine.
        :param code_verifier: with ``code``: the PKCE verifier of the authorization request,
            when you made the challenge yourself.
        :returns: the access token.
        :raises MastodonIllegalArgumentError: wrong credentials, code or arguments.
        :raises MastodonAPIError: the server granted narrower scopes than requested.

        Every Mastodon version has this endpoint; the password grant only up to 4.3.
        """
        wanted = _scope_list(scopes)
        derived = False
        params: Dict[str, Any] = {"client_id": self.client_id, "client_secret": self.client_secret}
        if username is not None and password is not None and code is None and refresh_token is None:
            params.update(grant_type="password", username=username, password=password, redirect_uri=redirect_uri,
                          scope=" ".join(wanted))
        elif code is not None and username is None and password is None and refresh_token is None:
            params.update(grant_type="authorization_code", code=code, redirect_uri=redirect_uri,
                          scope=" ".join(wanted))
            verifier = code_verifier or getattr(self, "oauth_code_verifier", None)
            if not verifier and self.client_id and self.client_secret and self._pkce_supported():
                verifier = derive_code_verifier(self.client_id, self.client_secret, self.api_base_url,
                                                redirect_uri, wanted)
                derived = True
            if verifier:
                params["code_verifier"] = verifier
        elif refresh_token is not None and username is None and password is None and code is None:
            params.update(grant_type="refresh_token", refresh_token=refresh_token)
        else:
            raise MastodonIllegalArgumentError(
                "log_in needs exactly one of: username and password, code, or refresh_token")
        self._check_secret_target("logging in", allow_http)
        try:
            try:
                token = self._api_request("POST", "/oauth/token", params, auth=False)  # type: ignore
            except MastodonAPIError as e:
                if not (derived and e.status_code in (400, 401) and e.error == "invalid_grant"):
                    raise
                # The authorization URL may have carried no challenge; a server that checks PKCE
                # then refuses any verifier. The code is still unused: try once without.
                del params["code_verifier"]
                token = self._api_request("POST", "/oauth/token", params, auth=False)  # type: ignore
        except MastodonAPIError as e:
            if e.status_code in (400, 401, 403):
                raise MastodonIllegalArgumentError(login_refused_message(e, params["grant_type"])) from e
            raise
        if not isinstance(token, dict) or not token.get("access_token"):
            raise MastodonAPIError("the token answer has no access_token")
        granted = _scope_list(token.get("scope") or "")
        if granted and params["grant_type"] != "refresh_token":
            missing = [s for s in wanted if not _scope_covered(s, granted)]
            if missing:
                raise MastodonAPIError(
                    f"the server granted the scopes {' '.join(granted)!r}, which lack {' '.join(missing)!r} "
                    f"of the requested {' '.join(wanted)!r}")
        # a number becomes text; a value that cannot be a token is the server's error
        self.access_token = clean_secret(token["access_token"], "the server's access_token", MastodonAPIError)
        self.refresh_token = clean_secret(token.get("refresh_token"), "the server's refresh_token",
                                          MastodonAPIError) or refresh_token
        self.oauth_code_verifier = None
        if to_file is not None:
            write_lines(to_file, self.persistable_login_credentials())
        return self.access_token  # type: ignore[return-value]

    def revoke_access_token(self, allow_http: bool = False) -> None:
        """Revoke the current access token (``POST /oauth/revoke``) and stop using it.

        :param allow_http: allow a non-https server that is not on this machine.

        Every Mastodon version has this endpoint.
        """
        if not self.access_token:
            raise MastodonIllegalArgumentError("there is no access token to revoke")
        self._check_secret_target("revoking a token", allow_http)
        params = {"client_id": self.client_id, "client_secret": self.client_secret, "token": self.access_token}
        self._api_request("POST", "/oauth/revoke", params, auth=False)  # type: ignore
        self.access_token = None  # type: ignore[assignment]

    def persistable_login_credentials(self) -> str:
        """The text ``log_in(..., to_file=...)`` writes: everything needed to rebuild this client.

        Token, base URL, client id and client secret, one per line (an unknown value is an
        empty line), as Mastodon.py 2.x writes it. Write it to a file and pass the file as
        ``access_token``, or pass the text itself: ``Mastodon(access_token=text)``. Keep it
        as secret as a password.

        :returns: the credential text.
        :raises MastodonIllegalArgumentError: the client has no access token.
        """
        if not self.access_token:  # type: ignore[attr-defined]
            raise MastodonIllegalArgumentError("there is no access token to persist: log in first")
        return user_credential_lines(self.access_token, self.api_base_url,  # type: ignore[attr-defined]
                                     self.client_id, self.client_secret)
