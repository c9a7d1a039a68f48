"""Fixtures of the streaming tests: an SSE server (the loopback server with event feeds) and a WebSocket server."""

import os
import sys
from typing import Iterator

import pytest

# Appended, not prepended: "import conftest" elsewhere must keep finding tests/conftest.py.
sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from loopback import LoopbackServer  # noqa: E402
from stream_servers import SSEServer, WSServer  # noqa: E402

from mastodon import Mastodon  # noqa: E402

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
    with LoopbackServer() as http:
        server = WSServer(http, token=TOKEN).start()
        yield server
        server.stop()


@pytest.fixture
def ws_api(ws: WSServer) -> Mastodon:
    return Mastodon(access_token=TOKEN, api_base_url=ws.http.url)
