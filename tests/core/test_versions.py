"""Server versions: parsing, the version decorator's modes, lookups that fail."""

import pytest

from conftest import BASE, recorded
from mastodon import Mastodon, MastodonNetworkError, MastodonVersionError, parse_version
from mastodon.core.versions import api_version


class Probe(Mastodon):
    @api_version("3.0.0", "4.1.0")
    def probe(self):
        """A method added in 3.0.0, changed in 4.1.0."""
        return self._api_request("GET", "/api/v1/probe")

    @api_version("4.3.0", "4.3.0", api=2)
    def grouped(self):
        return self._api_request("GET", "/api/v2/grouped")


@pytest.mark.parametrize("text, triple, software, software_version", [
    ("4.3.0", (4, 3, 0), "mastodon", ""),
    ("4.3.0-beta.2", (4, 3, 0), "mastodon", ""),
    ("4.0.0rc1", (4, 0, 0), "mastodon", ""),
    ("4.2.0+glitch", (4, 2, 0), "glitch", ""),
    ("4.1.2+hometown-1.1.1", (4, 1, 2), "hometown", "1.1.1"),
    ("3.5.3+v0.20.0-rc1-8-g57cb4fe74", (3, 5, 3), "gotosocial", "0.20.0-rc1-8-g57cb4fe74"),
    ("2.7.2 (compatible; Pleroma 2.5.0)", (2, 7, 2), "pleroma", "2.5.0"),
    ("2.7.2 (compatible; Akkoma 3.10.4)", (2, 7, 2), "akkoma", "3.10.4"),
    ("4", (4, 0, 0), "mastodon", ""),
    ("v4.4", (4, 4, 0), "mastodon", ""),
])
def test_parse_version(text, triple, software, software_version):
    v = parse_version(text)
    assert v.triple == triple and v.software == software and v.software_version == software_version
    assert str(v) == ".".join(map(str, triple))


@pytest.mark.parametrize("bad", ["", "unknown", None, 4])
def test_parse_version_rejects_garbage(bad):
    with pytest.raises(MastodonVersionError):
        parse_version(bad)


def test_decorator_documents_the_version():
    assert "Added in Mastodon 3.0.0, last changed in 4.1.0." in Probe.probe.__doc__
    assert Probe.probe._mastodon_version == ("3.0.0", "4.1.0", None)


class TestModes:
    def test_none_checks_nothing_and_asks_nothing(self, rsps):
        api = Probe(api_base_url=BASE)
        rsps.get(BASE + "/api/v1/probe", json={})
        api.probe()
        assert len(rsps.calls) == 1

    def test_created_mode_with_a_given_version(self, rsps):
        old = Probe(api_base_url=BASE, mastodon_version="2.9.0", version_check_mode="created")
        with pytest.raises(MastodonVersionError, match="needs Mastodon 3.0.0"):
            old.probe()
        new = Probe(api_base_url=BASE, mastodon_version="3.5.0", version_check_mode="created")
        rsps.get(BASE + "/api/v1/probe", json={})
        new.probe()

    def test_changed_mode_needs_the_last_change(self, rsps):
        api = Probe(api_base_url=BASE, mastodon_version="4.0.0", version_check_mode="changed")
        with pytest.raises(MastodonVersionError, match="4.1.0"):
            api.probe()
        api = Probe(api_base_url=BASE, mastodon_version="4.1.0", version_check_mode="changed")
        rsps.get(BASE + "/api/v1/probe", json={})
        api.probe()

    def test_version_is_looked_up_once_lazily(self, rsps):
        rsps.get(BASE + "/api/v2/instance", json={"version": "4.2.1", "api_versions": {"mastodon": 1}})
        rsps.get(BASE + "/api/v1/probe", json={})
        rsps.get(BASE + "/api/v1/probe", json={})
        api = Probe(api_base_url=BASE, version_check_mode="created")
        assert len(rsps.calls) == 0
        api.probe()
        api.probe()
        assert [c.request.url for c in rsps.calls].count(BASE + "/api/v2/instance") == 1
        assert (api.mastodon_major, api.mastodon_minor, api.mastodon_patch) == (4, 2, 1)
        assert api.mastodon_api_version == 1

    def test_falls_back_to_v1_instance_on_old_servers(self, rsps):
        rsps.get(BASE + "/api/v2/instance", status=404, json={"error": "Not found"})
        rsps.get(BASE + "/api/v1/instance", json={"version": "3.4.1"})
        api = Probe(api_base_url=BASE)
        assert api.retrieve_mastodon_version() == "3.4.1"
        assert api.version_check_worked is True

    def test_gotosocial_recorded_instance(self, rsps):
        rsps.get(BASE + "/api/v2/instance", json=recorded("instance_v2")["body"])
        api = Probe(api_base_url=BASE)
        api.retrieve_mastodon_version()
        assert api.server_version.software == "gotosocial"

    def test_api_versions_let_a_server_pass(self, rsps):
        # A fork reporting an old version string but a new API version is believed.
        rsps.get(BASE + "/api/v2/instance", json={"version": "4.2.0+fork", "api_versions": {"mastodon": 2}})
        rsps.get(BASE + "/api/v2/grouped", json={})
        api = Probe(api_base_url=BASE, version_check_mode="created")
        api.grouped()

    def test_failed_lookup_raises_version_error_chained_to_the_cause(self, rsps):
        api = Probe(api_base_url="http://127.0.0.1:9", version_check_mode="created", request_timeout=3)
        with pytest.raises(MastodonVersionError) as info:
            api.probe()
        assert isinstance(info.value.__cause__, MastodonNetworkError)
        assert api.version_check_worked is False
        # no recursion, no retry storm: the failure is remembered
        with pytest.raises(MastodonVersionError):
            api.probe()

    def test_retrieve_fail_hard(self, rsps):
        rsps.get(BASE + "/api/v2/instance", status=500)
        rsps.get(BASE + "/api/v1/instance", status=500)
        api = Probe(api_base_url=BASE)
        with pytest.raises(MastodonVersionError) as info:
            api.retrieve_mastodon_version(fail_hard=True)
        assert info.value.__cause__ is not None

    def test_retrieve_soft_failure_returns_the_oldest_guess(self, rsps):
        rsps.get(BASE + "/api/v2/instance", status=500)
        rsps.get(BASE + "/api/v1/instance", json={"title": "no version here"})
        api = Probe(api_base_url=BASE)
        assert api.retrieve_mastodon_version() == "1.0.0"
        assert api.version_check_worked is False

    def test_verify_minimum_version(self, rsps):
        rsps.get(BASE + "/api/v2/instance", json={"version": "4.3.2"})
        api = Probe(api_base_url=BASE)
        assert api.verify_minimum_version("4.3.0") is True
        assert api.verify_minimum_version("4.4.0", cached=True) is False
        assert api.verify_minimum_version("4.3", cached=True) is True
        assert len(rsps.calls) == 1

    def test_invalid_mode(self):
        from mastodon import MastodonIllegalArgumentError
        with pytest.raises(MastodonIllegalArgumentError):
            Mastodon(api_base_url=BASE, version_check_mode="sometimes")

    def test_supported_version(self):
        assert Mastodon.get_supported_version() == "4.6.0"


class TestNewerOrOlder:
    """The one place that picks an endpoint or its predecessor by server version."""

    def calls(self, api, newer_fails=False):
        seen = []

        def newer():
            seen.append("newer")
            if newer_fails:
                from mastodon import MastodonNotFoundError
                raise MastodonNotFoundError("Mastodon API returned error", 404, "Not Found", "gone")
            return "new"

        def older():
            seen.append("older")
            return "old"
        return seen, lambda: api._newer_or_older("4.0.0", newer, older, "probe")

    def test_a_known_version_decides_without_trying(self):
        for version, expected in (("4.1.0", ["newer"]), ("3.5.0", ["older"])):
            api = Probe(api_base_url=BASE, mastodon_version=version)
            seen, call = self.calls(api)
            call()
            assert seen == expected

    def test_unknown_version_tries_newer_and_remembers_a_404(self, rsps):
        api = Probe(api_base_url=BASE)
        seen, call = self.calls(api, newer_fails=True)
        assert call() == "old" and call() == "old"
        assert seen == ["newer", "older", "older"]
        assert len(rsps.calls) == 0          # no version lookup was made
        api.clear_caches()
        call()
        assert seen[-2:] == ["newer", "older"]

    def test_other_errors_are_not_taken_for_a_missing_endpoint(self):
        from mastodon import MastodonUnauthorizedError
        api = Probe(api_base_url=BASE)

        def newer():
            raise MastodonUnauthorizedError("Mastodon API returned error", 401, "Unauthorized", "no")
        with pytest.raises(MastodonUnauthorizedError):
            api._newer_or_older("4.0.0", newer, lambda: "old", "probe")
