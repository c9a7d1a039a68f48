"""Web Push subscriptions, and decrypting the pushes they deliver.

The subscription endpoints need only ``requests``. Making keys and decrypting pushes needs the
optional packages ``cryptography`` and ``http_ece`` (``pip install 'mastodon-client[webpush]'``);
they are imported when those methods are called, never at import time.
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple, Union

from ..core.params import check_choice
from ..core.values import AttribAccessDict, decode_json
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import PushNotification, WebPushSubscription

__all__ = ["PushMixin", "PUSH_POLICIES"]

#: Whose activity may trigger a push: everybody, accounts the user follows, followers, or nobody.
PUSH_POLICIES = ("all", "followed", "follower", "none")

_INSTALL_HINT = "pip install 'mastodon-client[webpush]'"


def _alerts(follow: Optional[bool], favourite: Optional[bool], reblog: Optional[bool], mention: Optional[bool],
            poll: Optional[bool], follow_request: Optional[bool], status: Optional[bool], update: Optional[bool],
            admin_sign_up: Optional[bool], admin_report: Optional[bool], quote: Optional[bool],
            quoted_update: Optional[bool]) -> Dict[str, Optional[bool]]:
    """The ``data[alerts][...]`` switches, named as the server names notification types (None: not sent)."""
    return {"follow": follow, "favourite": favourite, "reblog": reblog, "mention": mention, "poll": poll,
            "follow_request": follow_request, "status": status, "update": update, "admin.sign_up": admin_sign_up,
            "admin.report": admin_report, "quote": quote, "quoted_update": quoted_update}


def _webpush_modules(with_ece: bool) -> Tuple[Any, Any, Any]:
    """(ec, serialization, http_ece or None), imported on first use of the crypto helpers."""
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        http_ece = None
        if with_ece:
            import http_ece  # type: ignore[import-untyped,no-redef]
    except ImportError as e:
        raise MastodonIllegalArgumentError(
            f"Web Push keys and decryption need the optional packages 'cryptography' and 'http_ece' "
            f"({e.name or e} is missing): {_INSTALL_HINT}") from e
    return ec, serialization, http_ece


def _b64decode(text: str, what: str) -> bytes:
    """Base64 in either alphabet, with or without padding (servers and relays vary)."""
    cleaned = text.strip().replace("+", "-").replace("/", "_").rstrip("=")
    try:
        return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError) as e:
        raise MastodonIllegalArgumentError(f"{what} is not valid base64: {text!r}") from e


def _key_bytes(value: Any, what: str) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return _b64decode(value, what)
    raise MastodonIllegalArgumentError(f"{what} must be bytes or base64 text; got {type(value).__name__}")


def _key_text(value: Any, what: str) -> str:
    """A key as the subscription form wants it: URL-safe base64 (text given is sent unchanged)."""
    if isinstance(value, str):
        return value
    return base64.urlsafe_b64encode(_key_bytes(value, what)).decode("ascii")


def _header_params(header: str, what: str) -> Dict[str, str]:
    """``salt=...`` / ``dh=...;p256ecdsa=...`` (several entries may be joined by commas) as a dict."""
    out: Dict[str, str] = {}
    for item in header.replace(",", ";").split(";"):
        name, sep, value = item.strip().partition("=")
        if sep:
            out.setdefault(name.strip().lower(), value.strip().strip('"'))
    if not out:
        raise MastodonIllegalArgumentError(f"cannot read the {what} header: {header!r}")
    return out


def _private_key(ec: Any, value: Any) -> Any:
    """The P-256 private key from ``decrypt_params['privkey']``: an int, 32 raw bytes or their base64."""
    if isinstance(value, (str, bytes, bytearray, memoryview)):
        value = int.from_bytes(_key_bytes(value, "privkey"), "big")
    if not isinstance(value, int) or isinstance(value, bool):
        raise MastodonIllegalArgumentError(f"privkey must be an int (as generated) or bytes; got {value!r}")
    try:
        return ec.derive_private_key(value, ec.SECP256R1())
    except ValueError as e:
        raise MastodonIllegalArgumentError(f"privkey is not a P-256 private key: {e}") from e


def _public_key_of(params: Mapping[str, Any]) -> bytes:
    """The public point of ``params['privkey']``, for callers who hand over the private dict."""
    if "privkey" not in params:
        raise MastodonIllegalArgumentError("encrypt_params has no 'pubkey'")
    ec, serialization, _ = _webpush_modules(with_ece=False)
    return _private_key(ec, params["privkey"]).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


class PushMixin:
    """Web Push: one subscription per access token, and the crypto to read what it delivers."""

    _api_request: Any

    @api_version("2.4.0", "2.4.0")
    def push_subscription(self) -> WebPushSubscription:
        """The Web Push subscription of this access token (``GET /api/v1/push/subscription``).

        Raises :class:`MastodonNotFoundError` when the token has none.

        :returns: WebPushSubscription.
        """
        return self._api_request("GET", "/api/v1/push/subscription")

    @api_version("2.4.0", "4.5.0")
    def push_subscription_set(self, endpoint: str, encrypt_params: Mapping[str, Any],
                              follow_events: Optional[bool] = None, favourite_events: Optional[bool] = None,
                              reblog_events: Optional[bool] = None, mention_events: Optional[bool] = None,
                              poll_events: Optional[bool] = None, follow_request_events: Optional[bool] = None,
                              status_events: Optional[bool] = None, policy: Optional[str] = "all",
                              update_events: Optional[bool] = None, admin_sign_up_events: Optional[bool] = None,
                              admin_report_events: Optional[bool] = None, quote_events: Optional[bool] = None,
                              quoted_update_events: Optional[bool] = None,
                              standard: Optional[bool] = None) -> WebPushSubscription:
        """Subscribe this access token to Web Push notifications (``POST /api/v1/push/subscription``).

        A token has at most one subscription: this replaces any earlier one. Each ``*_events``
        switch turns pushes for one kind of notification on or off; the server leaves the ones
        not given off.

        :param endpoint: the URL the server delivers the encrypted pushes to (usually a push relay).
        :param encrypt_params: the public half from :meth:`push_subscription_generate_keys`: a dict
            with ``pubkey`` (the P-256 public key, bytes) and ``auth`` (the 16-byte secret); base64
            text is accepted too.
        :param follow_events: new followers.
        :param favourite_events: favourites of the user's statuses.
        :param reblog_events: boosts of the user's statuses.
        :param mention_events: mentions.
        :param poll_events: polls the user voted in or created have ended.
        :param follow_request_events: follow requests.
        :param status_events: new statuses of accounts the user asked to be notified about.
        :param policy: from whom pushes may come: ``"all"``, ``"followed"``, ``"follower"`` or ``"none"``.
        :param update_events: edits of statuses the user boosted.
        :param admin_sign_up_events: sign-ups (moderators only).
        :param admin_report_events: new reports (moderators only).
        :param quote_events: quotes of the user's statuses.
        :param quoted_update_events: edits of statuses the user quoted.
        :param standard: encrypt the RFC 8291 way (``aes128gcm``) instead of the legacy draft (``aesgcm``);
            :meth:`push_subscription_decrypt_push` reads both.
        :returns: WebPushSubscription, with the server's public key in ``server_key``.
        """
        check_choice("policy", policy, PUSH_POLICIES)
        if not isinstance(endpoint, str) or not endpoint:
            raise MastodonIllegalArgumentError(f"endpoint must be a URL; got {endpoint!r}")
        if not isinstance(encrypt_params, Mapping) or "auth" not in encrypt_params:
            raise MastodonIllegalArgumentError(
                "encrypt_params must be a dict with 'pubkey' and 'auth' from push_subscription_generate_keys()")
        pubkey = encrypt_params.get("pubkey")
        if pubkey is None:
            pubkey = _public_key_of(encrypt_params)
        keys = {"p256dh": _key_text(pubkey, "pubkey"), "auth": _key_text(encrypt_params["auth"], "auth")}
        alerts = _alerts(follow_events, favourite_events, reblog_events, mention_events, poll_events,
                         follow_request_events, status_events, update_events, admin_sign_up_events,
                         admin_report_events, quote_events, quoted_update_events)
        params = {"subscription": {"endpoint": endpoint, "keys": keys, "standard": standard},
                  "data": {"alerts": alerts, "policy": policy}}
        return self._api_request("POST", "/api/v1/push/subscription", params)

    @api_version("2.4.0", "2.4.0")
    def push_subscription_update(self, follow_events: Optional[bool] = None, favourite_events: Optional[bool] = None,
                                 reblog_events: Optional[bool] = None, mention_events: Optional[bool] = None,
                                 poll_events: Optional[bool] = None, follow_request_events: Optional[bool] = None,
                                 status_events: Optional[bool] = None, policy: Optional[str] = "all",
                                 update_events: Optional[bool] = None, admin_sign_up_events: Optional[bool] = None,
                                 admin_report_events: Optional[bool] = None, quote_events: Optional[bool] = None,
                                 quoted_update_events: Optional[bool] = None) -> WebPushSubscription:
        """Change which notifications the current subscription pushes (``PUT /api/v1/push/subscription``).

        The server replaces the whole selection: switches not given are turned off. The endpoint
        and keys cannot change; subscribe again with :meth:`push_subscription_set` for that.

        :param follow_events: new followers.
        :param favourite_events: favourites of the user's statuses.
        :param reblog_events: boosts of the user's statuses.
        :param mention_events: mentions.
        :param poll_events: polls the user voted in or created have ended.
        :param follow_request_events: follow requests.
        :param status_events: new statuses of accounts the user asked to be notified about.
        :param policy: from whom pushes may come: ``"all"``, ``"followed"``, ``"follower"`` or ``"none"``.
        :param update_events: edits of statuses the user boosted.
        :param admin_sign_up_events: sign-ups (moderators only).
        :param admin_report_events: new reports (moderators only).
        :param quote_events: quotes of the user's statuses.
        :param quoted_update_events: edits of statuses the user quoted.
        :returns: WebPushSubscription, as it is now.
        """
        check_choice("policy", policy, PUSH_POLICIES)
        alerts = _alerts(follow_events, favourite_events, reblog_events, mention_events, poll_events,
                         follow_request_events, status_events, update_events, admin_sign_up_events,
                         admin_report_events, quote_events, quoted_update_events)
        return self._api_request("PUT", "/api/v1/push/subscription", {"data": {"alerts": alerts, "policy": policy}})

    @api_version("2.4.0", "2.4.0")
    def push_subscription_delete(self) -> None:
        """End the Web Push subscription of this access token (``DELETE /api/v1/push/subscription``).

        :returns: None.
        """
        self._api_request("DELETE", "/api/v1/push/subscription")

    # -- crypto -----------------------------------------------------------------------------------
    def push_subscription_generate_keys(self) -> Tuple[AttribAccessDict, AttribAccessDict]:
        """Make a fresh key pair and shared secret for a Web Push subscription (no request is sent).

        Needs the ``webpush`` extra (``cryptography``).

        :returns: ``(private, public)`` (the order scripts written for the classic interface
            unpack): ``public`` has ``pubkey`` (the uncompressed P-256 point,
            65 bytes) and ``auth`` (16 random bytes) and goes to :meth:`push_subscription_set`;
            ``private`` has ``privkey`` (the private number, an int) and the same ``auth``, is
            needed by :meth:`push_subscription_decrypt_push`, and must be kept secret.
        """
        ec, serialization, _ = _webpush_modules(with_ece=False)
        key = ec.generate_private_key(ec.SECP256R1())
        pubkey = key.public_key().public_bytes(serialization.Encoding.X962,
                                               serialization.PublicFormat.UncompressedPoint)
        auth = os.urandom(16)
        public = AttribAccessDict(pubkey=pubkey, auth=auth)
        private = AttribAccessDict(privkey=key.private_numbers().private_value, auth=auth)
        return private, public

    @api_version("2.4.0", "2.4.0")
    def push_subscription_decrypt_push(self, data: Union[bytes, bytearray, memoryview],
                                       decrypt_params: Mapping[str, Any], encryption_header: Optional[str] = None,
                                       crypto_key_header: Optional[str] = None) -> PushNotification:
        """Decrypt the body of a Web Push request the server sent to the subscription's endpoint
        (nothing is sent to the server).

        Legacy pushes (``Content-Encoding: aesgcm``) carry the salt and the server's key in the
        ``Encryption`` and ``Crypto-Key`` headers; pass both. Standard pushes (``aes128gcm``,
        subscriptions made with ``standard=True``) carry them inside the body; leave the headers None.
        Needs the ``webpush`` extra (``cryptography`` and ``http_ece``).

        :param data: the raw request body, bytes.
        :param decrypt_params: the private half from :meth:`push_subscription_generate_keys`
            (``privkey`` and ``auth``).
        :param encryption_header: the push request's ``Encryption`` header (``salt=...``), for aesgcm.
        :param crypto_key_header: the push request's ``Crypto-Key`` header (``dh=...``), for aesgcm.
        :returns: PushNotification: ``notification_id``, ``notification_type``, ``title``, ``body``,
            ``icon``, ``preferred_locale`` and ``access_token``.
        """
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise MastodonIllegalArgumentError(f"data must be the raw push body as bytes; got {type(data).__name__}")
        if not isinstance(decrypt_params, Mapping) or "privkey" not in decrypt_params or "auth" not in decrypt_params:
            raise MastodonIllegalArgumentError(
                "decrypt_params must be the private dict ('privkey' and 'auth'), the first item returned by "
                "push_subscription_generate_keys()")
        if (encryption_header is None) != (crypto_key_header is None):
            raise MastodonIllegalArgumentError(
                "aesgcm pushes need both the Encryption and the Crypto-Key header; aes128gcm pushes neither")
        ec, _, http_ece = _webpush_modules(with_ece=True)
        private_key = _private_key(ec, decrypt_params["privkey"])
        auth = _key_bytes(decrypt_params["auth"], "auth")
        try:
            if encryption_header is not None:
                salt = _header_params(encryption_header, "Encryption").get("salt")
                dh = _header_params(str(crypto_key_header), "Crypto-Key").get("dh")
                if not salt or not dh:
                    raise MastodonIllegalArgumentError(
                        "the Encryption header needs salt=... and the Crypto-Key header dh=...")
                plain = http_ece.decrypt(bytes(data), salt=_b64decode(salt, "salt"), dh=_b64decode(dh, "dh"),
                                         private_key=private_key, auth_secret=auth, version="aesgcm")
            else:
                plain = http_ece.decrypt(bytes(data), private_key=private_key, auth_secret=auth,
                                         version="aes128gcm")
        except (http_ece.ECEException, ValueError) as e:
            if isinstance(e, MastodonIllegalArgumentError):
                raise
            raise MastodonIllegalArgumentError(f"the push could not be decrypted with these keys: {e}") from e
        try:
            return decode_json(plain)
        except ValueError as e:
            raise MastodonIllegalArgumentError(f"the decrypted push is not JSON: {plain[:60]!r}") from e
