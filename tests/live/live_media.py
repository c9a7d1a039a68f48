"""Media files made on the spot: a PNG written by code, a short video made by ffmpeg."""

from __future__ import annotations

import struct
import subprocess
import zlib


def png(width: int = 32, height: int = 24, rgb: tuple = (200, 40, 90)) -> bytes:
    """A valid RGB PNG of one colour with a darker diagonal (so it is not trivially uniform)."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type: none
        for x in range(width):
            row += bytes(c // 3 for c in rgb) if x == y % width else bytes(rgb)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def video(path: str, seconds: float = 1.0, audio: bool = True) -> str:
    """An MP4 (H.264, with a sine tone unless ``audio`` is False) of ``seconds``, written to ``path``."""
    cmd = ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=64x48:rate=10"]
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "aac", "-shortest"]
    cmd += ["-c:v", "libx264", "-pix_fmt", "yuv420p", path]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)
    return path
