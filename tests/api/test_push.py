"""Web Push: subscription endpoints, key generation, and decrypting real encrypted pushes."""

import base64
import builtins
import json
import os

import pytest

from conftest import BASE, entity, form_matcher, query_matcher
from mastodon import AttribAccessDict, MastodonIllegalArgumentError, MastodonNotFoundError

http_ece = pytest.importorskip("http_ece")
ec = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ec")
from cryptography.hazmat.primitives import serialization  # noqa: E402

PUSH = {"access_token": "token-of-the-app", "preferred_locale": "en", "notification_id": 4242,
        "notification_type": "mention", "icon": "https://mastodon.example/avatars/original/missing.png",
        "title": "You were mentioned by Alice", "body": "@bob héllo 👋"}


def b64(raw):
    return base64.urlsafe_b64encode(raw).decode("ascii")


def server_encrypt(public, payload, standard):
    """Encrypt ``payload`` for a subscriber the way a Mastodon server does; returns (body, Encryption, Crypto-Key)."""
    server_key = ec.generate_private_key(ec.SECP256R1())
    salt = os.urandom(16)
    version = "aes128gcm" if standard else "aesgcm"
    body = http_ece.encrypt(payload, salt=salt, private_key=server_key, dh=public["pubkey"],
                            auth_secret=public["auth"], version=version)
    if standard:
        return body, None, None
    server_public = server_key.public_key().public_bytes(serialization.Encoding.X962,
                                                         serialization.PublicFormat.UncompressedPoint)
    return body, f"salt={b64(salt).rstrip('=')}", f"dh={b64(server_public).rstrip('=')};p256ecdsa=BOGUSVAPIDKEY"


def check_subscription(sub):
    assert isinstance(sub, AttribAccessDict)
    assert sub.endpoint == "https://yourdomain.example/listener" and sub.alerts.mention is True
    assert sub.server_key.startswith("BCk-")


# -- endpoints ---------------------------------------------------------------------------------------
def test_push_subscription(api, rsps):
    rsps.get(BASE + "/api/v1/push/subscription", json=entity("WebPushSubscription"), match=[query_matcher({})])
    check_subscription(api.push_subscription())


def test_push_subscription_missing(api, rsps):
    rsps.get(BASE + "/api/v1/push/subscription", status=404, json={"error": "Record not found"})
    with pytest.raises(MastodonNotFoundError):
        api.push_subscription()


def test_push_subscription_set_sends_keys_alerts_and_policy(api, rsps):
    public = {"pubkey": b"\x04" + bytes(range(64)), "auth": bytes(range(16))}
    rsps.post(BASE + "/api/v1/push/subscription", json=entity("WebPushSubscription"), match=[form_matcher({
        "subscription[endpoint]": "https://relay.example/push/1",
        "subscription[keys][p256dh]": b64(public["pubkey"]), "subscription[keys][auth]": b64(public["auth"]),
        "subscription[standard]": "true",
        "data[alerts][follow]": "true", "data[alerts][favourite]": "false", "data[alerts][reblog]": "true",
        "data[alerts][mention]": "true", "data[alerts][poll]": "false", "data[alerts][follow_request]": "true",
        "data[alerts][status]": "true", "data[alerts][update]": "false", "data[alerts][admin.sign_up]": "true",
        "data[alerts][admin.report]": "false", "data[alerts][quote]": "true",
        "data[alerts][quoted_update]": "false", "data[policy]": "followed"})])
    sub = api.push_subscription_set(
        "https://relay.example/push/1", public, follow_events=True, favourite_events=False, reblog_events=True,
        mention_events=True, poll_events=False, follow_request_events=True, status_events=True, policy="followed",
        update_events=False, admin_sign_up_events=True, admin_report_events=False, quote_events=True,
        quoted_update_events=False, standard=True)
    check_subscription(sub)


def test_push_subscription_set_minimal(api, rsps):
    rsps.post(BASE + "/api/v1/push/subscription", json=entity("WebPushSubscription"), match=[form_matcher({
        "subscription[endpoint]": "https://relay.example/push/1", "subscription[keys][p256dh]": "BPUBKEY",
        "subscription[keys][auth]": "AUTHKEY", "data[alerts][mention]": "true", "data[policy]": "all"})])
    check_subscription(api.push_subscription_set("https://relay.example/push/1",
                                                 {"pubkey": "BPUBKEY", "auth": "AUTHKEY"}, mention_events=True))


def test_push_subscription_set_accepts_the_private_dict_too(api, rsps):
    private, public = api.push_subscription_generate_keys()
    rsps.post(BASE + "/api/v1/push/subscription", json=entity("WebPushSubscription"), match=[form_matcher({
        "subscription[endpoint]": "https://relay.example/push/1", "subscription[keys][p256dh]": b64(public.pubkey),
        "subscription[keys][auth]": b64(public.auth), "data[policy]": "all"})])
    api.push_subscription_set("https://relay.example/push/1", private)


@pytest.mark.parametrize("call", [
    lambda api: api.push_subscription_set("https://relay.example", {"pubkey": b"x", "auth": b"y"}, policy=1),
    lambda api: api.push_subscription_set("", {"pubkey": b"x", "auth": b"y"}),
    lambda api: api.push_subscription_set("https://relay.example", {"pubkey": b"x"}),
    lambda api: api.push_subscription_set("https://relay.example", {"pubkey": 5, "auth": b"y"}),
    lambda api: api.push_subscription_set("https://relay.example", None),
    lambda api: api.push_subscription_update(policy=["all"]),
])
def test_bad_subscription_arguments_are_refused_before_sending(api, rsps, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(api)
    assert len(rsps.calls) == 0


def test_push_subscription_update(api, rsps):
    rsps.put(BASE + "/api/v1/push/subscription", json=entity("WebPushSubscription"), match=[form_matcher({
        "data[alerts][mention]": "true", "data[alerts][follow]": "false", "data[alerts][admin.sign_up]": "true",
        "data[policy]": "none"})])
    check_subscription(api.push_subscription_update(mention_events=True, follow_events=False,
                                                    admin_sign_up_events=True, policy="none"))


def test_push_subscription_update_default_policy(api, rsps):
    rsps.put(BASE + "/api/v1/push/subscription", json=entity("WebPushSubscription"),
             match=[form_matcher({"data[policy]": "all"})])
    check_subscription(api.push_subscription_update())


def test_push_subscription_delete(api, rsps):
    rsps.delete(BASE + "/api/v1/push/subscription", json={}, match=[query_matcher({})])
    assert api.push_subscription_delete() is None


# -- crypto ------------------------------------------------------------------------------------------
def test_generate_keys(api, rsps):
    private, public = api.push_subscription_generate_keys()
    assert set(public) == {"pubkey", "auth"} and set(private) == {"privkey", "auth"}
    assert len(public.pubkey) == 65 and public.pubkey[0] == 4
    assert len(public.auth) == 16 and public.auth == private.auth
    assert isinstance(private.privkey, int)
    derived = ec.derive_private_key(private.privkey, ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    assert derived == public.pubkey
    _, other_public = api.push_subscription_generate_keys()
    assert other_public.pubkey != public.pubkey and other_public.auth != public.auth
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("standard", [False, True], ids=["aesgcm", "aes128gcm"])
def test_decrypt_push_round_trip(api, rsps, standard):
    private, public = api.push_subscription_generate_keys()
    body, encryption, crypto_key = server_encrypt(public, json.dumps(PUSH).encode("utf-8"), standard)
    push = api.push_subscription_decrypt_push(body, private, encryption, crypto_key)
    assert isinstance(push, AttribAccessDict)
    assert push == PUSH
    assert push.notification_id == 4242 and push.notification_type == "mention" and push.body == "@bob héllo 👋"
    assert len(rsps.calls) == 0


def test_decrypt_push_accepts_base64_keys_and_padded_headers(api):
    private, public = api.push_subscription_generate_keys()
    body, encryption, crypto_key = server_encrypt(public, json.dumps(PUSH).encode("utf-8"), False)
    textual = {"privkey": b64(private.privkey.to_bytes(32, "big")), "auth": b64(private.auth)}
    push = api.push_subscription_decrypt_push(bytearray(body), textual, encryption + "==", " " + crypto_key)
    assert push.title == PUSH["title"]


def test_decrypt_push_with_the_wrong_keys(api):
    _, public = api.push_subscription_generate_keys()
    someone_else, _ = api.push_subscription_generate_keys()
    body, encryption, crypto_key = server_encrypt(public, b'{"x": 1}', False)
    with pytest.raises(MastodonIllegalArgumentError, match="could not be decrypted"):
        api.push_subscription_decrypt_push(body, someone_else, encryption, crypto_key)


def test_decrypt_push_that_is_not_json(api):
    private, public = api.push_subscription_generate_keys()
    body, _, _ = server_encrypt(public, b"plain text", True)
    with pytest.raises(MastodonIllegalArgumentError, match="not JSON"):
        api.push_subscription_decrypt_push(body, private)


@pytest.mark.parametrize("args", [
    ("not bytes", "PRIVATE", "salt=AAAA", "dh=AAAA"),
    (b"body", {"pubkey": b"x", "auth": b"y"}, "salt=AAAA", "dh=AAAA"),
    (b"body", "PRIVATE", "salt=AAAA", None),
    (b"body", "PRIVATE", "nonsense", "dh=AAAA"),
    (b"body", "PRIVATE", "keyid=p256dh", "dh=AAAA"),
    (b"body", {"privkey": 1.5, "auth": b"y"}, "salt=AAAA", "dh=AAAA"),
    (b"body", {"privkey": 0, "auth": b"y"}, "salt=AAAA", "dh=AAAA"),
])
def test_decrypt_push_refuses_bad_arguments(api, args):
    private, _ = api.push_subscription_generate_keys()
    args = tuple(private if a == "PRIVATE" else a for a in args)
    with pytest.raises(MastodonIllegalArgumentError):
        api.push_subscription_decrypt_push(*args)


@pytest.fixture
def without_webpush_packages(monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.split(".")[0] in ("cryptography", "http_ece"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_crypto_without_the_optional_packages(api, rsps, without_webpush_packages):
    with pytest.raises(MastodonIllegalArgumentError, match=r"pip install 'mastodon-client\[webpush\]'") as info:
        api.push_subscription_generate_keys()
    assert isinstance(info.value.__cause__, ImportError)
    with pytest.raises(MastodonIllegalArgumentError, match="webpush"):
        api.push_subscription_decrypt_push(b"body", {"privkey": 5, "auth": b"a" * 16}, "salt=AAAA", "dh=AAAA")


def test_subscribing_needs_no_optional_package(api, rsps, without_webpush_packages):
    rsps.post(BASE + "/api/v1/push/subscription", json=entity("WebPushSubscription"))
    check_subscription(api.push_subscription_set("https://relay.example/push/1", {"pubkey": b"k", "auth": b"a"}))
