"""Utilities: status length, blurhash, server time, language, caches."""

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from responses import matchers

from conftest import BASE, entity
from mastodon import Mastodon, MastodonAPIError, MastodonIllegalArgumentError
from mastodon.core.blurhash import _ALPHABET


class TestStatusLength:
    # The counts a Mastodon server's StatusLengthValidator arrives at, worked out from its rules:
    # links (with a scheme, a host that is a domain ending in a TLD) count 23, remote mentions
    # count as "@user", the content warning counts too, all in user-perceived characters.
    @pytest.mark.parametrize("text, spoiler, length", [
        ("hello", "", 5),
        ("", "", 0),
        ("   \n\t ", "", 0),                                     # blank text counts as nothing
        ("   ", "cw", 2),
        ("look https://example.org/a/very/long/path?with=query&and=more", "", 5 + 23),
        ("two links http://a.example.com and https://b.example.net/x.", "", len("two links  and .") + 46),
        ("https://example.com", "", 23),
        ("see https://example.com/path?q=1.", "", len("see .") + 23),
        ("https://example.com/a?b=c&d=e!", "", 24),                # "!" ends no query
        ("https://example.com:8080/x", "", 23),                    # a port is part of the link
        ("(https://en.wikipedia.org/wiki/Foo_(bar))", "", 25),     # balanced parens stay in the path
        ("https://example.com/path/", "", 23),
        ("https://example.com/@alice", "", 23),                    # no mention inside a link
        ("gemini://example.org/x", "", 23),                        # Mastodon links gemini:// too
        ("https://example.onion", "", 23),
        # no links to the server:
        ("https://user:pass@example.com", "", 29),                 # user:pass@ is not a host name
        ("https://a.com@evil.com", "", 22),
        ("http://127.0.0.1/some/long/path", "", 31),               # a bare IPv4 host
        ("http://[::1]:8080/", "", 18),                            # a bare IPv6 host
        ("https://localhost/foo", "", 21),                         # no top-level domain
        ("https://example.test/x", "", 22),                        # not a delegated TLD
        ("https://a_b.com", "", 15),                               # "_" only in subdomains
        ("https://a_b.example.com", "", 23),
        ("example.com", "", 11),                                   # no scheme, no link
        ("ftp://example.com", "", 17),                             # a scheme Mastodon does not link
        ("xhttps://example.com", "", 20),                          # glued to a word
        ("https://" + "a" * 64 + ".com", "", 8 + 64 + 4),          # a label IDNA refuses (> 63)
        # internationalised domains: links when they convert to ASCII
        ("https://münchen.de", "", 23),
        ("https://xn--mnchen-3ya.de", "", 23),
        ("https://例え.jp/パス", "", 23),
        ("https://ex ample.com", "", 20),
        # mentions
        ("hi @alice@remote.example!", "", len("hi @alice!")),
        ("@alice@example.social hi", "", 9),
        ("hi @alice", "", 9),
        ("hi @bob@example.com@x", "", 21),                         # followed by "@": no mention
        ("mail me at bob@example.org", "", 26),
        # characters as a reader sees them
        ("family 👨‍👩‍👧‍👦", "", 8),
        ("flags 🇩🇪🇫🇷", "", 8),
        ("wave 👋🏽", "", 6),
        ("café", "", 4),                        # e + combining acute
        ("line\r\nbreak", "", 10),
        ("text", "cw here", 11),
        ("héllo wörld", "", 11),
        ("\u1100\u1161\u11a8", "", 1),            # Hangul jamo making one syllable
    ])
    def test_counts_like_the_server(self, text, spoiler, length):
        text = text.replace("café", "cafe\u0301")
        assert Mastodon.get_status_length(text, spoiler) == length

    def test_also_works_on_an_instance(self):
        assert Mastodon(api_base_url=BASE).get_status_length("abc") == 3


def _solid_hash(rgb):
    value = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]
    digits = ""
    for _ in range(4):
        digits = _ALPHABET[value % 83] + digits
        value //= 83
    return "00" + digits


class TestBlurhash:
    def test_solid_colour_decodes_exactly(self):
        api = Mastodon(api_base_url=BASE)
        pixels = api.decode_blurhash({"blurhash": _solid_hash((255, 128, 0))}, out_size=(4, 3),
                                     return_linear=False)
        assert len(pixels) == 3 and all(len(row) == 4 for row in pixels)
        assert all(px == [255, 128, 0] for row in pixels for px in row)

    def test_real_hash_shape_and_range(self):
        media = entity("MediaAttachment")
        api = Mastodon(api_base_url=BASE)
        nx = int(_ALPHABET.index(media["blurhash"][0]) % 9 + 1)
        ny = int(_ALPHABET.index(media["blurhash"][0]) // 9 + 1)
        linear = api.decode_blurhash(media)
        assert len(linear) == 16 * ny and len(linear[0]) == 16 * nx
        assert all(0.0 <= c <= 1.0 for row in linear for px in row for c in px)
        srgb = api.decode_blurhash(media["blurhash"], out_size=(8, 8), size_per_component=False,
                                   return_linear=False)
        assert len(srgb) == 8 and len(srgb[0]) == 8
        assert all(isinstance(c, int) and 0 <= c <= 255 for row in srgb for px in row for c in px)

    @pytest.mark.parametrize("bad", [{"blurhash": None}, {}, "short", "00!!!!", "LEHV6nWB2yk8pyo0adR*.7kCMdn"])
    def test_invalid(self, bad):
        with pytest.raises(MastodonIllegalArgumentError):
            Mastodon(api_base_url=BASE).decode_blurhash(bad)


class TestServerState:
    def test_approx_server_time(self, api, rsps):
        # as 2.x: HEAD / and its Date header; the token stays home
        rsps.head(BASE + "/", headers={"Date": "Wed, 25 Nov 2026 10:00:00 GMT"})
        assert api.get_approx_server_time() == datetime(2026, 11, 25, 10, tzinfo=timezone.utc)
        assert rsps.calls[0].request.method == "HEAD"
        assert "Authorization" not in rsps.calls[0].request.headers

    def test_approx_server_time_from_an_error_page(self, api, rsps):
        rsps.head(BASE + "/", status=404, headers={"Date": "Wed, 25 Nov 2026 10:00:00 GMT"})
        assert api.get_approx_server_time() == datetime(2026, 11, 25, 10, tzinfo=timezone.utc)

    @pytest.mark.parametrize("headers", [{}, {"Date": "yesterday"}, {"Date": ""}])
    def test_approx_server_time_without_a_date(self, api, rsps, headers):
        rsps.head(BASE + "/", headers=headers)
        with pytest.raises(MastodonAPIError, match="no server time"):
            api.get_approx_server_time()

    def test_set_language(self, api, rsps):
        api.set_language("ja")
        rsps.head(BASE + "/", headers={"Date": "Wed, 25 Nov 2026 10:00:00 GMT"},
                  match=[matchers.header_matcher({"Accept-Language": "ja"})])
        api.get_approx_server_time()

    def test_clear_caches_forgets_the_version_unless_it_was_given(self, rsps):
        rsps.get(BASE + "/api/v2/instance", json={"version": "4.3.0"})
        api = Mastodon(api_base_url=BASE)
        api.retrieve_mastodon_version()
        api.clear_caches()
        assert api.version_check_worked is None
        given = Mastodon(api_base_url=BASE, mastodon_version="4.0.0")
        given.clear_caches()
        assert given.version_check_worked is True


class TestStatusLengthProperties:
    """Arbitrary text gives a length, never an exception; text without links or mentions is counted as is."""

    _PIECES = st.sampled_from(["https://", "http://", "gemini://", "example.com", "münchen.de", "@", "alice",
                               "user:pass@", "/", "?", "(", ")", ".", ",", " ", "\n", "xn--", "127.0.0.1", "[::1]",
                               ":8080", "#", "👩‍👩‍👧", "\u0301", "🇩🇪", "a" * 70, "_", "-", "localhost"])
    _TEXT = st.one_of(st.text(max_size=200), st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=30)
                      .map("".join))

    @settings(max_examples=300, database=None, deadline=None, derandomize=True)
    @given(text=_TEXT, spoiler=st.text(max_size=20))
    def test_any_text_has_a_length(self, text, spoiler):
        from mastodon.core.text import countable_text, grapheme_count
        length = Mastodon.get_status_length(text, spoiler)
        assert isinstance(length, int) and length >= 0
        assert length == grapheme_count(spoiler + countable_text(text))
        if "://" not in text and "@" not in text and text.strip():
            assert countable_text(text) == text
