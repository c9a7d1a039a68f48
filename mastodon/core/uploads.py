"""File uploads: reading paths, bytes or file objects, guessing MIME types, streaming multipart bodies."""

from __future__ import annotations

import io
import mimetypes
import os
from typing import IO, Any, BinaryIO, Iterator, List, Optional, Sequence, Tuple, Union

from ..errors import MastodonFileNotFoundError, MastodonIllegalArgumentError

__all__ = ["Upload", "open_upload", "MultipartBody", "guess_mime_type", "FileSource"]

#: What upload parameters accept: a path (str or os.PathLike), raw bytes, or a binary file object.
FileSource = Union[str, "os.PathLike[str]", bytes, bytearray, IO[bytes]]

# (offset, signature, mime type) for the formats Mastodon accepts.
_SIGNATURES: Sequence[Tuple[int, bytes, str]] = (
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"BM", "image/bmp"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"\x1aE\xdf\xa3", "video/webm"),
    (0, b"OggS", "audio/ogg"),
    (0, b"fLaC", "audio/flac"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\xff\xfb", "audio/mpeg"),
    (0, b"\xff\xf3", "audio/mpeg"),
    (0, b"\xff\xf2", "audio/mpeg"),
)
_RIFF_KINDS = {b"WEBP": "image/webp", b"WAVE": "audio/wave", b"AVI ": "video/x-msvideo"}
_FTYP_KINDS = {b"avif": "image/avif", b"avis": "image/avif", b"heic": "image/heic", b"heix": "image/heic",
               b"mif1": "image/heif", b"qt  ": "video/quicktime", b"M4A ": "audio/mp4"}


def guess_mime_type(file_name: Optional[str] = None, head: bytes = b"") -> Optional[str]:
    """The MIME type of a file from its first bytes, else from its name; None when neither tells."""
    for offset, signature, mime in _SIGNATURES:
        if head[offset:offset + len(signature)] == signature:
            return mime
    if head[:4] == b"RIFF" and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if head[4:8] == b"ftyp":
        return _FTYP_KINDS.get(head[8:12], "video/mp4")
    if file_name:
        guessed, _ = mimetypes.guess_type(file_name, strict=False)
        if guessed:
            return guessed
    return None


class Upload:
    """One file ready to send: its name, MIME type, and a binary stream positioned at its start."""

    def __init__(self, stream: BinaryIO, file_name: str, mime_type: str, owned: bool) -> None:
        self.stream = stream
        self.file_name = file_name
        self.mime_type = mime_type
        self._owned = owned
        self._sent = False
        try:
            self._start: Optional[int] = stream.tell()
        except (AttributeError, OSError, ValueError):
            self._start = None
        self.size = self._measure()

    def _measure(self) -> Optional[int]:
        try:
            if self._start is not None:
                end = self.stream.seek(0, io.SEEK_END)
                self.stream.seek(self._start)
                return end - self._start
        except (AttributeError, OSError, ValueError):
            pass
        return None

    def begin(self) -> None:
        """Get ready to be sent: a second send (a rate-limit retry) rewinds to the start first."""
        if self._sent:
            if self._start is None:
                raise MastodonIllegalArgumentError(f"cannot resend {self.file_name!r}: its stream cannot seek")
            self.stream.seek(self._start)
        self._sent = True

    def close(self) -> None:
        """Close the stream if this upload opened it."""
        if self._owned:
            self.stream.close()


def open_upload(source: Any, mime_type: Optional[str] = None, file_name: Optional[str] = None,
                what: str = "file") -> Upload:
    """Prepare ``source`` (path, pathlib path, bytes or binary file object) for upload.

    The MIME type is ``mime_type`` when given, else guessed from the content and then from
    the name; when nothing tells, :class:`MastodonIllegalArgumentError` asks for
    ``mime_type=``. A path that does not exist raises :class:`MastodonFileNotFoundError`.
    Files given as paths are opened here and streamed from disk, never read whole.
    """
    owned = False
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        try:
            stream: BinaryIO = open(path, "rb")
        except FileNotFoundError as e:
            raise MastodonFileNotFoundError(f"{what}: no such file: {path!r}") from e
        except OSError as e:
            raise MastodonFileNotFoundError(f"{what}: cannot read {path!r}: {e.strerror or e}") from e
        owned = True
        file_name = file_name or os.path.basename(path)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        stream = io.BytesIO(bytes(source))
    elif hasattr(source, "read"):
        stream = source
        if file_name is None:
            name = getattr(source, "name", None)
            file_name = os.path.basename(name) if isinstance(name, str) else None
    else:
        raise MastodonIllegalArgumentError(
            f"{what}: expected a path, bytes or a binary file object, got {type(source).__name__}")
    try:
        if mime_type is None:
            head = _peek(stream)
            mime_type = guess_mime_type(file_name, head)
            if mime_type is None:
                raise MastodonIllegalArgumentError(
                    f"{what}: cannot tell the MIME type of {file_name or 'the data given'}; pass mime_type=")
        if not file_name:
            ext = mimetypes.guess_extension(mime_type) or ""
            file_name = "mastodonpyupload_" + _random_hex() + ext
        return Upload(stream, file_name, mime_type, owned)
    except BaseException:
        if owned:
            stream.close()
        raise


def _random_hex() -> str:
    """32 random hex digits (a uuid4), for multipart boundaries and names of unnamed uploads."""
    # uuid is imported here, on the first upload: at import time it would also pull in
    # platform, together some milliseconds of every ``import mastodon``.
    import uuid
    return uuid.uuid4().hex


def _peek(stream: BinaryIO, size: int = 32) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is not None:
        try:
            return bytes(peek(size)[:size])
        except (OSError, ValueError):
            pass
    try:
        start = stream.tell()
        head = stream.read(size)
        stream.seek(start)
    except (OSError, ValueError, AttributeError):
        return b""
    if isinstance(head, str):
        raise MastodonIllegalArgumentError("upload streams must be opened in binary mode ('rb')")
    return head or b""


class MultipartBody:
    """A multipart/form-data body that reads its files while it is being sent.

    ``requests`` sends an object with ``read`` and ``len`` chunk by chunk with a
    Content-Length, so a large upload never sits in memory. ``len`` is None when a file's
    size cannot be known (a pipe); :meth:`chunks` then serves a chunked upload.
    """

    def __init__(self, fields: Sequence[Tuple[str, Any]], files: Sequence[Tuple[str, Upload]]) -> None:
        self.boundary = _random_hex()
        self.content_type = f"multipart/form-data; boundary={self.boundary}"
        self._parts: List[Union[bytes, Upload]] = []
        for name, value in fields:
            self._parts.append(self._head(name) + b"\r\n" + str(value).encode("utf-8") + b"\r\n")
        for name, upload in files:
            upload.begin()
            self._parts.append(self._head(name, upload.file_name) +
                               f"Content-Type: {upload.mime_type}\r\n".encode("utf-8") + b"\r\n")
            self._parts.append(upload)
            self._parts.append(b"\r\n")
        self._parts.append(f"--{self.boundary}--\r\n".encode("ascii"))
        sizes = [len(p) if isinstance(p, bytes) else p.size for p in self._parts]
        self.len: Optional[int] = None if None in sizes else sum(s for s in sizes if s is not None)
        self._index = 0
        self._buffer = b""

    def _head(self, name: str, file_name: Optional[str] = None) -> bytes:
        disposition = f'Content-Disposition: form-data; name="{_quote(name)}"'
        if file_name is not None:
            disposition += f'; filename="{_quote(file_name)}"'
        return f"--{self.boundary}\r\n{disposition}\r\n".encode("utf-8")

    def chunks(self, size: int = 1 << 16) -> Iterator[bytes]:
        """The body as an iterator of chunks."""
        return iter(lambda: self.read(size), b"")

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 62
        out = bytearray()
        while len(out) < size and self._index < len(self._parts):
            part = self._parts[self._index]
            if isinstance(part, bytes):
                if not self._buffer:
                    self._buffer = part
                take = self._buffer[:size - len(out)]
                out += take
                self._buffer = self._buffer[len(take):]
                if not self._buffer:
                    self._index += 1
            else:
                chunk = part.stream.read(min(size - len(out), 1 << 16))
                if not chunk:
                    self._index += 1
                else:
                    out += chunk
        return bytes(out)


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
