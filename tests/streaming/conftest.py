"""Fixtures of the streaming tests: an SSE server (the loopback server with event feeds) and a WebSocket server."""

import os
import sys

# Appended, not prepended: "import conftest" elsewhere must keep finding tests/conftest.py.
sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from stream_fixtures import TOKEN, sse, sse_api, ws, ws_api  # noqa: E402,F401
