"""Decoding BlurHash placeholders (the ``blurhash`` of media attachments) into pixels."""

from __future__ import annotations

import math
from typing import List, Tuple

from ..errors import MastodonIllegalArgumentError

__all__ = ["decode_blurhash", "blurhash_components"]

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"
_DIGITS = {c: i for i, c in enumerate(_ALPHABET)}


def _base83(text: str) -> int:
    value = 0
    for ch in text:
        try:
            value = value * 83 + _DIGITS[ch]
        except KeyError:
            raise MastodonIllegalArgumentError(f"invalid character {ch!r} in blurhash") from None
    return value


def _srgb_to_linear(value: int) -> float:
    v = value / 255.0
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _linear_to_srgb(value: float) -> int:
    v = min(max(value, 0.0), 1.0)
    out = v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return int(out * 255 + 0.5)


def _sign_pow(value: float, exponent: float) -> float:
    return math.copysign(abs(value) ** exponent, value)


def blurhash_components(blurhash: str) -> Tuple[int, int]:
    """(horizontal, vertical) number of components encoded in a blurhash."""
    if not isinstance(blurhash, str) or len(blurhash) < 6:
        raise MastodonIllegalArgumentError(f"not a blurhash: {blurhash!r}")
    size = _base83(blurhash[0])
    return size % 9 + 1, size // 9 + 1


def decode_blurhash(blurhash: str, width: int, height: int, linear: bool = True) -> List[List[List[float]]]:
    """Decode ``blurhash`` into ``height`` rows of ``width`` RGB pixels.

    With ``linear`` the channels are linear-light floats in [0, 1]; otherwise sRGB
    integers in [0, 255].
    """
    nx, ny = blurhash_components(blurhash)
    if len(blurhash) != 4 + 2 * nx * ny:
        raise MastodonIllegalArgumentError(
            f"blurhash has {len(blurhash)} characters; {nx}x{ny} components need {4 + 2 * nx * ny}")
    if width <= 0 or height <= 0:
        raise MastodonIllegalArgumentError("blurhash output size must be positive")
    max_ac = (_base83(blurhash[1]) + 1) / 166.0
    dc = _base83(blurhash[2:6])
    colors = [(_srgb_to_linear(dc >> 16), _srgb_to_linear((dc >> 8) & 255), _srgb_to_linear(dc & 255))]
    for k in range(1, nx * ny):
        v = _base83(blurhash[4 + 2 * k:6 + 2 * k])
        r, g, b = (_sign_pow((q - 9) / 9.0, 2.0) * max_ac for q in (v // 361, (v // 19) % 19, v % 19))
        colors.append((r, g, b))
    cos_x = [[math.cos(math.pi * x * i / width) for i in range(nx)] for x in range(width)]
    cos_y = [[math.cos(math.pi * y * j / height) for j in range(ny)] for y in range(height)]
    rows: List[List[List[float]]] = []
    for y in range(height):
        row = []
        cy = cos_y[y]
        for x in range(width):
            cx = cos_x[x]
            r = g = b = 0.0
            for j in range(ny):
                for i in range(nx):
                    basis = cx[i] * cy[j]
                    cr, cg, cb = colors[j * nx + i]
                    r += cr * basis
                    g += cg * basis
                    b += cb * basis
            if linear:
                row.append([min(max(r, 0.0), 1.0), min(max(g, 0.0), 1.0), min(max(b, 0.0), 1.0)])
            else:
                row.append([_linear_to_srgb(r), _linear_to_srgb(g), _linear_to_srgb(b)])
        rows.append(row)
    return rows
