"""docs/servers.rst shows the servers x features table the live tests assert (tests/live/server_features.py)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.append(os.path.join(HERE, "live"))

import server_features  # noqa: E402


def test_the_page_holds_the_table_of_the_live_tests():
    with open(server_features.DOC, encoding="utf-8") as f:
        page = f.read()
    assert page == server_features.page_with_table(page), \
        "docs/servers.rst is stale: run python tests/live/server_features.py"


def test_every_difference_names_a_known_feature_server_and_outcome():
    import mastodon
    for server, differences in server_features.DIFFERENCES.items():
        assert server in server_features.SERVERS
        for feature, (kind, note) in differences.items():
            assert feature in server_features.FEATURES and note
            assert kind == "empty" or issubclass(getattr(mastodon, kind), mastodon.MastodonError)


def test_the_index_links_the_page():
    with open(os.path.join(os.path.dirname(server_features.DOC), "index.rst"), encoding="utf-8") as f:
        assert "\n   servers\n" in f.read()
