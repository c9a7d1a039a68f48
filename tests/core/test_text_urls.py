"""Links with non-ASCII letters in host, path or query count as the Mastodon server counts them
(twitter-text with Mastodon's rules in config/initializers/twitter_regex.rb), also where
Mastodon.py 2.3.3, which uses the web composer's pattern, counts otherwise."""

import re

import pytest

from mastodon import Mastodon
from mastodon.core import text as text_module
from mastodon.core.text import countable_text

#: (text, what the server counts, what Mastodon.py 2.3.3 counts: worked out from its web-composer
#: link pattern, where paths take ASCII, Latin and Cyrillic letters and queries ASCII only).
NON_ASCII_LINKS = [
    # An IDN host with a Cyrillic path and query: one link to the server; 2.3.3 ends it at "?q=".
    ("https://пример.рф/путь?q=значение", 23, 31),
    ("https://пример.рф", 23, 23),
    ("https://ПРИМЕР.РФ/ПУТЬ", 23, 23),
    ("https://xn--e1afmkfd.xn--p1ai/путь", 23, 23),
    # Paths hold any non-space character on the server; 2.3.3 only ASCII, Latin and Cyrillic.
    ("https://例え.jp/パス", 23, 25),
    ("https://example.com/κείμενο", 23, 30),
    # Queries hold any non-ASCII letter on the server; 2.3.3 only ASCII.
    ("https://example.com/search?q=日本語", 23, 26),
    ("https://example.com/search?q=кошки", 23, 28),
    ("https://münchen.de/straße?ort=köln", 23, 27),
    ("https://例え.jp/パス?検索=東京", 23, 32),
    # Scripts whose letters carry vowel signs are top-level domains too.
    ("https://भारत.भारत/पथ", 23, 23),
    ("https://example.vermögensberatung/x", 23, 23),
]


@pytest.mark.parametrize("text, server, mastodonpy_233", NON_ASCII_LINKS)
def test_non_ascii_links_count_like_the_server(text, server, mastodonpy_233):
    assert Mastodon.get_status_length(text) == server
    assert countable_text(text) == "x" * 23


@pytest.mark.parametrize("text, length", [
    # A query ends before the last character that may not end it, and before the Specials block.
    ("https://example.com/?q=кошки.", 24),
    ("https://example.com/?q=a\ufffd", 24),
    ("https://example.com/?q=a\ufffc", 24),
    # A TLD must not run on into an ASCII letter or digit, or "@"; other letters may follow it.
    ("https://example.comяя", 25),
    ("https://example.com_x", 25),
    ("https://example.com\uff20x", 25),
    ("https://пример.рфabc", 20),
    ("https://пример.рф1", 18),
    ("https://example.com@x", 21),
    # The internationalised names of "test" are no delegated TLDs.
    ("x https://пример.испытание y", 28),
    ("https://例え.テスト/", 15),
    # A Mongolian vowel separator is a space in a host to the server: "https://exa" is no link.
    ("https://exa\u180emple.com", 20),
    # Remote mentions of internationalised domains count as @user (2.3.3 counts them whole).
    ("hi @user@пример.рф", 8),
    # A host the server cannot turn into ASCII is no link.
    ("https://" + "я" * 70 + ".рф", 8 + 70 + 3),
])
def test_the_edges_of_non_ascii_links(text, length):
    assert Mastodon.get_status_length(text) == length


def test_the_documented_differences_from_2_3_3_are_the_tested_ones():
    documented = re.findall(r"``(https://[^`]+)`` counts (\d+) \(2\.3\.3: (\d+)", text_module.__doc__)
    assert len(documented) == 3
    table = {text: (server, old) for text, server, old in NON_ASCII_LINKS}
    for link, server, old in documented:
        assert table[link] == (int(server), int(old)), link
