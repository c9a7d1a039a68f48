"""Page links: the shortcut for links below the client's own base URL must agree with the full
urlsplit-based reading; a link naming another host is read for its path and query only."""

from typing import Optional
from urllib.parse import parse_qsl, urlsplit

import pytest

from mastodon.core import pagination
from mastodon.core.pagination import PaginationInfo, pagination_from_links


def reference_info(url: str, method: str, base_url: str, direction: str) -> Optional[dict]:
    """The page description the obvious way: urlsplit both, compare host and port, parse_qsl."""
    try:
        parts, base = urlsplit(url), urlsplit(base_url)
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    path = parts.path
    base_path = base.path.rstrip("/")
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path):]
    if not path.startswith("/"):
        return None
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    info: dict = {}
    for k, v in pairs:
        if k.endswith("[]"):
            info.setdefault(k[:-2], []).append(v)
        else:
            info[k] = v
    info.update(_pagination_method=method, _pagination_endpoint=path, _pagination_direction=direction)
    return info


BASES = ["https://mastodon.example", "http://127.0.0.1:8080", "https://example.org/masto"]

SUFFIXES = [
    "/api/v1/timelines/home?limit=40&max_id=113563489219059427",
    "/api/v1/timelines/home?max_id=01M8CNSS57YA40S1ZHPR491SK2&limit=5&local=false",
    "/api/v1/notifications?types[]=follow&types[]=mention&max_id=3",
    "/api/v1/timelines/tag/caf%C3%A9?max_id=9&any[]=a%20b&q=x+y",
    "/api/v1/accounts/1/statuses?max_id=5&exclude_replies=&pinned",
    "/api/v1/blocks?max_id=5#fragment",
    "/api/v1/blocks?max_id=5&&limit=2",
    "/api/v1/blocks",
    "/api/v1/blocks?",
    "/api/v1/search?q=a=b&offset=20",
    "/api/v1/blocks?a=1;b=2",
]


def variants():
    for base in BASES:
        for suffix in SUFFIXES:
            yield base, base + suffix
    yield "https://mastodon.example", "https://MASTODON.example/api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "https://mastodon.example:443/api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "http://mastodon.example/api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "https://mastodon.example.evil.test/api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "https://evil.test/api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "https://mastodon.example:8443/api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "https://mastodon.example:bad/api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "https://user@mastodon.example/api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "/api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "api/v1/blocks?max_id=1"
    yield "https://mastodon.example", "https://mastodon.example/api/v1/bl\tocks?max_id=1"
    yield "https://mastodon.example", "https://mastodon.exampleX/api/v1/blocks?max_id=1"
    yield "http://127.0.0.1:8080", "http://127.0.0.1:80801/api/v1/blocks?max_id=1"
    yield "https://example.org/masto", "https://example.org/mastodon/api/v1/blocks?max_id=1"
    yield "https://example.org/masto", "https://example.org/api/v1/blocks?max_id=1"


@pytest.mark.parametrize("base, url", list(variants()))
@pytest.mark.parametrize("direction", ["next", "previous"])
def test_agrees_with_the_reference_reading(base, url, direction):
    got = pagination._info_from_url(url, "GET", base, direction)
    want = reference_info(url, "GET", base, direction)
    if want is None:
        assert got is None
    else:
        assert isinstance(got, PaginationInfo)
        assert dict(got) == want


def test_a_full_header_below_the_base_url():
    base = "http://127.0.0.1:8080"
    header = (f'<{base}/api/v1/timelines/home?limit=40&max_id=11>; rel="next", '
              f'<{base}/api/v1/timelines/home?limit=40&min_id=50>; rel="prev"')
    infos = pagination_from_links(header, "GET", base)
    assert infos["next"] == {"limit": "40", "max_id": "11", "_pagination_method": "GET",
                             "_pagination_endpoint": "/api/v1/timelines/home", "_pagination_direction": "next"}
    assert infos["previous"]["min_id"] == "50"


def test_other_hosts_give_their_path_only(caplog):
    infos = pagination_from_links('<https://mastodon.example.evil.test/api/v1/x?max_id=1>; rel="next"', "GET",
                                  "https://mastodon.example")
    assert infos["next"] == {"max_id": "1", "_pagination_method": "GET", "_pagination_endpoint": "/api/v1/x",
                             "_pagination_direction": "next"}
    assert "warning" not in caplog.text.lower()


@pytest.mark.parametrize("url", ["ftp://mastodon.example/api/v1/x?max_id=1", "javascript:alert(1)",
                                 "mailto:a@b.example?max_id=1"])
def test_links_that_are_not_http_are_not_followed(url):
    assert pagination_from_links(f'<{url}>; rel="next"', "GET", "https://mastodon.example") == {}


def test_same_origin():
    assert pagination.same_origin("https://A.example:443/x", "https://a.example")
    assert pagination.same_origin("http://a.example/x", "https://a.example:80")
    assert not pagination.same_origin("https://a.example:444/x", "https://a.example")
    assert not pagination.same_origin("https://a.example:bad/x", "https://a.example")
