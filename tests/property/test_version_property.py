"""Property tests for the version parser: any input gives a version or the documented exception."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

#: No example database in the tree, no per-example deadline (the machine is shared), reproducible runs.
QUIET = dict(database=None, deadline=None, derandomize=True)

from mastodon import MastodonIllegalArgumentError, MastodonVersionError
from mastodon.core.versions import ServerVersion, parse_version, version_tuple

PIECES = st.sampled_from(["4", "3", "0", "10", ".", "+", "-", "v", "rc1", "beta.2", "glitch", "hometown-1.1.1",
                          " (compatible; ", "Pleroma", "2.5.0", ")", "+v0.20.0-rc1-8-g57cb4fe74", " ", "\u0664",
                          "9" * 50, "_", "(", "compatible;"])
VERSIONISH = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=12).map("".join)
ANYTHING = st.one_of(st.text(max_size=200), VERSIONISH, st.none(), st.integers(), st.floats(), st.booleans(),
                     st.lists(st.text(max_size=5), max_size=3), st.binary(max_size=20))


@settings(max_examples=500, **QUIET)
@given(value=ANYTHING)
@example(value="9" * 5000)
@example(value="4." + "1" * 5000)
@example(value="")
def test_parse_version_gives_a_version_or_version_error(value):
    try:
        version = parse_version(value)
    except MastodonVersionError:
        return
    assert isinstance(version, ServerVersion)
    assert all(isinstance(p, int) and p >= 0 for p in version.triple)
    assert str(version) == ".".join(map(str, version.triple))
    assert isinstance(version.software, str) and version.software == version.software.lower()
    assert isinstance(version.software_version, str)


@settings(max_examples=500, **QUIET)
@given(value=ANYTHING)
@example(value="9" * 5000)
def test_version_tuple_gives_a_triple_or_illegal_argument(value):
    try:
        triple = version_tuple(value)
    except MastodonIllegalArgumentError:
        return
    assert len(triple) == 3 and all(isinstance(p, int) and p >= 0 for p in triple)


@settings(max_examples=300, **QUIET)
@given(major=st.integers(0, 10**6), minor=st.integers(0, 10**6), patch=st.integers(0, 10**6),
       suffix=st.sampled_from(["", "+glitch", "-rc1", "rc2", "+hometown-1.2", " (compatible; Akkoma 3.1)",
                               "+v0.19.1", "~nightly"]))
def test_written_versions_read_back(major, minor, patch, suffix):
    version = parse_version(f"{major}.{minor}.{patch}{suffix}")
    assert version.triple == (major, minor, patch)
    assert version_tuple(f"{major}.{minor}.{patch}") == (major, minor, patch)


@pytest.mark.parametrize("text,software,software_version", [
    ("4.3.0", "mastodon", ""), ("4.2.0+glitch", "glitch", ""), ("4.1.2+hometown-1.1.1", "hometown", "1.1.1"),
    ("3.5.3+v0.20.0-rc1-8-g57cb4fe74", "gotosocial", "0.20.0-rc1-8-g57cb4fe74"),
    ("2.7.2 (compatible; Pleroma 2.5.0)", "pleroma", "2.5.0"),
])
def test_known_forms(text, software, software_version):
    version = parse_version(text)
    assert (version.software, version.software_version) == (software, software_version)
