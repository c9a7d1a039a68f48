"""Areas load on first use: the hints place every member, lookups of any kind find the methods,
and nothing about the class's behaviour depends on what was loaded before."""

import ast
import importlib
import inspect
import os
import pydoc
import threading

import pytest
from conftest import run_python

import mastodon.api as areas
from mastodon import Mastodon
from mastodon.api import AREAS, LazyAreas, area_of
from mastodon.auth import AuthMixin
from mastodon.core.pagination import PaginationMixin
from mastodon.core.request import RequestCore
from mastodon.core.versions import VersionMixin
from mastodon.utility import UtilityMixin

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EAGER_BASES = (RequestCore, VersionMixin, PaginationMixin, AuthMixin, UtilityMixin, LazyAreas)


def members(mixin):
    """Every non-special name a mixin brings, its bases' included."""
    return {name for klass in mixin.__mro__[:-1] for name in vars(klass)
            if not (name.startswith("__") and name.endswith("__"))}


def mixin_of(module_name):
    return getattr(importlib.import_module(module_name), dict(AREAS)[module_name])


def fresh_host():
    """A class built like Mastodon (the core plus LazyAreas) with nothing loaded yet."""
    return type("Host", EAGER_BASES, {})


@pytest.mark.parametrize("module_name", [module for module, _ in AREAS])
def test_hints_place_every_member_in_its_area(module_name):
    misplaced = {name: area_of(name) for name in members(mixin_of(module_name)) if area_of(name) != module_name}
    assert misplaced == {}, (f"add these names (or their first word) to the hints in mastodon/api/__init__.py "
                             f"for {module_name}: {sorted(misplaced)}")


def test_no_member_is_defined_twice():
    # The members are copied into one class: a name in two areas, or in an area and the core,
    # would depend on which was loaded first.
    seen = {name: "core" for base in EAGER_BASES for name in members(base)}
    clashes = []
    for module_name, _ in AREAS:
        for name in members(mixin_of(module_name)):
            if name in seen:
                clashes.append((name, seen[name], module_name))
            seen[name] = module_name
    assert clashes == []


def test_type_checkers_see_the_same_areas_in_the_same_order():
    with open(os.path.join(ROOT, "mastodon", "client.py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    typed = next(node for node in ast.walk(tree) if isinstance(node, ast.ClassDef) and node.name == "_Areas")
    assert [base.id for base in typed.bases] == [class_name for _, class_name in AREAS]


def test_import_loads_no_area_and_no_streaming_module():
    loaded = run_python(
        "import sys, mastodon\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith(('mastodon.api.', 'mastodon.streaming'))))")
    assert loaded == []


def test_first_use_loads_only_the_area_it_needs():
    loaded = run_python(
        "import sys\n"
        "from mastodon import Mastodon\n"
        "api = Mastodon(api_base_url='https://example.test')\n"
        "method = api.timeline_home\n"
        "print(method.__func__.__qualname__)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('mastodon.api.'))))")
    assert loaded == ["TimelinesMixin.timeline_home", "mastodon.api.timelines"]


def test_every_member_resolves_on_instance_and_class_of_a_fresh_host():
    host = fresh_host()
    client = object.__new__(host)
    for module_name, _ in AREAS:
        mixin = mixin_of(module_name)
        for name in sorted(members(mixin)):
            assert getattr(client, name) == getattr(client, name)  # the first lookup loads the area
            assert inspect.getattr_static(host, name) is inspect.getattr_static(mixin, name), name
    assert host._areas_loaded == {module for module, _ in AREAS}


def test_lookups_by_class_signature_and_hasattr():
    host = fresh_host()
    assert hasattr(host, "status_post")
    assert str(inspect.signature(host.account)) == "(self, id: 'IdLike') -> 'AttribAccessDict'"
    assert host._areas_loaded == {"mastodon.api.statuses", "mastodon.api.accounts"}
    assert not hasattr(host, "stauts_post")


def test_unknown_names_raise_the_usual_attribute_errors():
    host = fresh_host()
    client = object.__new__(host)
    with pytest.raises(AttributeError, match="^'Host' object has no attribute 'stauts_post'$"):
        client.stauts_post
    with pytest.raises(AttributeError, match="^type object 'Host' has no attribute 'nope'$"):
        host.nope
    with pytest.raises(AttributeError):
        client.__missing_special__
    assert getattr(client, "nope", 7) == 7


def test_a_name_the_hints_miss_is_found_by_loading_everything(monkeypatch):
    monkeypatch.delitem(areas._BY_FIRST_WORD, "poll")
    host = fresh_host()
    assert host.poll_vote.__qualname__ == "PollsMixin.poll_vote"
    assert len(host._areas_loaded) == len(AREAS)


def test_probes_for_private_names_load_nothing():
    host = fresh_host()
    assert getattr(host, "_mock_name", None) is None
    assert not hasattr(object.__new__(host), "_version_given")
    assert host._areas_loaded == set()


def test_dir_and_help_show_every_method():
    host = fresh_host()
    assert {"status_post", "admin_accounts", "stream_user", "timeline_home"} <= set(dir(host))
    assert "media_post" in dir(object.__new__(fresh_host()))
    rendered = pydoc.render_doc(fresh_host(), renderer=pydoc.plaintext)
    assert "Post a status" in rendered and "Added in Mastodon 4.3.0" in rendered


def test_a_subclass_can_call_super_for_any_method():
    host = fresh_host()

    class Bot(host):
        def status_post(self, status, **kwargs):
            return ("wrapped", super().status_post)

    bot = object.__new__(Bot)
    tag, inner = bot.status_post("x")
    assert tag == "wrapped" and inner.__func__.__qualname__ == "StatusesMixin.status_post"
    assert Bot.status_post is not host.status_post


def test_what_the_user_set_on_the_class_is_kept_when_its_area_loads():
    host = fresh_host()

    def my_reblog(self, id):
        return "mine"

    host.status_reblog = my_reblog
    host.status_post  # loads the statuses area
    assert host.status_reblog is my_reblog
    assert host.status_unreblog.__qualname__ == "StatusesMixin.status_unreblog"


def test_threads_loading_at_once_all_find_their_methods():
    host = fresh_host()
    client = object.__new__(host)
    names = ["status_post", "account", "admin_accounts", "stream_user", "timeline_home", "media_post",
             "notifications", "search_v2"] * 4
    found, errors = [], []
    start = threading.Barrier(len(names))

    def look(name):
        start.wait()
        try:
            found.append(getattr(client, name).__func__.__name__)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=look, args=(name,)) for name in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert errors == [] and sorted(found) == sorted(names)


def test_the_mixins_stay_importable_from_the_package():
    from mastodon.api import StatusesMixin
    from mastodon.api.statuses import StatusesMixin as direct
    assert StatusesMixin is direct
    with pytest.raises(AttributeError):
        areas.StreamingMixin  # not an area module of mastodon.api
    with pytest.raises(AttributeError):
        areas.NoSuchMixin


def test_streaming_names_are_exported_on_first_use():
    lines = run_python(
        "import sys, mastodon\n"
        "print('StreamListener' in dir(mastodon), 'mastodon.streaming' in sys.modules)\n"
        "from mastodon import StreamListener, CallbackStreamListener, StreamHandle\n"
        "print(StreamListener.__module__, 'mastodon.streaming' in sys.modules)")
    assert lines == ["True False", "mastodon.streaming.listener True"]


def test_the_real_client_class_has_everything():
    for module_name, _ in AREAS:
        mixin = mixin_of(module_name)
        for name in members(mixin):
            getattr(Mastodon, name)
            assert inspect.getattr_static(Mastodon, name) is inspect.getattr_static(mixin, name), name
