"""Default values shared by the client, the authentication helpers and streaming."""

from __future__ import annotations

from typing import List

#: Scopes requested when none are given: everything a typical client needs.
_DEFAULT_SCOPES: List[str] = ["read", "write", "follow", "push"]
#: Seconds to wait for a server's answer.
_DEFAULT_TIMEOUT = 300
#: Seconds a stream may stay silent (no event, no heartbeat) before it counts as dead.
_DEFAULT_STREAM_TIMEOUT = 300
#: Seconds between reconnection attempts of a background stream.
_DEFAULT_STREAM_RECONNECT_WAIT_SEC = 5
#: Sent as User-Agent unless the caller sets another.
_DEFAULT_USER_AGENT = "mastodonpy"
#: The instance used when no base URL is given anywhere (the flagship instance).
_DEFAULT_BASE_URL = "https://mastodon.social"
#: The redirect URI for copy-and-paste (out-of-band) authorization.
_OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"
#: The newest Mastodon version whose API this library follows.
_SUPPORTED_MASTODON_VERSION = "4.6.0"
