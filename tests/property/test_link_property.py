"""Property tests for the Link-header parser: any input gives page info or nothing, never an exception."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

#: No example database in the tree, no per-example deadline (the machine is shared), reproducible runs.
QUIET = dict(database=None, deadline=None, derandomize=True)

from mastodon import PaginationInfo
from mastodon.core.pagination import pagination_from_links, parse_link_header

BASES = st.sampled_from(["https://mastodon.example", "http://127.0.0.1:3000", "https://example.org/masto",
                         "http://[::1]:8080"])
METHODS = st.sampled_from(["GET", "POST"])

# Pieces real and broken Link headers are made of, so that generated input is near the real thing.
PIECES = st.sampled_from(["<", ">", ";", ",", " ", "rel", "=", '"', "next", "prev", "previous", "http://", "https://",
                          "127.0.0.1", "[::1]", ":", "/api/v1/timelines/home", "?", "&", "max_id=", "min_id=",
                          "types[]=", "%", "%zz", "#", "\t", "\r\n", "mastodon.example", "1", "x"])
LINKISH = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join)

ANY_TEXT = st.one_of(st.text(max_size=300), LINKISH)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], **QUIET)
@given(value=ANY_TEXT)
@example(value="<http://[::1/x>; rel=next")
@example(value="<http://h:notaport/x>; rel=next")
@example(value="<" * 1000)
def test_parse_link_header_never_raises(value):
    links = parse_link_header(value)
    assert isinstance(links, dict)
    for rel, url in links.items():
        assert rel == rel.lower() and isinstance(url, str)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], **QUIET)
@given(value=ANY_TEXT, base=BASES, method=METHODS)
@example(value='<https://mastodon.example/api/v1/x?max_id=1&max_id=2>; rel="next"', base="https://mastodon.example",
         method="GET")
def test_pagination_from_links_gives_infos_or_nothing(value, base, method):
    infos = pagination_from_links(value, method, base)
    assert set(infos) <= {"next", "previous"}
    for direction, info in infos.items():
        assert isinstance(info, PaginationInfo)
        assert info["_pagination_direction"] == direction
        assert info["_pagination_method"] == method
        assert info["_pagination_endpoint"].startswith("/")


@settings(max_examples=200, **QUIET)
@given(params=st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True).filter(lambda k: not k.startswith("_")),
                              st.from_regex(r"[A-Za-z0-9_.~-]{0,12}", fullmatch=True), max_size=5),
       path=st.from_regex(r"/api/v[12](/[a-z_]{1,10}){1,3}", fullmatch=True))
def test_well_formed_links_round_trip(params, path):
    from urllib.parse import urlencode
    query = urlencode(params)
    link = f'<https://mastodon.example{path}{"?" + query if query else ""}>; rel="next"'
    info = pagination_from_links(link, "GET", "https://mastodon.example")["next"]
    assert info["_pagination_endpoint"] == path
    assert {k: v for k, v in info.items() if not k.startswith("_pagination")} == params
