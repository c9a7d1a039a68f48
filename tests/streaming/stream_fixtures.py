"""The streaming test fixtures, importable by test modules outside tests/streaming (``from stream_fixtures import *``).

- ``sse``: a loopback server whose streaming endpoints are event feeds the test writes to;
  ``sse_api`` a client of it.
- ``ws``: a WebSocket streaming server (GoToSocial-like: plain HTTP requests get 404) and its
  REST side; ``ws_api`` a client of it.
"""

from typing import Iterator

import pytest
from loopback import LoopbackServer
from stream_servers import SSEServer, WSServer

from mastodon import Mastodon

__all__ = ["TOKEN", "sse", "sse_api", "ws", "ws_api"]

TOKEN = "test-access-token"


@pytest.fixture
def sse() -> Iterator[SSEServer]:
    """A loopback server whose streaming endpoints are event feeds the test writes to."""
    with LoopbackServer() as http:
        server = SSEServer(http)
        yield server
        server.stop()


@pytest.fixture
def sse_api(sse: SSEServer) -> Mastodon:
    return Mastodon(access_token=TOKEN, api_base_url=sse.url)


@pytest.fixture
def ws() -> Iterator[WSServer]:
    """A WebSocket streaming server (GoToSocial-like: plain HTTP requests get 404), and its REST side."""
    pytest.importorskip("websockets")
    with LoopbackServer() as http:
        server = WSServer(http, token=TOKEN).start()
        yield server
        server.stop()


@pytest.fixture
def ws_api(ws: WSServer) -> Mastodon:
    return Mastodon(access_token=TOKEN, api_base_url=ws.http.url)
