"""Mastodon inherits every endpoint area: no name is defined twice, every method is a plain class
attribute, and the class at run time is the class type checkers read."""

import inspect

from mastodon import Mastodon
from mastodon.api import AREAS
from mastodon.auth import AuthMixin
from mastodon.core.pagination import PaginationMixin
from mastodon.transport import RequestCore
from mastodon.core.versions import VersionMixin
from mastodon.streaming import StreamingMixin
from mastodon.utility import UtilityMixin

CORE = (RequestCore, VersionMixin, PaginationMixin, AuthMixin, UtilityMixin)


def members(mixin):
    """Every non-special name a mixin brings, its bases' included."""
    return {name for klass in mixin.__mro__[:-1] for name in vars(klass)
            if not (name.startswith("__") and name.endswith("__"))}


def test_mastodon_inherits_the_core_every_area_and_streaming_in_order():
    assert Mastodon.__bases__ == CORE + AREAS + (StreamingMixin,)
    assert type(Mastodon) is type  # no metaclass: what runs is what a type checker reads
    for area in AREAS + (StreamingMixin,):
        assert issubclass(Mastodon, area)


def test_no_member_is_defined_twice():
    # A name in two areas, or in an area and the core, would be decided by the order of the bases.
    seen = {name: "core" for base in CORE for name in members(base)}
    clashes = []
    for area in AREAS + (StreamingMixin,):
        for name in members(area):
            if name in seen:
                clashes.append((name, seen[name], area.__name__))
            seen[name] = area.__name__
    assert clashes == []


def test_every_area_method_is_found_on_the_class_as_defined():
    for area in AREAS + (StreamingMixin,):
        for name in members(area):
            assert inspect.getattr_static(Mastodon, name) is inspect.getattr_static(area, name), name


def test_dir_lists_every_endpoint_method():
    client = Mastodon(api_base_url="https://mastodon.example")
    listed = set(dir(client))
    for name in ("status_post", "timeline_home", "admin_accounts_v2", "stream_user", "markers_get"):
        assert name in listed
        assert callable(getattr(client, name))


def test_a_subclass_can_call_super_for_any_method():
    class Bot(Mastodon):
        def status_post(self, *args, **kwargs):
            return ("wrapped", super().status_post)

    bot = Bot(api_base_url="https://mastodon.example")
    tag, inner = bot.status_post("hi")
    assert tag == "wrapped" and inner.__func__ is Mastodon.status_post


def test_unknown_names_raise_the_usual_attribute_error():
    client = Mastodon(api_base_url="https://mastodon.example")
    try:
        client.stauts_post
    except AttributeError as e:
        assert "stauts_post" in str(e)
    else:
        raise AssertionError("an unknown attribute was found")
