"""Pagination over many pages, with the client on http://127.0.0.1:PORT while the server's links say
localhost:PORT (a server reached under another name than its own)."""

import pytest
import requests

STATUSES = 23
PAGE = 5


@pytest.fixture(scope="module")
def pager(make_user):
    """A fresh account with STATUSES statuses (newest first in ``ids``) and six followers."""
    client = make_user("pager")
    client.account_update_credentials(locked=False)  # followers, not follow requests
    ids = [client.status_post(f"status number {i}", visibility="public").id for i in range(STATUSES)]
    ids.reverse()
    return client, client.me(), ids


@pytest.fixture(scope="module")
def followers(pager, make_user, alice, bob, admin):
    _, account, _ = pager
    clients = [alice, bob, admin] + [make_user(name) for name in ("carol", "dave", "erin")]
    for follower in clients:
        follower.account_follow(account.id)
    return {c.me().id for c in clients}


def test_the_server_links_name_another_host(live, pager):
    client, account, _ = pager
    raw = requests.get(f"{live.base_url}/api/v1/accounts/{account.id}/statuses", params={"limit": PAGE},
                       headers={"Authorization": "Bearer " + client.access_token, "User-Agent": "live-test"},
                       timeout=10)
    assert f"<http://{live.instance_host}/api/v1/accounts/{account.id}/statuses?" in raw.headers["Link"]
    assert not live.base_url.startswith(f"http://{live.instance_host}")


def test_fetch_remaining_gets_every_status(pager):
    client, account, ids = pager
    first = client.account_statuses(account.id, limit=PAGE)
    assert [s.id for s in first] == ids[:PAGE]
    everything = client.fetch_remaining(first)
    assert [s.id for s in everything] == ids


def test_fetch_next_then_fetch_previous_walk_back(pager):
    client, account, ids = pager
    pages = [client.account_statuses(account.id, limit=PAGE)]
    while True:
        following = client.fetch_next(pages[-1])
        if not following:
            break
        pages.append(following)
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert [s.id for p in pages for s in p] == ids
    # Back from the last page: each previous page is the one seen before it.
    back = pages[-1]
    for expected in reversed(pages[:-1]):
        back = client.fetch_previous(back)
        assert [s.id for s in back] == [s.id for s in expected]
    assert not client.fetch_previous(back)  # nothing newer than the newest


def test_both_iterators(pager):
    client, account, ids = pager
    first = client.account_statuses(account.id, limit=PAGE)
    assert [s.id for s in client.pagination_iterator(first)] == ids
    pages = list(client.pagination_page_iterator(first))
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3, 0]  # the server's last link leads to an empty page
    # Going back from the oldest page yields each status once.
    oldest = client.account_statuses(account.id, limit=PAGE, max_id=ids[-4])
    assert [s.id for s in oldest] == ids[-3:]
    backwards = list(client.pagination_iterator(oldest, direction="previous"))
    assert sorted(s.id for s in backwards) == sorted(ids)
    assert len(backwards) == len(ids)
    # A walk can be resumed later from the info the iterator hands out.
    walk = client.pagination_page_iterator(first, return_pagination_info=True)
    _, info = next(walk)
    _, info = next(walk)
    assert [s.id for s in client.fetch_next(info)] == ids[2 * PAGE:3 * PAGE]


def test_followers_over_six_pages(pager, followers):
    client, account, _ = pager
    first = client.account_followers(account.id, limit=1)
    assert len(first) == 1
    pages = list(client.pagination_page_iterator(first))
    assert len(pages) == len(followers) + 1 == 7  # the last link leads to an empty page
    assert {a.id for p in pages for a in p} == followers
    everything = client.fetch_remaining(first)
    assert sorted(a.id for a in everything) == sorted(followers)
    assert {a.id for a in client.pagination_iterator(first)} == followers


def test_filtered_notifications_and_favourites_over_pages(alice, bob, tag):
    """Links that repeat array parameters (types[]=mention) and favourites, whose page bounds
    are not status ids."""
    from live_support import wait_for
    posted = [alice.status_post(f"@bob page {i} {tag}").id for i in range(5)]
    first = wait_for(lambda: bob.notifications(types=["mention"], limit=2, min_id=None))
    assert first._pagination_next["types"] == ["mention"]

    def all_mentions():
        found = bob.fetch_remaining(bob.notifications(types=["mention"], limit=2))
        return found if set(posted) <= {n.status.id for n in found} else None
    found = wait_for(all_mentions)
    assert found, "not every mention came back"
    assert {n.type for n in found} == {"mention"}
    assert len({n.id for n in found}) == len(found)

    for status_id in posted:
        bob.status_favourite(status_id)
    faved = bob.fetch_remaining(bob.favourites(limit=2))
    assert [s.id for s in faved][:5] == list(reversed(posted))
    assert len({s.id for s in faved}) == len(faved)
