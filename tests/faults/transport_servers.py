"""Loopback servers that misbehave below HTTP: resets, silence, trickling, failing TLS handshakes.

``RawServer(handler)`` accepts TCP connections on 127.0.0.1 and runs ``handler(conn, server)``
in a thread for each; ``server.stop`` is an Event handlers wait on instead of sleeping, so
closing the server ends them at once.
"""

import datetime
import selectors
import socket
import ssl
import struct
import threading
from typing import Callable, List, Optional


def read_request(conn: socket.socket) -> bytes:
    """Read one request's head (and a small body after it, if already sent)."""
    data = b""
    conn.settimeout(5)
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def reset(conn: socket.socket) -> None:
    """Close with a TCP RST instead of a FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


class RawServer:
    def __init__(self, handler: Callable[[socket.socket, "RawServer"], None],
                 tls_context: Optional[ssl.SSLContext] = None) -> None:
        self.handler = handler
        self.tls_context = tls_context
        self.stop = threading.Event()
        self.connections: List[socket.socket] = []
        self.requests: List[bytes] = []
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.setblocking(False)
        self.port = self._sock.getsockname()[1]
        # __exit__ wakes the accept loop through this pair: no polling, no delay when stopping.
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"{'https' if self.tls_context else 'http'}://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._sock, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self.stop.is_set():
                selector.select()
                if self.stop.is_set():
                    break
                try:
                    conn, _ = self._sock.accept()
                except OSError:
                    continue
                conn.setblocking(True)
                self.connections.append(conn)
                threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        try:
            if self.tls_context is not None:
                conn = self.tls_context.wrap_socket(conn, server_side=True)
            self.handler(conn, self)
        except (OSError, ssl.SSLError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def __enter__(self) -> "RawServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._wake_w.send(b"x")
        self._thread.join(2)
        self._wake_w.close()
        self._wake_r.close()
        self._sock.close()
        for conn in self.connections:
            try:
                conn.close()
            except OSError:
                pass


def self_signed_context(tmp_path) -> ssl.SSLContext:
    """A server TLS context with a freshly made self-signed certificate for 127.0.0.1."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert_path), str(key_path))
    return context
