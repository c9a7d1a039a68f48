"""Counting a status's length the way Mastodon's character limit does.

The server (``StatusLengthValidator``) counts the content warning followed by the text, in
user-perceived characters, after two rewrites of the text: every link it would turn into a
link counts as 23 characters, and a mention of a remote account (``@user@domain``) counts as
``@user``. Only what the server's entity extraction (its Twitter-text based rules) finds is
rewritten, so this module follows those rules:

- a link needs a scheme (``https://``, ``http://`` and the few others Mastodon links), must
  not follow a letter, digit, ``@``, ``$`` or ``#``, and its host must be a domain name ending
  in a top-level domain. Hosts like ``localhost``, ``127.0.0.1`` or ``[::1]`` are no links,
  nor is ``https://user:pass@host`` (the text before ``@`` is not a domain);
- internationalised domains are links when they can be converted to their ASCII (IDNA) form;
- trailing punctuation (``.``, ``,``, ``)``, ``!``, ...) is not part of a link, balanced
  parentheses in a path are;
- a text of nothing but whitespace counts as empty.

The server checks the top-level domain against the list of delegated TLDs. This module
approximates that list: any alphabetic label (or ``xn--`` punycode) of two or more characters,
except names reserved for private and test use (``localhost``, ``local``, ``test``,
``example``, ``invalid``, ``internal``, ..., and the internationalised test names such as
``испытание``). As on the server, a TLD must not run on into an ASCII letter, digit or
``@``: ``https://example.comяя`` is a link to ``example.com`` followed by two letters.

Non-ASCII letters in links, where Mastodon.py 2.3.3 counts differently. Mastodon.py 2.3.3
uses the web composer's link pattern, which lets a path hold only ASCII, Latin and Cyrillic
letters and a query only ASCII. The server (twitter-text with Mastodon's own rules, in its
``config/initializers/twitter_regex.rb``) takes any non-space character in a path and any
non-ASCII letter in a query, and turns the host into ASCII (IDNA) to measure the link. This
module follows the server:

- ``https://пример.рф/путь?q=значение`` counts 23 (2.3.3: 31, the link ending at ``?q=``);
- ``https://例え.jp/パス`` counts 23 (2.3.3: 25);
- ``https://example.com/search?q=日本語`` counts 23 (2.3.3: 26);
- a remote mention of an internationalised domain, ``@user@пример.рф``, counts as ``@user``
  (2.3.3 counts it whole);
- a link whose host the server cannot turn into ASCII, or longer than 4096 characters with
  its host in ASCII, is no link (2.3.3 counts 23).
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Optional, Tuple

__all__ = ["status_length", "countable_text", "grapheme_count", "URL_LENGTH"]

#: Every link counts as this many characters, whatever its real length.
URL_LENGTH = 23
#: Links longer than this (with their host in ASCII form) are not links to the server.
_MAX_URL_LENGTH = 4096

_SCHEME_RE = re.compile(r"(?<![A-Za-z0-9@\uff20$#\uff03\ufffe\ufeff\uffff])"
                        r"(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://", re.IGNORECASE)
# The account mention the server rewrites: @user or @user@domain, not after a word character,
# "=" or "/" (so not inside e-mail addresses and URLs).
_MENTION_RE = re.compile(r"(?<![=/\w])@([A-Za-z0-9_]+(?:[A-Za-z0-9_.-]+[A-Za-z0-9_])?)"
                         r"(@[\w.-]+\w)?")
_PORT_RE = re.compile(r":[0-9]+")
_LATIN_ACCENTS = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257"
                            "\u0259\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff]")

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_INVALID = frozenset("\ufffe\ufeff\uffff\u202a\u202b\u202c\u202d\u202e")
#: Top-level names that are not delegated: the server's TLD list does not have them.
_RESERVED_TLDS = frozenset(("localhost", "local", "localdomain", "test", "example", "invalid", "internal",
                            "intranet", "private", "lan", "home", "corp", "domain", "alt",
                            # the internationalised names of "test" (IANA's IDN test TLDs, never delegated)
                            "испытание", "テスト", "测试", "測試", "테스트", "δοκιμή", "परीक्षा", "إختبار",
                            "آزمایشی", "טעסט", "பரிட்சை"))
#: The delegated TLDs that mix ASCII and other letters: whole words, not an ASCII TLD and a rest.
_MIXED_TLDS = frozenset(("vermögensberater", "vermögensberatung"))
#: Characters a URL path may hold, and those it may end with (Mastodon's own variants).
_PATH_EXCLUDED = frozenset("<>()?")
_PATH_BAD_ENDINGS = frozenset("()?!*\"'\u300c\u300d<>;:=,.$%[]~&|@")
_QUERY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789!?*'();:&=+$/%#[]-_.,~|@^")
_QUERY_ENDINGS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_&=#/-")


def _domain_char(ch: str) -> bool:
    """A character a host name label may consist of (dots, dashes and underscores aside)."""
    return not (ch in _ASCII_PUNCTUATION or ch.isspace() or ord(ch) < 0x20 or ch == "\x7f" or ch in _INVALID
                or ch == "\u180e")  # a space to the server's twitter-text, no longer one to Python


def _query_char(ch: str, allowed: frozenset) -> bool:
    if ch.lower() in allowed:
        return True
    # Non-ASCII characters (Mastodon's own addition to the query rules), but for surrogates,
    # noncharacters, the Specials block (U+FFF0-U+FFFF, e.g. U+FFFD) and language tags.
    code = ord(ch)
    return code >= 0xA0 and not 0xD800 <= code <= 0xDFFF and not 0xFDD0 <= code <= 0xFDEF and \
        (code & 0xFFFE) != 0xFFFE and not 0xE0000 <= code <= 0xE0FFF and not 0xFFF0 <= code <= 0xFFFF


def _letter(ch: str) -> bool:
    """A letter, or a mark that belongs to one (the vowel signs of "भारत", "இந்தியா", ...)."""
    return ch.isalpha() or unicodedata.category(ch)[0] == "M"


def _valid_tld(label: str) -> bool:
    if label.lower().startswith("xn--"):
        return len(label) > 4 and all(c.isascii() and c.isalnum() or c == "-" for c in label)
    return len(label) >= 2 and label[0].isalpha() and all(_letter(c) for c in label) and \
        label.lower() not in _RESERVED_TLDS


def _tld_length(label: str) -> Optional[int]:
    """How much of the last label of a host is its top-level domain; None when none is.

    The server's TLDs are ASCII words or words in one other script. A label that mixes the two
    ("comяя") ends at its first run (``com``) when that run is a TLD, as the server's matching
    of a TLD from its list, followed by anything but an ASCII letter, digit or ``@``, does.
    """
    if _valid_tld(label) and (label.isascii() or not any(c.isascii() for c in label)
                              or label.lower() in _MIXED_TLDS):
        return len(label)
    ascii_run = label[:1].isascii()
    run = 0
    while run < len(label) and label[run].isascii() == ascii_run and _letter(label[run]):
        run += 1
    return run if 0 < run < len(label) and _valid_tld(label[:run]) else None


def _valid_label(label: str, underscore: bool) -> bool:
    if not label or not _domain_char(label[0]) or not _domain_char(label[-1]):
        return False
    inner_ok = "-_" if underscore else "-"
    return all(_domain_char(c) or c in inner_ok for c in label)


def _domain_end(text: str, start: int) -> Optional[int]:
    """Where the host name starting at ``start`` ends, or None when there is none (no TLD, ...)."""
    end = start
    while end < len(text) and (_domain_char(text[end]) or text[end] in ".-_"):
        end += 1
    labels = text[start:end].split(".")
    # Each label is looked at a bounded number of times (hostile text of many labels stays
    # linear): stops[c] is where the first c labels end, the first `inner` labels are valid
    # inner labels (underscores allowed).
    stops = [start - 1]
    for label in labels:
        stops.append(stops[-1] + len(label) + 1)
    inner = 0
    while inner < len(labels) and _valid_label(labels[inner], underscore=True):
        inner += 1
    # The longest run of labels that makes a domain ending in a top-level domain wins; a
    # shorter one only when what follows it is no ASCII letter, digit or "@". The TLD may be
    # the first part of a label that mixes scripts ("comяя": see _tld_length).
    for count in range(len(labels), 1, -1):
        tld_length = _tld_length(labels[count - 1])
        if tld_length is None:
            continue
        stop = stops[count] - len(labels[count - 1]) + tld_length
        following = text[stop] if stop < len(text) else ""
        if following and (following.isascii() and following.isalnum() or following == "@"):
            continue
        if inner >= count - 2 and _valid_label(labels[count - 2], underscore=False):
            return stop
    return None


def _balanced_group(text: str, pos: int) -> int:
    """End of a balanced parenthesis group at ``pos`` (one nested level allowed), or ``pos``."""
    depth, i = 0, pos
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
            if depth > 2:
                return pos
        elif ch == ")":
            if i == pos or text[i - 1] == "(":
                return pos  # "()" is no group
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch.isspace() or ch in "<>?":
            return pos
        i += 1
    return pos


def _path_end(text: str, start: int) -> int:
    """End of the URL path that starts with the "/" at ``start``."""
    i = start + 1
    last_good = start + 1  # a path may end right after a slash
    while i < len(text):
        ch = text[i]
        if ch == "(":
            group = _balanced_group(text, i)
            if group == i:
                break
            i = last_good = group
            continue
        if ch.isspace() or ch in _PATH_EXCLUDED:
            break
        i += 1
        if ch not in _PATH_BAD_ENDINGS or ch == "/":
            last_good = i
    return last_good


def _query_end(text: str, start: int) -> int:
    """End of the query string that starts with the "?" at ``start`` (``start`` if there is none)."""
    i, last_good = start + 1, start
    while i < len(text) and _query_char(text[i], _QUERY_CHARS):
        i += 1
        if _query_char(text[i - 1], _QUERY_ENDINGS):
            last_good = i
    return last_good


def _link_spans(text: str) -> List[Tuple[int, int]]:
    spans = []
    scanned = 0  # like the server's scan, look for the next link after the end of the last one
    for m in _SCHEME_RE.finditer(text):
        if m.start() < scanned:
            continue
        host_start = m.end()
        end = _domain_end(text, host_start)
        if end is None:
            continue
        domain = text[host_start:end]
        port = _PORT_RE.match(text, end)
        if port:
            end = port.end()
        if end < len(text) and text[end] == "/":
            end = _path_end(text, end)
        if end < len(text) and text[end] == "?":
            end = _query_end(text, end)
        scanned = end
        try:
            ascii_domain = domain.encode("idna")
        except UnicodeError:
            continue  # the server cannot convert this host to ASCII: not a link
        length = (end - m.start()) + max(len(ascii_domain) - len(domain), 0)
        if length <= _MAX_URL_LENGTH:
            spans.append((m.start(), end))
    return spans


def _mention_spans(text: str) -> List[Tuple[int, int, str]]:
    spans = []
    for m in _MENTION_RE.finditer(text):
        end = m.end()
        if text[end:end + 1] in ("@", "\uff20") or _LATIN_ACCENTS.match(text, end) or text.startswith("://", end):
            continue
        spans.append((m.start(), end, "@" + m.group(1)))
    return spans


def countable_text(text: str) -> str:
    """``text`` as the server measures it: links as 23 characters, ``@user@domain`` as ``@user``."""
    if not text or text.isspace():
        return ""
    entities = [(s, e, "x" * URL_LENGTH) for s, e in _link_spans(text)] + _mention_spans(text)
    entities.sort(key=lambda entity: entity[0])
    out: List[str] = []
    position = 0
    for start, end, replacement in entities:
        if start < position:
            continue  # overlaps an entity already taken (a URL wins over a mention in it)
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


_ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    """Characters that attach to the previous one in a user-perceived character."""
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True  # variation selectors, skin tones, emoji tag sequences
    if 0xE0100 <= code <= 0xE01EF or 0x1160 <= code <= 0x11FF:
        return True  # more variation selectors; Hangul vowel and final jamo
    return unicodedata.category(ch) in ("Mn", "Me", "Mc") or ch == _ZWJ


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def grapheme_count(text: str) -> int:
    """The number of user-perceived characters (an approximation of Unicode grapheme clusters).

    Combining marks, variation selectors, skin-tone modifiers, emoji tag sequences and
    ZWJ-joined emoji stay with their base character; a pair of regional indicators is one
    flag; CR LF is one character; Hangul jamo join their syllable.
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


def status_length(text: str, spoiler_text: str = "") -> int:
    """How many characters of the server's limit ``text`` plus ``spoiler_text`` use up."""
    return grapheme_count((spoiler_text or "") + countable_text(text or ""))
