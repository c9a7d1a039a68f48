"""The optional ``websockets`` package, imported on first use (``import mastodon`` stays light)."""

from __future__ import annotations

from typing import Any

from ..errors import MastodonError

__all__ = ["INSTALL_HINT", "WebSocketUnavailableError", "load_websockets"]

INSTALL_HINT = "pip install 'mastodon-client[websocket]'"


class WebSocketUnavailableError(MastodonError, ImportError):
    """The WebSocket transport is needed but the ``websockets`` package is not installed."""


def load_websockets() -> Any:
    """The ``websockets`` package, imported on first use only (``import mastodon`` stays light)."""
    try:
        import websockets.exceptions  # noqa: F401
        import websockets.sync.client
    except ImportError as e:
        raise WebSocketUnavailableError(
            f"streaming over WebSocket needs the websockets package (>= 12): {INSTALL_HINT}") from e
    return websockets
