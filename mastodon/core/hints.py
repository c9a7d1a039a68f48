"""What to do next: the advice added to the errors a user meets on the first day (no I/O).

Each function takes what a shell or a method already has (the URL, the exception, the grant
type) and returns text or an improved error; the sync shell (``mastodon/transport.py``), the
async one and the login code call them with one line each, so both clients say the same.
"""

from __future__ import annotations

import ssl
from typing import Optional, TypeVar
from urllib.parse import urlsplit

from ..errors import MastodonAPIError

E = TypeVar("E", bound=BaseException)

__all__ = ["tls_hint", "explain_api_error", "login_refused_message", "REFUSED_TOKEN",
           "NO_PASSWORD_GRANT"]

#: The message of a 401 answer to a request that carried an access token.
REFUSED_TOKEN = ("the server refused the access token (it is wrong, expired or revoked): check the "
                 "access_token given to Mastodon(), or log in again for a new one")
#: Added when a password login is refused because the server does not offer that grant.
NO_PASSWORD_GRANT = ("this server does not offer logging in with a password (Mastodon removed the password "
                     "grant in 4.4.0): send the user to the URL of auth_request_url() and pass the code they "
                     "get to log_in(code=...)")


def _is_tls_failure(error: BaseException) -> bool:
    """True when ``error`` or an error it was raised from is a TLS failure (of any HTTP library)."""
    seen = set()
    todo: list = [error]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, ssl.SSLError) or any("SSL" in c.__name__ or "Certificate" in c.__name__
                                               for c in type(e).__mro__):
            return True
        # ``reason`` is an exception on urllib3's errors, but text on others (responses' ConnectionError)
        linked = (e.__cause__, e.__context__, getattr(e, "reason", None), *e.args)
        todo.extend(a for a in linked if isinstance(a, BaseException))
    return False


def tls_hint(url: str, error: BaseException) -> str:
    """Advice to append to a network error's message: for a TLS failure on an https URL, how to
    reach a local server that speaks plain http (``""`` otherwise).

    ``api_base_url="localhost:3000"`` means https (a URL without a scheme gets ``https://``),
    and a development server without TLS then fails the handshake.
    """
    try:
        parts = urlsplit(url)
        netloc, scheme = parts.netloc, parts.scheme.lower()
    except ValueError:
        return ""
    if scheme != "https" or not netloc or not _is_tls_failure(error):
        return ""
    return (f" (the TLS handshake with {netloc} failed; a URL without a scheme means https://: "
            f"if this is a local server without TLS, write api_base_url='http://{netloc}')")


def explain_api_error(error: E, sent_token: bool) -> E:
    """``error`` (from :func:`mastodon.core.exchange.api_error`) with a message saying what to do,
    where the status tells: a 401 to a request that carried an access token says the server
    refused the token. The status code, the server's text and the rest stay as they were."""
    if sent_token and isinstance(error, MastodonAPIError) and error.status_code == 401:
        error.message = REFUSED_TOKEN
        error.args = (REFUSED_TOKEN,) + tuple(error.args[1:])
    return error


def login_refused_message(error: MastodonAPIError, grant_type: Optional[str]) -> str:
    """The message of the error ``log_in`` raises when the server refused the credentials: the
    server's words, and for a password login on a server without the password grant, what to
    do instead."""
    text = f"the server refused the credentials: {error.error or error.reason}"
    if error.error_description and error.error_description != error.error:
        text += f" ({error.error_description})"
    if grant_type == "password" and _no_password_grant(error):
        text += f"; {NO_PASSWORD_GRANT}"
    return text


def _no_password_grant(error: MastodonAPIError) -> bool:
    said = f"{error.error or ''} {error.error_description or ''}".lower()
    return "unsupported_grant_type" in said or ("grant" in said and "not supported" in said) \
        or ("unauthorized_client" in said and "grant" in said)
