"""Counting a status's length the way Mastodon's character limit does."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["status_length", "grapheme_count"]

#: Every link counts as this many characters, whatever its real length.
URL_LENGTH = 23

_URL_RE = re.compile(r"(?<![\w/.@])https?://[^\s<>\"]+", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:!?'\")]}"
_MENTION_RE = re.compile(r"(?<![\w/])@([a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)@[a-z0-9.\-]*[a-z0-9]", re.IGNORECASE)

_ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    """Characters that attach to the previous one in a user-perceived character."""
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True  # variation selectors, skin tones, emoji tag sequences
    if 0xE0100 <= code <= 0xE01EF:
        return True
    return unicodedata.category(ch) in ("Mn", "Me", "Mc") or ch == _ZWJ


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def grapheme_count(text: str) -> int:
    """The number of user-perceived characters (an approximation of Unicode grapheme clusters).

    Combining marks, variation selectors, skin-tone modifiers, emoji tag sequences and
    ZWJ-joined emoji stay with their base character; a pair of regional indicators is one
    flag; CR LF is one character.
    """
    count = 0
    previous = ""
    joined = False
    regional_open = False
    for ch in text:
        if previous and (_extends(ch) or joined):
            joined = ch == _ZWJ
            previous = ch
            continue
        if previous == "\r" and ch == "\n":
            previous = ch
            continue
        if _regional(ch):
            if regional_open:
                regional_open = False
                previous = ch
                continue
            regional_open = True
        else:
            regional_open = False
        count += 1
        joined = False
        previous = ch
    return count


def _shorten_urls(text: str) -> str:
    def replace(m: "re.Match[str]") -> str:
        url = m.group(0)
        stripped = url.rstrip(_TRAILING_PUNCT)
        return "x" * URL_LENGTH + url[len(stripped):]
    return _URL_RE.sub(replace, text)


def status_length(text: str, spoiler_text: str = "") -> int:
    """How many characters of the server's limit ``text`` plus ``spoiler_text`` use up.

    Links count as 23 characters, a mention of a remote account (``@user@domain``) only
    as its local part (``@user``), and characters are counted as a reader sees them.
    """
    countable = _MENTION_RE.sub(lambda m: "@" + m.group(1), _shorten_urls(text or ""))
    return grapheme_count(countable) + grapheme_count(spoiler_text or "")
