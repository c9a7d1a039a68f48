"""A real HTTP server on 127.0.0.1 for tests that need sockets: waits, timeouts, pagination, streaming.

Routes map (method, path) to a handler. A handler gets the :class:`Recorded` request and
returns one of:

- a :class:`Reply` (status, headers, body; body may be bytes, str, JSON-able, or an
  iterator of byte chunks that is streamed with ``Connection: close``; with
  ``chunked=True`` the chunks are sent with chunked transfer encoding, as streaming servers
  do; an iterator that raises :class:`DropConnection` makes the server cut the connection
  there, without ending the body properly);
- any JSON-able value (sent as ``200 application/json``).

Every request is recorded in ``server.requests``; ``server.connections`` counts accepted
TCP connections.
"""

import json
import selectors
import socket
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit


class Recorded:
    """One request as the server saw it."""

    def __init__(self, method: str, target: str, headers: Dict[str, str], body: bytes) -> None:
        parts = urlsplit(target)
        self.method = method
        self.path = parts.path
        self.raw_query = parts.query
        self.query = parse_qs(parts.query, keep_blank_values=True)
        self.headers = headers
        self.body = body

    @property
    def form(self) -> Dict[str, List[str]]:
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def multipart(self) -> Dict[str, Tuple[Optional[str], Optional[str], bytes]]:
        """The parts of a multipart/form-data body: ``{field: (file name, content type, bytes)}``."""
        import email
        import email.policy
        kind = self.headers.get("Content-Type", "")
        assert kind.startswith("multipart/form-data; boundary="), kind
        message = email.message_from_bytes(b"Content-Type: " + kind.encode() + b"\r\n\r\n" + self.body,
                                           policy=email.policy.HTTP)
        parts = {}
        for part in message.iter_parts():
            parts[part.get_param("name", header="content-disposition")] = (
                part.get_param("filename", header="content-disposition"),
                part.get_content_type() if part.get("Content-Type") else None,
                part.get_payload(decode=True))
        return parts

    def __repr__(self) -> str:
        return f"<Recorded {self.method} {self.path}?{self.raw_query}>"


class DropConnection(Exception):
    """Raised by a streamed body's iterator: the server drops the connection at that point."""


class Reply:
    def __init__(self, body: Any = b"", status: int = 200, headers: Optional[Dict[str, str]] = None,
                 delay: float = 0.0, chunked: bool = False) -> None:
        self.status = status
        self.headers = dict(headers or {})
        self.delay = delay
        self.chunked = chunked
        if isinstance(body, (bytes, str)) or hasattr(body, "__next__"):
            self.body = body
        else:
            self.body = json.dumps(body)
            self.headers.setdefault("Content-Type", "application/json; charset=utf-8")


Handler = Callable[[Recorded], Any]


class _CountingServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: "LoopbackServer") -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def get_request(self) -> Tuple[socket.socket, Any]:
        conn, addr = super().get_request()
        with self.owner._lock:
            self.owner.connections += 1
            self.owner._sockets.append(conn)
        return conn, addr

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a timeout test) or a test that closed the server mid-answer is
        # expected here; anything else is still printed.
        import sys
        if not isinstance(sys.exc_info()[1], (ConnectionError, OSError)):
            super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _CountingServer
    # The head and the body of an answer are two writes: with Nagle's algorithm the body waits
    # for the client's delayed ACK of the head, 40 ms per request on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, *args: Any) -> None:  # keep test output clean
        pass

    def _handle(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = self._read_chunked()
        else:
            body = self.rfile.read(length) if length else b""
        rec = Recorded(self.command, self.path, {k: v for k, v in self.headers.items()}, body)
        with owner._lock:
            owner.requests.append(rec)
        handler = owner.find(self.command, rec.path)
        if handler is None:
            result: Any = Reply({"error": "Record not found"}, 404)
        else:
            result = handler(rec) if callable(handler) else handler
        if not isinstance(result, Reply):
            result = Reply(result)
        if result.delay:
            time.sleep(result.delay)
        self._send(result)

    def _read_chunked(self) -> bytes:
        out = b""
        while True:
            size = int(self.rfile.readline().strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return out
            out += self.rfile.read(size)
            self.rfile.readline()

    def _send(self, reply: Reply) -> None:
        # send_response() would add a Date header of its own: a reply's Date (a server with
        # another clock) must be the only one.
        self.send_response_only(reply.status)
        self.send_header("Server", self.version_string())
        headers = {"Date": formatdate(usegmt=True), **reply.headers}
        streaming = hasattr(reply.body, "__next__")
        if streaming:
            headers.setdefault("Content-Type", "text/event-stream")
            headers["Connection"] = "close"
            if reply.chunked:
                headers["Transfer-Encoding"] = "chunked"
        else:
            body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
            headers["Content-Length"] = str(len(body))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if streaming:
            self.close_connection = True
            try:
                for chunk in reply.body:
                    if isinstance(chunk, str):
                        chunk = chunk.encode("utf-8")
                    if chunk:
                        if reply.chunked:
                            chunk = b"%x\r\n%s\r\n" % (len(chunk), chunk)
                        self.wfile.write(chunk)
                        self.wfile.flush()
                if reply.chunked:
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
            except DropConnection:
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class LoopbackServer:
    """Start with ``with LoopbackServer() as server:``; ``server.url`` is the base URL."""

    def __init__(self) -> None:
        self.routes: Dict[Tuple[str, str], Any] = {}
        self.requests: List[Recorded] = []
        self.connections = 0
        self._sockets: List[socket.socket] = []
        self._lock = threading.Lock()
        self._httpd: Optional[_CountingServer] = None
        self._thread: Optional[threading.Thread] = None
        self._stopping = False
        self._wake_r: Optional[socket.socket] = None
        self._wake_w: Optional[socket.socket] = None

    def route(self, method: str, path: str, handler: Any) -> None:
        """Answer ``method path`` with ``handler`` (a callable, a Reply or a JSON-able value)."""
        self.routes[(method.upper(), path)] = handler

    def find(self, method: str, path: str) -> Any:
        found = self.routes.get((method, path))
        if found is None and method == "HEAD":
            found = self.routes.get(("GET", path))
        if found is None:
            found = self.routes.get(("*", path))
        return found

    @property
    def url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> "LoopbackServer":
        self._httpd = _CountingServer(self)
        self._stopping = False
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, args=(self._httpd, self._wake_r), daemon=True)
        self._thread.start()
        return self

    def _serve(self, httpd: _CountingServer, wake: socket.socket) -> None:
        # serve_forever() polls for shutdown() (every poll_interval); this loop is woken by stop()
        # instead, so stopping a server costs no polling delay (a test suite stops hundreds).
        with selectors.DefaultSelector() as selector:
            selector.register(httpd, selectors.EVENT_READ)
            selector.register(wake, selectors.EVENT_READ)
            while not self._stopping:
                ready = selector.select()
                if self._stopping:
                    break
                if any(key.fileobj is httpd for key, _ in ready):
                    httpd._handle_request_noblock()

    def stop(self) -> None:
        if self._httpd is not None:
            self._stopping = True
            assert self._wake_w is not None and self._wake_r is not None and self._thread is not None
            self._wake_w.send(b"x")
            self._thread.join()
            self._wake_w.close()
            self._wake_r.close()
            self._httpd.server_close()
            with self._lock:
                for s in self._sockets:
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    s.close()
            self._httpd = None

    def __enter__(self) -> "LoopbackServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def free_port_refusing() -> str:
    """A base URL on 127.0.0.1 where nothing listens (connections are refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"
