"""stream_healthy on servers without the health endpoint: does a WebSocket connection open?"""

from __future__ import annotations

import logging
from typing import Any

from ..errors import MastodonAPIError, MastodonError

__all__ = ["websocket_streaming_works", "NO_HEALTH_ENDPOINT"]

log = logging.getLogger("mastodon.streaming")

#: Answers to ``GET /api/v1/streaming/health`` that mean "no such endpoint here" (GoToSocial
#: answers 404), not "the streaming server is down".
NO_HEALTH_ENDPOINT = (404, 405, 410, 426)


def websocket_streaming_works(api: Any, error: BaseException) -> bool:
    """The answer of :meth:`Mastodon.stream_healthy` after the health check failed with ``error``.

    A server that streams over WebSocket only has no health endpoint: there, streaming is
    healthy when a WebSocket connection to ``/api/v1/streaming`` opens (it is closed at once).
    Any other failure, or no ``websockets`` package, is False.
    """
    if not isinstance(error, MastodonAPIError) or error.status_code not in NO_HEALTH_ENDPOINT:
        return False
    from .discovery import streaming_base_url, ws_url
    from .websocket import load_websockets

    try:
        websockets = load_websockets()
        url = ws_url(streaming_base_url(api)) + "/api/v1/streaming"
        timeout = api.request_timeout[0] if isinstance(api.request_timeout, tuple) else api.request_timeout
        headers = {k: v for k, v in api._headers.items() if k != "User-Agent"}
        with websockets.sync.client.connect(url, additional_headers=headers, open_timeout=timeout or 30,
                                            user_agent_header=api._headers.get("User-Agent"), close_timeout=1):
            pass
    except (MastodonError, OSError, TimeoutError, ImportError) as e:
        log.debug("no WebSocket streaming either: %s", e)
        return False
    except Exception as e:  # websockets' handshake errors (InvalidStatus, InvalidHandshake, ...)
        if type(e).__module__.startswith("websockets"):
            log.debug("no WebSocket streaming either: %s", e)
            return False
        raise
    return True
