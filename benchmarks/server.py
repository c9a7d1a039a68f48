"""The benchmark server: canned Mastodon answers on 127.0.0.1, run in a process of its own.

- ``GET /api/v1/timelines/home?limit=40[&max_id=ID]``: 100 pages of 40 statuses each, with the
  ``Link``, ``Date`` and ``X-RateLimit-*`` headers a Mastodon server sends (plus a few of its other
  headers). The last page has no ``next`` link, so walking the pages stops after 4,000 statuses.
- ``GET /api/v1/streaming/user``: a server-sent-events stream of ``update`` events (``?n=`` of them).
- ``GET /api/v1/statuses/:id``: one status (the same for every id), for the concurrency figure.
- ``GET /api/v1/instance``, ``/api/v2/instance``: a small instance entity (version 4.3.0), for
  clients that look the version up.

HTTP/1.1 with keep-alive; every answer is sent with one ``sendall``. Accepted TCP connections
are counted in a shared counter the parent process reads. The server's own CPU time is never
measured.
"""

import json
import multiprocessing
import os
import socket
import sys
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import payloads  # noqa: E402

#: Requests allowed per rate-limit window: generous, so that no client ever has to wait (every
#: client is measured on the same headers, and waiting is not what is measured).
RATELIMIT_LIMIT = 30000
RATELIMIT_WINDOW = 60


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, counter: Any, pages: List[Tuple[bytes, str, str]], events: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.counter = counter
        self.pages = pages
        self.by_max_id = {last: i + 1 for i, (_, _, last) in enumerate(pages)}
        self.events = events
        self.window_count: Dict[int, int] = {}
        #: What ``GET /api/v1/statuses/:id`` answers (whatever the id): the first status of the first page.
        self.status_body = json.dumps(json.loads(pages[0][0])[0]).encode() if pages else b"{}"

    def get_request(self) -> Tuple[socket.socket, Any]:
        conn, addr = super().get_request()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.counter.get_lock():
            self.counter.value += 1
        return conn, addr


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, headers: List[Tuple[str, str]]) -> None:
        head = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}",
                "Server: Mastodon", f"Date: {formatdate(usegmt=True)}", f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in headers]
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

    def _ratelimit_headers(self) -> List[Tuple[str, str]]:
        now = time.time()
        window = int(now // RATELIMIT_WINDOW)
        count = self.server.window_count.get(window, 0) + 1
        self.server.window_count = {window: count}
        reset = time.gmtime((window + 1) * RATELIMIT_WINDOW)
        return [("X-RateLimit-Limit", str(RATELIMIT_LIMIT)),
                ("X-RateLimit-Remaining", str(max(RATELIMIT_LIMIT - count, 0))),
                ("X-RateLimit-Reset", time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", reset))]

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        path = parts.path.rstrip("/")  # some clients ask for /api/v1/instance/
        if path == "/api/v1/timelines/home":
            self._timeline(query)
        elif path == "/api/v1/streaming/user":
            self._stream(query)
        elif path.startswith("/api/v1/statuses/"):
            self._send(200, self.server.status_body, [("Content-Type", "application/json; charset=utf-8")]
                       + self._ratelimit_headers())
        elif path in ("/api/v1/instance", "/api/v2/instance"):
            host = f"http://{self.headers.get('Host', '127.0.0.1')}"
            instance = {"uri": payloads.INSTANCE, "domain": payloads.INSTANCE, "title": "Benchmark",
                        "version": "4.3.0", "urls": {"streaming_api": host},
                        "configuration": {"urls": {"streaming": host}}}
            self._send(200, json.dumps(instance).encode(), [("Content-Type", "application/json; charset=utf-8")])
        else:
            self._send(404, b'{"error":"Record not found"}', [("Content-Type", "application/json; charset=utf-8")])

    def _timeline(self, query: Dict[str, List[str]]) -> None:
        max_id = query.get("max_id", [None])[0]
        index = self.server.by_max_id.get(max_id, 0) if max_id else 0
        if index >= len(self.server.pages):
            body, first, last = b"[]", None, None
        else:
            body, first, last = self.server.pages[index]
        base = f"http://{self.headers.get('Host', '127.0.0.1')}/api/v1/timelines/home"
        links = []
        if last is not None and index + 1 < len(self.server.pages):
            links.append(f'<{base}?limit=40&max_id={last}>; rel="next"')
        if first is not None:
            links.append(f'<{base}?limit=40&min_id={first}>; rel="prev"')
        headers = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Vary", "Accept, Accept-Encoding, Origin"),
            ("Cache-Control", "private, no-store"),
            ("X-Request-Id", f"{os.getpid():x}-{time.monotonic_ns():x}"),
            ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("ETag", f'W/"{hash(body) & 0xffffffff:08x}"'),
        ] + self._ratelimit_headers()
        if links:
            headers.append(("Link", ", ".join(links)))
        self._send(200, body, headers)

    def _stream(self, query: Dict[str, List[str]]) -> None:
        n = int(query.get("n", ["0"])[0] or 0)
        data = self.server.events if not n else payloads.sse_events(n)
        head = ("HTTP/1.1 200 OK\r\nServer: Mastodon\r\nContent-Type: text/event-stream\r\n"
                "Cache-Control: no-store\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n")
        self.close_connection = True
        try:
            self.wfile.write(head.encode("latin-1"))
            step = 16384
            for i in range(0, len(data), step):
                chunk = data[i:i + step]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading


def _serve(port_pipe: Any, counter: Any, n_pages: int, n_events: int) -> None:
    pages = payloads.page_bodies(n_pages)
    events = payloads.sse_events(n_events)
    server = _Server(counter, pages, events)
    port_pipe.send(server.server_address[1])
    port_pipe.close()
    server.serve_forever(poll_interval=0.2)


class BenchServer:
    """Start with ``with BenchServer() as srv:``; ``srv.url``, ``srv.connections``."""

    def __init__(self, n_pages: int = payloads.N_PAGES, n_events: int = 5000) -> None:
        self.n_events = n_events
        ctx = multiprocessing.get_context("spawn")
        self._counter = ctx.Value("l", 0)
        parent, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, self._counter, n_pages, n_events), daemon=True)
        self._process.start()
        deadline = time.monotonic() + 120
        while not parent.poll(0.1):
            if not self._process.is_alive() or time.monotonic() > deadline:
                self._process.terminate()
                raise RuntimeError("the benchmark server did not start")
        self.port = parent.recv()
        self.url = f"http://127.0.0.1:{self.port}"

    @property
    def connections(self) -> int:
        """TCP connections accepted so far."""
        return int(self._counter.value)

    def close(self) -> None:
        self._process.terminate()
        self._process.join(5)

    def __enter__(self) -> "BenchServer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


if __name__ == "__main__":
    with BenchServer() as srv:
        print(srv.url, "(Ctrl-C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
