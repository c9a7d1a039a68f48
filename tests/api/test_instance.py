"""Instance area: server information, published texts, discovery, directory, emoji, announcements."""

from datetime import date, datetime

import pytest

from conftest import BASE, entity, query_matcher, recorded
from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonInternalServerError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonVersionError,
    NonPaginatableList,
    PaginatableList,
)
from mastodon.api.instance import NODEINFO_SCHEMA_2_0

NODEINFO = {"version": "2.0", "software": {"name": "mastodon", "version": "4.6.5"}, "protocols": ["activitypub"],
            "services": {"outbound": [], "inbound": []},
            "usage": {"users": {"total": 10, "activeMonth": 3, "activeHalfyear": 5}, "localPosts": 120},
            "openRegistrations": False, "metadata": {"nodeName": "example"}}


def client(version=None, base=BASE, **kwargs):
    return Mastodon(client_id="id", client_secret="secret", access_token="tok", api_base_url=base,
                    mastodon_version=version, **kwargs)


# -- server information -------------------------------------------------------------------------
def test_instance_v1(api, rsps):
    rsps.get(BASE + "/api/v1/instance", json=recorded("instance_v1")["body"])
    info = api.instance_v1()
    assert info.uri == "localhost:18080"
    assert info.configuration.statuses.max_characters == 5000
    assert info.stats.status_count == 33
    assert rsps.calls[0].request.method == "GET"


def test_instance_v2(api, rsps):
    rsps.get(BASE + "/api/v2/instance", json=recorded("instance_v2")["body"])
    info = api.instance_v2()
    assert info.domain == "localhost:18080"
    assert info.configuration.urls.streaming == "wss://localhost:18080"
    assert info.thumbnail.url.endswith("logo.webp")


def test_instance_v2_from_the_docs_entity(api, rsps):
    rsps.get(BASE + "/api/v2/instance", json=entity("Instance"))
    info = api.instance_v2()
    assert isinstance(info.rules, list) and info.rules[0].text
    assert info.contact.account.acct
    assert isinstance(info.contact.account.created_at, datetime)


@pytest.mark.parametrize("version, path", [("4.2.0", "/api/v2/instance"), ("4.0.0", "/api/v2/instance"),
                                           ("3.5.3", "/api/v1/instance"), ("2.9.0", "/api/v1/instance")])
def test_instance_picks_by_known_version(rsps, version, path):
    rsps.get(BASE + path, json={"version": version, "title": "t"})
    assert client(version).instance().title == "t"
    assert len(rsps.calls) == 1


def test_instance_unknown_version_prefers_v2_without_a_lookup(api, rsps):
    rsps.get(BASE + "/api/v2/instance", json=recorded("instance_v2")["body"])
    assert api.instance().domain == "localhost:18080"
    assert [c.request.url for c in rsps.calls] == [BASE + "/api/v2/instance"]


def test_instance_falls_back_to_v1_on_404_and_remembers(api, rsps):
    rsps.get(BASE + "/api/v2/instance", status=404, json={"error": "Record not found"})
    rsps.get(BASE + "/api/v1/instance", json=recorded("instance_v1")["body"])
    assert api.instance().uri == "localhost:18080"
    assert api.instance().uri == "localhost:18080"
    paths = [c.request.url[len(BASE):] for c in rsps.calls]
    assert paths == ["/api/v2/instance", "/api/v1/instance", "/api/v1/instance"]
    api.clear_caches()
    api.instance()
    assert rsps.calls[-2].request.url == BASE + "/api/v2/instance"


def test_instance_does_not_hide_other_errors(api, rsps):
    rsps.get(BASE + "/api/v2/instance", status=500, json={"error": "boom"})
    with pytest.raises(MastodonInternalServerError):
        api.instance()
    assert not api._cache


def test_instance_activity_weeks_are_datetimes(api, rsps):
    rsps.get(BASE + "/api/v1/instance/activity", json=[
        {"week": "1574553600", "statuses": "37125", "logins": "14239", "registrations": "542"},
        {"week": "1573948800", "statuses": "62582", "logins": "16564", "registrations": "881"}])
    weeks = api.instance_activity()
    assert isinstance(weeks, NonPaginatableList)
    assert weeks[0].week == datetime.fromisoformat("2019-11-24T00:00:00+00:00")
    assert weeks[1].logins == "16564"


def test_instance_peers(api, rsps):
    rsps.get(BASE + "/api/v1/instance/peers", json=["tilde.zone", "mspsocial.net"])
    peers = api.instance_peers()
    assert isinstance(peers, NonPaginatableList) and peers == ["tilde.zone", "mspsocial.net"]


def test_instance_peers_search(api, rsps):
    rsps.get(BASE + "/api/v1/peers/search", json=["mastodon.social", "mastodon.online"],
             match=[query_matcher({"q": "masto"})])
    found = api.instance_peers_search("masto")
    assert isinstance(found, NonPaginatableList) and found[0] == "mastodon.social"
    rsps.get(BASE + "/api/v1/peers/search", body="null", content_type="application/json")
    assert api.instance_peers_search("zz") == []
    with pytest.raises(MastodonIllegalArgumentError):
        api.instance_peers_search(" ")
    assert len(rsps.calls) == 2


def test_instance_health(api, rsps):
    rsps.get(BASE + "/health", body="OK", content_type="text/plain")
    assert api.instance_health() is True
    assert "Authorization" not in rsps.calls[0].request.headers
    rsps.get(BASE + "/health", status=503, body="Service Unavailable", content_type="text/plain")
    assert api.instance_health() is False


def test_instance_health_network_errors_raise(server):
    base = server.url
    server.stop()
    with pytest.raises(MastodonNetworkError):
        client(base=base, request_timeout=2).instance_health()


def test_instance_health_over_a_real_socket(server):
    from loopback import Reply
    server.route("GET", "/health", Reply("OK", headers={"Content-Type": "text/plain"}))
    assert client(base=server.url).instance_health() is True


# -- discovery ----------------------------------------------------------------------------------
def well_known(href, rel=NODEINFO_SCHEMA_2_0):
    return {"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/1.0", "href": BASE + "/nodeinfo/1.0"},
                      {"rel": rel, "href": href}]}


def test_instance_nodeinfo_follows_the_link(api, rsps):
    rsps.get(BASE + "/.well-known/nodeinfo", json=well_known(BASE + "/nodeinfo/2.0"))
    rsps.get(BASE + "/nodeinfo/2.0", json=NODEINFO)
    info = api.instance_nodeinfo()
    assert info.software.name == "mastodon"
    assert info.usage.users.activeMonth == 3
    assert all("Authorization" not in c.request.headers for c in rsps.calls)


def test_instance_nodeinfo_other_schema_and_relative_link(api, rsps):
    schema = "http://nodeinfo.diaspora.software/ns/schema/2.1"
    rsps.get(BASE + "/.well-known/nodeinfo", json=well_known("/nodeinfo/2.1?x=1", rel=schema))
    rsps.get(BASE + "/nodeinfo/2.1", json=NODEINFO, match=[query_matcher({"x": "1"})])
    assert api.instance_nodeinfo(schema).version == "2.0"


def test_instance_nodeinfo_lives_at_the_host_root(rsps):
    rsps.get(BASE + "/.well-known/nodeinfo", json=well_known(BASE + "/nodeinfo/2.0"))
    rsps.get(BASE + "/nodeinfo/2.0", json=NODEINFO)
    assert client(base=BASE + "/social").instance_nodeinfo().software.version == "4.6.5"


def test_instance_nodeinfo_refuses_other_hosts(api, rsps):
    rsps.get(BASE + "/.well-known/nodeinfo", json=well_known("https://elsewhere.example/nodeinfo/2.0"))
    with pytest.raises(MastodonAPIError, match="another host"):
        api.instance_nodeinfo()
    assert len(rsps.calls) == 1


def test_instance_nodeinfo_unknown_schema(api, rsps):
    rsps.get(BASE + "/.well-known/nodeinfo", json=well_known(BASE + "/nodeinfo/2.0"))
    with pytest.raises(MastodonAPIError, match="no nodeinfo for schema"):
        api.instance_nodeinfo("http://nodeinfo.diaspora.software/ns/schema/9.9")


def test_instance_nodeinfo_without_discovery_document(api, rsps):
    rsps.get(BASE + "/.well-known/nodeinfo", status=404, body="")
    rsps.get(BASE + "/nodeinfo/2.0", json=NODEINFO)
    assert api.instance_nodeinfo().protocols == ["activitypub"]
    with pytest.raises(MastodonNotFoundError):
        api.instance_nodeinfo("http://nodeinfo.diaspora.software/ns/schema/2.1")


@pytest.mark.parametrize("given, sent", [("alice@mastodon.example", "acct:alice@mastodon.example"),
                                         ("@alice@mastodon.example", "acct:alice@mastodon.example"),
                                         ("acct:bob@x.example", "acct:bob@x.example"),
                                         ("https://mastodon.example/@alice", "https://mastodon.example/@alice")])
def test_instance_webfinger(api, rsps, given, sent):
    jrd = {"subject": "acct:alice@mastodon.example", "aliases": ["https://mastodon.example/@alice"],
           "links": [{"rel": "self", "type": "application/activity+json",
                      "href": "https://mastodon.example/users/alice"}]}
    rsps.get(BASE + "/.well-known/webfinger", json=jrd, content_type="application/jrd+json",
             match=[query_matcher({"resource": sent})])
    found = api.instance_webfinger(given)
    assert found.links[0].href == "https://mastodon.example/users/alice"


def test_instance_webfinger_needs_a_resource(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError):
        api.instance_webfinger("@")


# -- published texts ----------------------------------------------------------------------------
def test_instance_rules(api, rsps):
    rsps.get(BASE + "/api/v1/instance/rules", json=[entity("Rule")])
    rules = api.instance_rules()
    assert isinstance(rules, NonPaginatableList)
    assert rules[0].id == "2" and rules[0].translations.fr.text


@pytest.mark.parametrize("method, path, entity_name", [
    ("instance_extended_description", "/api/v1/instance/extended_description", "ExtendedDescription"),
    ("instance_privacy_policy", "/api/v1/instance/privacy_policy", "PrivacyPolicy"),
])
def test_instance_texts(api, rsps, method, path, entity_name):
    rsps.get(BASE + path, json=entity(entity_name))
    text = getattr(api, method)()
    assert isinstance(text.updated_at, datetime)
    assert text.content.startswith("<p>")


@pytest.mark.parametrize("given", [None, "2025-04-15", date(2025, 4, 15), datetime(2025, 4, 15, 12, 0)])
def test_instance_terms_of_service(api, rsps, given):
    path = "/api/v1/instance/terms_of_service" + ("" if given is None else "/2025-04-15")
    rsps.get(BASE + path, json=entity("TermsOfService"))
    terms = api.instance_terms_of_service(given)
    assert terms.effective is True
    assert isinstance(terms.effective_date, datetime)


def test_instance_terms_of_service_bad_date(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError):
        api.instance_terms_of_service(20250415)


def test_instance_domain_blocks(api, rsps):
    rsps.get(BASE + "/api/v1/instance/domain_blocks", json=[entity("DomainBlock")])
    blocks = api.instance_domain_blocks()
    assert isinstance(blocks, NonPaginatableList) and blocks[0].severity == "suspend"


def test_instance_translation_languages(api, rsps):
    rsps.get(BASE + "/api/v1/instance/translation_languages", json={"en": ["de", "es"], "und": ["en-GB", "de"]})
    pairs = api.instance_translation_languages()
    assert pairs.en == ["de", "es"] and pairs["und"][0] == "en-GB"


def test_instance_languages(api, rsps):
    rsps.get(BASE + "/api/v1/instance/languages", json=[{"code": "en", "name": "English"}])
    langs = api.instance_languages()
    assert isinstance(langs, NonPaginatableList) and langs[0].name == "English"


# -- directory, emoji ---------------------------------------------------------------------------
def test_directory(api, rsps):
    rsps.get(BASE + "/api/v1/directory", json=[entity("Account")],
             match=[query_matcher({"offset": "10", "limit": "2", "order": "new", "local": "true"})])
    accounts = api.directory(offset=10, limit=2, order="new", local=True)
    assert isinstance(accounts, PaginatableList)
    assert accounts[0].acct and isinstance(accounts[0].created_at, datetime)
    rsps.get(BASE + "/api/v1/directory", json=[], match=[query_matcher({})])
    assert api.directory() == []


def test_directory_checks_the_type_of_order_before_sending(api, rsps):
    with pytest.raises(MastodonIllegalArgumentError, match="order"):
        api.directory(order=1)


def test_custom_emojis(api, rsps):
    rsps.get(BASE + "/api/v1/custom_emojis", json=recorded("custom_emojis")["body"])
    assert api.custom_emojis() == []
    rsps.get(BASE + "/api/v1/custom_emojis", json=[entity("CustomEmoji")])
    emojis = api.custom_emojis()
    assert isinstance(emojis, NonPaginatableList)
    assert emojis[0].shortcode == "blobaww" and emojis[0].visible_in_picker is True


# -- announcements ------------------------------------------------------------------------------
def test_announcements(api, rsps):
    rsps.get(BASE + "/api/v1/announcements", json=[entity("Announcement")])
    items = api.announcements()
    assert isinstance(items, NonPaginatableList)
    assert isinstance(items[0].published_at, datetime) and items[0].starts_at is None
    assert items[0].reactions[0].name == "bongoCat"


def test_announcement_dismiss(api, rsps):
    rsps.post(BASE + "/api/v1/announcements/8/dismiss", json={})
    assert api.announcement_dismiss(entity("Announcement")) is None


@pytest.mark.parametrize("reaction, segment", [
    ("\U0001F914", "%F0%9F%A4%94"), ("bongoCat", "bongoCat"), (":bongoCat:", "bongoCat"),
    ({"name": "bongoCat", "count": 9}, "bongoCat"), (entity("CustomEmoji"), "blobaww")])
def test_announcement_reactions(api, rsps, reaction, segment):
    url = BASE + "/api/v1/announcements/8/reactions/" + segment
    rsps.put(url, json={})
    rsps.delete(url, json={})
    assert api.announcement_reaction_create("8", reaction) is None
    assert api.announcement_reaction_delete(8, reaction) is None
    assert [c.request.method for c in rsps.calls] == ["PUT", "DELETE"]


@pytest.mark.parametrize("bad", ["", "::", None, {"count": 1}])
def test_announcement_reaction_needs_a_name(api, rsps, bad):
    with pytest.raises(MastodonIllegalArgumentError):
        api.announcement_reaction_create("8", bad)


# -- donations ----------------------------------------------------------------------------------
def test_donation_campaign(api, rsps):
    rsps.get(BASE + "/api/v1/donation_campaigns", status=204)
    assert api.donation_campaign() is None
    rsps.get(BASE + "/api/v1/donation_campaigns", json={"id": "c1", "banner_message": "Help us"})
    assert api.donation_campaign().banner_message == "Help us"


def test_version_check(rsps):
    old = Mastodon(api_base_url=BASE, mastodon_version="3.9.0", version_check_mode="created")
    for method in (old.instance_v2, old.instance_extended_description, old.instance_domain_blocks):
        with pytest.raises(MastodonVersionError):
            method()
