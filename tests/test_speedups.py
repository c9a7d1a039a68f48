"""The C casts (mastodon/core/_speedups.c) against the generated Python casters, their reference.

The C code must give the same results as the Python casters on every value, keep the cyclic
garbage collector's view of entities sound, and never crash on arguments it does not expect.

How the two paths are compared: this process decodes and casts through the C code (where it is
built); the same cases are sent, as JSON text, to ONE subprocess per batch that runs with
``MASTODON_NO_SPEEDUPS=1`` (the pure-Python path) and answers with a :func:`describe` of each
result. A description names, at every depth, the exact class of every value (entity classes,
PaginatableList / NonPaginatableList / list, AttribAccessDict, MaybeSnowflakeIdType, datetime
with its tzinfo), the keys of every dict (as a set: see :func:`test_key_order_is_not_compared`),
the values, and what attribute access gives for each declared field (the lazy list classes and
ids), read after the items were described.

Run as a script (``python tests/test_speedups.py --describe``) this module reads cases on stdin
and writes their descriptions on stdout: that is the subprocess.
"""

import gc
import importlib.util
import json
import os
import random
import subprocess
import sys
import threading
import tracemalloc
import weakref
from datetime import datetime
from types import SimpleNamespace
from typing import Any, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from mastodon.core import casting, values  # noqa: E402
from mastodon.core.casting import cast_result, hint_namespace  # noqa: E402
from mastodon.core.values import AttribAccessDict, _field_keys, decode_json_raw  # noqa: E402

try:
    from mastodon.core import _speedups as _c_module
except ImportError:  # built without a C compiler
    _c_module = None

#: The C code is in use in this process (built, and MASTODON_NO_SPEEDUPS not set).
C_ACTIVE = values.SPEEDUPS


# -- describing a result ---------------------------------------------------------------------------
def _key(key: Any) -> str:
    return key if isinstance(key, str) else "<%s>%r" % (type(key).__name__, key)


def _atom(value: Any) -> List[Any]:
    if isinstance(value, datetime):
        tz = value.tzinfo
        return [type(value).__name__, value.isoformat(), repr(tz), type(tz).__name__]
    return [type(value).__name__, repr(value)]


def _shallow(value: Any) -> List[Any]:
    """What attribute access gave: the class, and the classes of a list's items or a dict's keys."""
    if isinstance(value, list):
        return [type(value).__name__, [type(item).__name__ for item in value]]
    if isinstance(value, dict):
        return [type(value).__name__, sorted(_key(k) for k in value)]
    return _atom(value)


def describe(value: Any, depth: int = 0) -> Any:
    """A JSON-able description of a cast result (see the module docstring).

    Dict keys become the keys of a JSON object, so the description does not depend on their
    order: the C and Python paths add the declared keys a server left out in different orders
    (the C code in declaration order, the Python code in a set's order), and that order is no
    part of the contract (test_key_order_is_not_compared says so explicitly).
    """
    if depth > 60:
        return ["<too deep>"]
    if isinstance(value, dict):
        out: Dict[str, Any] = {
            "class": type(value).__name__,
            "items": {_key(k): describe(v, depth + 1) for k, v in dict.items(value)},
        }
        cls = type(value)
        if isinstance(value, AttribAccessDict) and cls._mastopy_entity:
            attrs = {}
            for attr in _field_keys(cls):
                if hasattr(dict, attr):
                    continue  # a field named like a dict method: the method wins as an attribute
                try:
                    attrs[attr] = _shallow(getattr(value, attr))
                except Exception as e:  # must fail the same way on both paths
                    attrs[attr] = ["raised", type(e).__name__]
            out["attrs"] = attrs
        extra = getattr(value, "__dict__", None)
        if extra:
            out["vars"] = sorted(extra)
        return out
    if isinstance(value, (list, tuple)):
        out = {"class": type(value).__name__, "list": [describe(v, depth + 1) for v in value]}
        extra = getattr(value, "__dict__", None)
        if extra:
            out["vars"] = sorted(extra)
        return out
    return _atom(value)


# -- running cases -------------------------------------------------------------------------------
_RESULT_TYPES: List[Any] = []


def result_types() -> Any:
    """tests/api/test_result_types.py (its table of typed endpoint methods and their payloads)."""
    if not _RESULT_TYPES:
        name = "_speedups_result_types"
        spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, "api", "test_result_types.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        _RESULT_TYPES.append(module)
    return _RESULT_TYPES[0]


def _hint(case: Dict[str, Any]) -> Any:
    if case.get("method"):
        return result_types().TYPED[case["method"]]
    return eval(case["hint"], dict(hint_namespace()))  # noqa: S307 - our own test cases


def run_case(case: Dict[str, Any]) -> Any:
    """Decode a case's text (as the request core does, or plain json.loads) and cast it: its description."""
    try:
        hint = _hint(case)
        raw = json.loads(case["text"]) if case.get("plain") else decode_json_raw(case["text"])
        result = cast_result(raw, hint)
        return {"ok": describe(result)}
    except Exception as e:
        return {"error": type(e).__name__}


def run_cases(cases: List[Dict[str, Any]]) -> List[Any]:
    return [json.loads(json.dumps(run_case(case))) for case in cases]


def python_path(cases: List[Dict[str, Any]], extra: str = "") -> Dict[str, Any]:
    """The descriptions of ``cases`` through the pure-Python path: one subprocess for all of them."""
    env = dict(os.environ, MASTODON_NO_SPEEDUPS="1")
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--describe", extra],
                          input=json.dumps(cases), capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    answer = json.loads(proc.stdout)
    assert answer["speedups"] is False, "the subprocess ran the C code: MASTODON_NO_SPEEDUPS was ignored"
    return answer


def assert_same(cases: List[Dict[str, Any]], c_results: List[Any], py_results: List[Any]) -> None:
    assert len(c_results) == len(py_results) == len(cases)
    diffs = []
    for case, c, py in zip(cases, c_results, py_results):
        if c != py:
            diffs.append((case.get("method") or case.get("hint"), case["text"][:300], _first_diff(c, py)))
    assert not diffs, "C and Python paths differ in %d of %d cases; first ones:\n%s" % (
        len(diffs), len(cases), "\n".join(repr(d) for d in diffs[:5]))


def _first_diff(a: Any, b: Any, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where}: {a!r:.200} != {b!r:.200}"
    if isinstance(a, dict):
        if set(a) != set(b):
            return f"{where}: keys {sorted(set(a) ^ set(b))} differ"
        for k in a:
            if a[k] != b[k]:
                return _first_diff(a[k], b[k], f"{where}.{k}")
    if isinstance(a, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_diff(x, y, f"{where}[{i}]")
    return f"{where}: {a!r:.300} != {b!r:.300}"


# ==================================================================================================
# Everything below is the test module proper (the subprocess only needs the above).
# ==================================================================================================
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mastodon import return_types as rt  # noqa: E402

needs_c = pytest.mark.skipif(not C_ACTIVE, reason="the C speedups are not built, or MASTODON_NO_SPEEDUPS is set")


# -- 1. every typed endpoint's payload -------------------------------------------------------------
def table_cases() -> List[Dict[str, Any]]:
    """One case per typed endpoint method of tests/api/test_result_types.py (decoded as the core does,
    then as plain json.loads output), each run twice: the second run meets warm layout and datetime caches
    and key objects of another decoder run."""
    rtm = result_types()
    cases = []
    for name, hint in sorted(rtm.TYPED.items()):
        if name in rtm.NOT_CALLED_HERE:
            continue
        special = rtm.SPECIAL_CALLS.get(name)
        if special is not None and special[1] is not None:  # what the test there serves to the request made
            body = special[1](SimpleNamespace(url=rtm.BASE + "/api/v1/statuses/1"))
        else:
            expected = special[2] if special and special[2] is not None else rtm.expected_type(name, hint)
            body, _ = rtm.payload_for(expected)
        text = json.dumps(body)
        for plain in (False, True):
            for _ in range(2):
                cases.append({"method": name, "text": text, "plain": plain})
    for plain in (False, True):  # statuses with media of each kind, a poll, a reblog, ...
        cases.append({"method": "timeline_home", "text": json.dumps([_rich_status()] * 3), "plain": plain})
    return cases


def test_every_typed_endpoint_payload_casts_the_same_in_c_and_python():
    cases = table_cases()
    assert len(cases) > 800  # the table is not vacuous (some 200+ methods, four runs each)
    c_results = run_cases(cases)
    assert sum("ok" in r for r in c_results) == len(cases), "a table payload failed to cast"
    assert_same(cases, c_results, python_path(cases)["results"])


def test_the_description_sees_classes_lazy_lists_ids_and_datetimes():
    # What the comparison above relies on: the description names the lazy list class and the id class.
    status = describe(cast_result(decode_json_raw(json.dumps(_rich_status())), rt.Status))
    assert status["class"] == "Status"
    assert status["items"]["account"]["class"] == "Account"
    assert status["items"]["created_at"][0] == "datetime" and status["items"]["created_at"][3] == "timezone"
    assert status["attrs"]["id"][0] == "MaybeSnowflakeIdType"
    assert status["attrs"]["mentions"][0] == "NonPaginatableList"
    assert status["items"]["mentions"]["class"] == "list"  # before attribute access
    assert status["items"]["mentions"]["list"][0]["class"] == "StatusMention"
    assert status["items"]["account"]["attrs"]["fields"][0] == "NonPaginatableList"


def test_key_order_is_not_compared():
    """Key ORDER differs between the paths and is not part of the contract: the C code adds the declared
    keys a server left out in declaration order, the Python code in a set's order. Do not "fix" the
    comparison to include it; compare key sets, as describe() does."""
    a = AttribAccessDict([("x", 1), ("y", [2])])
    b = AttribAccessDict([("y", [2]), ("x", 1)])
    assert list(a) != list(b)
    assert describe(a) == describe(b)
    payload = {"shortcode": "x", "url": "u"}  # CustomEmoji without static_url, visible_in_picker, category
    c_result = cast_result(decode_json_raw(json.dumps(payload)), rt.CustomEmoji)
    assert set(c_result) == {"shortcode", "url", "static_url", "visible_in_picker", "category"}


# -- 2. fuzz: wrong shapes and many layouts --------------------------------------------------------
def _base(name: str) -> Any:
    return result_types().entity_payload(getattr(rt, name), drop=False)[0]


def _rich_status() -> Dict[str, Any]:
    """The docs' Status example with something in each of its lists, a poll and a reblog."""
    status = _base("Status")
    status.update(media_attachments=[_media("image"), _media("video"), _media("audio")],
                  mentions=[{"id": "3", "username": "a", "url": "https://x/@a", "acct": "a@x"}],
                  tags=[{"name": "t", "url": "https://x/tags/t"}],
                  emojis=[{"shortcode": "s", "url": "u", "static_url": "s", "visible_in_picker": True}],
                  poll=_base("Poll"), edited_at="2024-02-02T10:00:00.000Z")
    status["reblog"] = dict(status, id="5", created_at="2024-03-01T00:00:00+01:00")
    return status


def _media(kind: str) -> Dict[str, Any]:
    media = _base("MediaAttachment")
    original = {"image": {"width": 640, "height": 480, "size": "640x480", "aspect": 1.33},
                "video": {"width": 640, "height": 360, "frame_rate": "30/1", "duration": 5.5, "bitrate": 900},
                "audio": {"duration": 61.2, "bitrate": 128000}}[kind]
    media["type"] = kind
    media["meta"] = dict(media.get("meta") or {}, original=original)
    return media


FUZZ_CLASSES = ["Status", "Account", "Notification", "MediaAttachment", "Poll", "PreviewCard"]

_DATE_TEXTS = ["2024-01-01T00:00:00Z", "2024-01-01T00:00:00.123456+02:00", "2024-01-01T00:00:00",
               "2024-01-01", "yesterday", "", "  "]
_KEY_NAMES = ["id", "created_at", "url", "account", "original", "width", "duration", "emojis", "zz_unknown",
              "type", "meta"]
_ATOMS = (st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.sampled_from([10**30, -1, 0, 1.5e300])
          | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=6) | st.sampled_from(_DATE_TEXTS))
_JUNK = st.recursive(_ATOMS, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.sampled_from(_KEY_NAMES), inner, max_size=3), max_leaves=6)


def _layout(value: Any, r: random.Random, junk: List[Any], depth: int = 0) -> Any:
    """A variant of a payload's shape: keys dropped, nulled, replaced by junk or by a list of the object,
    unknown keys added, key order shuffled (the same key set in another order is another layout)."""
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            p = r.random()
            if p < 0.08:
                continue
            if p < 0.14:
                items.append((k, r.choice(junk)))
            elif p < 0.18:
                items.append((k, None))
            elif p < 0.21 and isinstance(v, dict):
                items.append((k, [v]))
            elif p < 0.23 and isinstance(v, list):
                items.append((k, {"0": v}))
            else:
                items.append((k, _layout(v, r, junk, depth + 1)))
        if r.random() < 0.25:
            items.append(("zz_extra%d" % r.randrange(3), r.choice(junk)))
        if r.random() < 0.3:
            r.shuffle(items)
        return dict(items)
    if isinstance(value, list):
        out = [_layout(v, r, junk, depth + 1) for v in value]
        if r.random() < 0.2:
            out.append(r.choice(junk))
        return out
    return value


def _revalue(value: Any, r: random.Random, junk: List[Any]) -> Any:
    """The same layout with other atomic values (numbers for text, text for numbers, nulls, dates)."""
    if isinstance(value, dict):
        return {k: _revalue(v, r, junk) for k, v in value.items()}
    if isinstance(value, list):
        return [_revalue(v, r, junk) for v in value]
    if r.random() < 0.15:
        return r.choice(junk)
    return value


def _bases(name: str) -> List[Any]:
    if name == "Status":
        return [_rich_status(), _base("Status")]
    if name == "MediaAttachment":
        return [_media("image"), _media("video"), _media("audio")]
    return [_base(name)]


@st.composite
def fuzz_case(draw: Any) -> Dict[str, Any]:
    name = draw(st.sampled_from(FUZZ_CLASSES))
    bases = _bases(name)
    junk = draw(st.lists(_JUNK, min_size=1, max_size=6))
    r = draw(st.randoms(use_true_random=False))
    layouts = [_layout(bases[i % len(bases)], r, junk) for i in range(draw(st.integers(1, 7)))]
    order = draw(st.lists(st.integers(0, len(layouts) - 1), min_size=1, max_size=10))
    page = [_revalue(layouts[i], r, junk) if draw(st.booleans()) else layouts[i] for i in order]
    hint = draw(st.sampled_from(["PaginatableList[%s]", "%s"]))
    body = page if "[" in hint else page[0]
    return {"hint": hint % name, "text": json.dumps(body), "plain": draw(st.booleans())}


def fuzz_cases(n: int) -> List[Dict[str, Any]]:
    cases: List[Dict[str, Any]] = []

    @settings(max_examples=n, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(fuzz_case())
    def collect(case):
        cases.append(case)

    collect()
    # Always: six layouts of one class interleaved (more than the four the C code keeps per class),
    # the same key set in different orders among them, and media of all three `meta.original` kinds.
    status = _rich_status()
    variants = [status, dict(reversed(list(status.items())))]
    for drop in ("poll", "card", "edited_at", "reblog"):
        variants.append({k: v for k, v in status.items() if k != drop})
    page = [variants[i % 6] for i in (0, 1, 2, 3, 4, 5, 0, 1, 5, 4, 3, 2, 0)]
    cases.append({"hint": "PaginatableList[Status]", "text": json.dumps(page), "plain": False})
    media = [_media(kind) for kind in ("image", "video", "audio", "video", "image", "audio")]
    cases.append({"hint": "NonPaginatableList[MediaAttachment]", "text": json.dumps(media), "plain": False})
    return cases


def test_fuzzed_payloads_cast_the_same_in_c_and_python():
    cases = fuzz_cases(250)
    assert any(len(json.loads(c["text"])) > 4 for c in cases if c["hint"].startswith("Paginatable"))
    c_results = run_cases(cases)
    assert_same(cases, c_results, python_path(cases)["results"])


# -- 3. the cyclic garbage collector ---------------------------------------------------------------
class _Marker:
    """A GC-tracked object whose collection a finalizer reports."""


def _watch(obj: Any) -> List[int]:
    done: List[int] = []
    weakref.finalize(obj, done.append, 1)
    return done


ATOMIC_EMOJI = '{"shortcode": "blob", "url": "https://e/x.png", "static_url": "https://e/s.png", "visible_in_picker": true}'
ATOMIC_MARKER = '{"last_read_id": "1", "version": 3, "updated_at": "2024-01-01T00:00:00.000Z"}'


@needs_c
def test_decoded_atomic_objects_are_not_tracked_by_the_gc():
    assert not gc.is_tracked(decode_json_raw('{"a": 1, "b": "x", "c": null, "d": 1.5}'))
    emoji = cast_result(decode_json_raw(ATOMIC_EMOJI), rt.CustomEmoji)  # no field needs work (C: untrack_if_atomic)
    marker = cast_result(decode_json_raw(ATOMIC_MARKER), rt.Marker)  # a datetime field: stays untracked
    assert type(emoji) is rt.CustomEmoji and type(marker) is rt.Marker
    assert isinstance(marker["updated_at"], datetime)
    assert not gc.is_tracked(emoji) and not gc.is_tracked(marker)
    # A tuple that is itself untracked does not count as a container (as for plain dicts).
    untracked = AttribAccessDict({"t": (1, 2)})
    gc.collect()  # untracks the tuple of atoms
    assert not gc.is_tracked(untracked["t"])
    assert not gc.is_tracked(cast_result(untracked, rt.CustomEmoji))


@needs_c
@pytest.mark.parametrize("container", [dict, list, _Marker, AttribAccessDict])
def test_storing_a_container_by_key_tracks_the_entity_again(container):
    emoji = cast_result(decode_json_raw(ATOMIC_EMOJI), rt.CustomEmoji)
    assert not gc.is_tracked(emoji)
    emoji["extra"] = container()
    assert gc.is_tracked(emoji)
    marker = cast_result(decode_json_raw(ATOMIC_MARKER), rt.Marker)
    marker.version = container()  # attribute writes of declared fields go to the dict
    assert gc.is_tracked(marker)


@needs_c
def test_entities_holding_a_container_stay_tracked():
    status = cast_result(decode_json_raw(json.dumps(_base("Status"))), rt.Status)
    assert gc.is_tracked(status) and gc.is_tracked(status.account)
    tracked_emoji = cast_result(AttribAccessDict(json.loads(ATOMIC_EMOJI), tags=[]), rt.CustomEmoji)
    assert gc.is_tracked(tracked_emoji)
    assert gc.is_tracked(decode_json_raw('{"a": [], "b": 1}'))
    assert gc.is_tracked(decode_json_raw('{"a": {}, "b": 1}'))


def _collected_cycle(make) -> bool:
    """Whether gc.collect() frees a cycle ``make(entity, marker)`` builds through an atomic decoded entity."""
    for text, hint in ((ATOMIC_EMOJI, rt.CustomEmoji), (ATOMIC_MARKER, rt.Marker), ('{"a": 1}', AttribAccessDict)):
        entity = cast_result(decode_json_raw(text), hint)
        marker = _Marker()
        done = _watch(marker)
        ref = weakref.ref(entity)  # entities support weak references
        make(entity, marker)
        del entity, marker
        gc.collect()
        if not done or ref() is not None:
            return False
    return True


def test_a_cycle_through_an_item_is_collected():
    def through_item(entity, marker):
        entity["self"] = entity
        entity["marker"] = marker
    assert _collected_cycle(through_item)

    def through_marker(entity, marker):
        marker.back = entity
        entity["marker"] = marker
    assert _collected_cycle(through_marker)


def test_a_cycle_through_an_attribute_is_collected():
    """Entities have a __dict__ (pagination info, _mastopy_hint, a script's own attributes): a cycle
    through it must be collected too, though the dict's items are all atomic. Failed before
    AttribAccessDict.__setattr__ gave untracked entities back to the collector (_speedups.track).
    (``object.__setattr__`` bypasses that; the library's own uses of it close no cycle.)"""
    def through_attribute(entity, marker):
        entity._marker = marker
        marker.back = entity
    assert _collected_cycle(through_attribute)

    def two_entities(entity, marker):
        other = cast_result(decode_json_raw(ATOMIC_EMOJI), rt.CustomEmoji)
        entity._other = other
        other._other = entity
        other["marker"] = marker
    assert _collected_cycle(two_entities)


@needs_c  # the Python casters' layout cache keeps up to 64 key tuples for good
def test_a_cycle_through_a_key_is_collected():
    """A key that is a container (only a caller's own dicts have such keys) counts as one, as in CPython.
    Failed before untrack_if_atomic looked at keys too."""
    marker = _Marker()
    done = _watch(marker)
    entity = AttribAccessDict(json.loads(ATOMIC_EMOJI))
    entity[marker] = 1
    marker.back = entity
    entity = cast_result(entity, rt.CustomEmoji)
    assert type(entity) is rt.CustomEmoji
    assert gc.is_tracked(entity)
    del entity, marker
    # The layout caches keep the keys of recent layouts (the C code 4 per class): push this one out.
    for i in range(5):
        cast_result(decode_json_raw(json.dumps({"shortcode": "x", "k%d" % i: 1})), rt.CustomEmoji)
    gc.collect()
    assert done


def test_python_path_tracks_and_collects():
    answer = python_path([], extra="--gc")
    assert answer["gc"] == {"decoded_tracked": True, "cycle_collected": True, "attribute_cycle_collected": True}


# -- 4. the C functions called directly ------------------------------------------------------------
class Probe(AttribAccessDict):
    """An entity class of this test: one datetime, one text field."""
    when: Optional[datetime]
    text: Optional[str]


K_DATETIME, K_ENTITY, K_ENTITY_LIST, K_UNTYPED, K_CALL, K_UNION = range(6)


def _fallback(value):
    return casting._python_fallback(Probe)(value)


def _plan(fields=(), declared=("when", "text"), layouts=None):
    return [Probe, _fallback, declared, fields, [] if layouts is None else layouts]


def _decoded(payload=None):
    return decode_json_raw(json.dumps({"when": "2024-01-01T00:00:00Z", "text": "x"} if payload is None else payload))


@needs_c
@pytest.mark.parametrize("plan, error", [
    (None, TypeError),
    ((Probe, _fallback, (), (), []), TypeError),          # a tuple, not a list
    ([Probe, _fallback, (), ()], TypeError),              # four items
    ([Probe, _fallback, (), (), [], None], TypeError),    # six items
    (["Probe", _fallback, (), (), []], TypeError),        # no class
    ([Probe, _fallback, ["when"], (), []], TypeError),    # declared keys not a tuple
    ([Probe, _fallback, (), [(0, "when", None)], []], TypeError),  # fields not a tuple
    ([Probe, _fallback, (), (), None], TypeError),        # layouts not a list
    ([Probe, _fallback, (), (), [None]], TypeError),      # a layout entry that is no pair
    ([Probe, _fallback, (), (), [("when", "text", ())]], TypeError),
    ([Probe, _fallback, ([],), (), []], TypeError),       # an unhashable declared key
    ([int, _fallback, (), (), []], TypeError),            # a class the dict cannot become
    ([list, _fallback, (), (), []], TypeError),
    (_plan(fields=("when",)), TypeError),                 # a field that is no tuple
    (_plan(fields=((0, "when"),)), TypeError),            # a field of two items
    (_plan(fields=(("0", "when", None),)), TypeError),   # a kind that is no int
    (_plan(fields=((99, "when", None),)), ValueError),    # an unknown kind
    (_plan(fields=((-1, "when", None),)), ValueError),
    (_plan(fields=((2**80, "when", None),)), OverflowError),
    (_plan(fields=((0, [], None),)), TypeError),          # an unhashable key
    (_plan(fields=((K_ENTITY, "text", None),)), TypeError),           # an entity field without a plan
    (_plan(fields=((K_ENTITY, "text", [1, 2]),)), TypeError),
    (_plan(fields=((K_CALL, "text", None),)), TypeError),             # nothing to call
    (_plan(fields=((K_UNION, "text", None),)), TypeError),            # a union without [caster, choose, layouts]
    (_plan(fields=((K_UNION, "text", [None, None]),)), TypeError),
    (_plan(fields=((K_UNION, "text", [None, None, None]),)), TypeError),
])
def test_cast_entity_refuses_malformed_plans(plan, error):
    value = _decoded({"when": "2024-01-01T00:00:00Z", "text": {"nested": 1}})
    with pytest.raises(error):
        _c_module.cast_entity(plan, value)


@needs_c
def test_cast_entity_with_malformed_nested_plans():
    nested = decode_json_raw('{"text": [{"a": 1}, {"b": 2}], "when": {"x": 1}}')
    with pytest.raises(TypeError):  # a list field whose item plan is junk
        _c_module.cast_entity(_plan(fields=((K_ENTITY_LIST, "text", "not a plan"),)), nested)
    nested = decode_json_raw('{"text": [{"a": 1}], "when": {"x": 1}}')
    with pytest.raises(TypeError):
        _c_module.cast_entity(_plan(fields=((K_ENTITY, "when", [Probe]),)), nested)
    nested = decode_json_raw('{"when": {"x": 1}}')
    # A union whose chooser names something that is no plan.
    with pytest.raises(TypeError):
        _c_module.cast_entity(_plan(fields=((K_UNION, "when", [_fallback, lambda v: 5, []]),)), nested)
    with pytest.raises(TypeError):
        _c_module.cast_entity()
    with pytest.raises(TypeError):
        _c_module.cast_entity(_plan(), _decoded(), None)


@needs_c
def test_a_union_chooser_that_changes_the_union_does_not_crash():
    # The chooser is Python code: it may change the union's list while the C code holds parts of it.
    arg: List[Any] = []

    def choose(value):
        arg[:] = []  # the caster and the layout cache go away
        gc.collect()
        return None

    arg.extend([lambda v: v, choose, []])
    value = decode_json_raw('{"when": {"x": 1}}')
    try:
        _c_module.cast_entity(_plan(fields=((K_UNION, "when", arg),)), value)
    except (TypeError, ValueError, IndexError):
        pass


@needs_c
def test_a_field_caster_that_changes_the_plan_does_not_crash():
    # Field casters are Python code: one may replace the plan's fields while the C code walks them.
    plan: List[Any] = []

    def clear_plan(value):
        plan[3] = ()
        plan[2] = ()
        gc.collect()
        return value

    fields = tuple((K_CALL, "k%d" % i, clear_plan) for i in range(8))
    plan.extend(_plan(fields, declared=tuple("k%d" % i for i in range(8))))
    value = decode_json_raw(json.dumps({"k%d" % i: [i] for i in range(8)}))
    del fields
    result = _c_module.cast_entity(plan, value)
    assert type(result) is Probe and result["k7"] == [7]


class Fresh(AttribAccessDict):
    """An entity class no plan exists for until the test below asks for one."""
    stamp: Optional[datetime]
    note: Optional[str]


@needs_c
def test_a_plan_being_built_is_not_used_by_another_thread(monkeypatch):
    """Plans are also built at cast time (the member of a union first met, such as video metadata), and
    another thread casting meanwhile must wait for the plan, not cast with a half-built one (no declared
    keys, no fields) whose layout cache would keep the wrong answer. Failed before _plan took the lock."""
    started, release = threading.Event(), threading.Event()
    field_actions = casting._field_actions

    def slow_field_actions(cls):
        if cls is Fresh:
            started.set()
            release.wait(10)
        return field_actions(cls)

    monkeypatch.setattr(casting, "_field_actions", slow_field_actions)
    text = '{"stamp": "2024-01-01T00:00:00Z"}'
    results: Dict[str, Any] = {}

    def build():
        results["plan"] = casting._plan(Fresh)

    def cast():
        results["cast"] = _c_module.cast_entity(casting._plan(Fresh), decode_json_raw(text))

    builder = threading.Thread(target=build)
    builder.start()
    try:
        assert started.wait(10)
        caster = threading.Thread(target=cast)
        caster.start()
        caster.join(0.3)
        early = results.get("cast")
    finally:
        release.set()
        builder.join(10)
    caster.join(10)
    for value in (early, results["cast"], _c_module.cast_entity(results["plan"], decode_json_raw(text))):
        if value is not None:
            assert type(value) is Fresh and "note" in value and isinstance(value["stamp"], datetime), dict(value)


@needs_c
def test_decoded_dict_with_other_arguments():
    assert _c_module.decoded_dict([("a", 1)]) == {"a": 1}
    assert type(_c_module.decoded_dict([("a", 1)])) is AttribAccessDict
    assert _c_module.decoded_dict(AttribAccessDict(a=[1])) == {"a": [1]}
    for bad in (5, None, "ab", [1, 2], object()):
        with pytest.raises((TypeError, ValueError)):
            _c_module.decoded_dict(bad)
    with pytest.raises(TypeError):
        _c_module.decoded_dict()


@needs_c
@pytest.mark.parametrize("args", [
    (None, 4096, values.to_datetime, values._fast_iso, casting._untyped, object.__dict__["__class__"]),
    ({}, "4096", values.to_datetime, values._fast_iso, casting._untyped, object.__dict__["__class__"]),
    ({}, 4096, values.to_datetime, values._fast_iso, casting._untyped, None),      # no __set__
    ({}, 4096, values.to_datetime, values._fast_iso, casting._untyped, "__class__"),
    ({}, 4096, values.to_datetime),
    (),
])
def test_configure_refuses_wrong_types(args):
    with pytest.raises(TypeError):
        _c_module.configure(*args)
    # Nothing was changed: casts still use the real datetime cache and converters.
    assert cast_result(decode_json_raw(ATOMIC_MARKER), rt.Marker).updated_at.year == 2024


@needs_c
@pytest.mark.parametrize("cls", [5, None, list, int, "AttribAccessDict", dict()])
def test_set_dict_class_refuses_wrong_types(cls):
    with pytest.raises(TypeError):
        _c_module.set_dict_class(cls)
    assert type(decode_json_raw('{"a": 1}')) is AttribAccessDict


def _page() -> str:
    statuses = [_base("Status"), dict(_base("Status"), id="2"), {k: v for k, v in _base("Status").items() if k != "card"}]
    return json.dumps(statuses)


@needs_c
def test_casting_pages_again_and_again_does_not_grow_memory():
    text = _page()
    hint = casting.caster_for(values.PaginatableList[rt.Status])

    def run(n):
        for _ in range(n):
            hint(decode_json_raw(text))

    run(50)
    if hasattr(sys, "gettotalrefcount"):  # a debug build
        before = sys.gettotalrefcount()
        run(2000)
        assert sys.gettotalrefcount() - before < 200
        return
    gc.collect()
    tracemalloc.start()
    try:
        run(200)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        run(2000)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 64 * 1024, f"{grown} bytes more after 2000 pages"


def _refcounts(objects):
    return [sys.getrefcount(o) for o in objects]


@needs_c
def test_plan_reference_counts_are_stable_on_success_and_error_paths():
    def boom(value):
        raise KeyError("boom")

    def choose_boom(value):
        raise LookupError("choose")

    key_when = "".join(["wh", "en"])  # not interned: counted on its own
    key_text = "".join(["te", "xt"])
    declared = (key_when, key_text)
    union_arg = [boom, choose_boom, []]
    union_none = [boom, lambda v: None, []]
    union_ok = [boom, lambda v: casting._plan(rt.CustomEmoji), []]
    plans = {
        "datetime": _plan(((K_DATETIME, key_when, None),), declared),
        "call": _plan(((K_CALL, key_text, boom),), declared),
        "union chooser": _plan(((K_UNION, key_text, union_arg),), declared),
        "union caster": _plan(((K_UNION, key_text, union_none),), declared),
        "union ok": _plan(((K_UNION, key_text, union_ok),), declared),
        "untyped": _plan(((K_UNTYPED, key_text, None),), declared),
        "entity list": _plan(((K_ENTITY_LIST, key_text, casting._plan(rt.CustomEmoji)),), declared),
    }
    watched = [Probe, _fallback, boom, choose_boom, key_when, key_text, declared, union_arg, union_none, union_ok,
               casting._plan(rt.CustomEmoji)]
    for plan in plans.values():
        watched += [plan, plan[2], plan[3], plan[4]] + list(plan[3])
    payloads = [
        '{"when": "2024-01-01T00:00:00Z", "text": {"x": 1}}',
        '{"when": "2024-01-01T00:00:00", "text": {"shortcode": "a", "url": "b"}}',   # naive: to_datetime
        '{"when": 1700000000, "text": [{"shortcode": "a"}, 5, null]}',
        '{"text": 5, "zz": 1}',
        '{"when": "garbage", "text": "x"}',
        '[1, 2]',  # no dict: the fallback
    ]
    # Values shared by every cast (not decoded anew): a reference the C code keeps or drops too many
    # of, on any path, shows in their counts.
    naive, aware = "".join(["2024-01-01T00:00:", "00"]), "".join(["2024-01-01T00:00:", "00Z"])
    number, garbage, text = int("1700000000"), "".join(["gar", "bage"]), "".join(["te", "xt!"])
    templates = [{"when": naive, "text": text}, {"when": number, "text": text}, {"when": garbage, "text": number},
                 {"when": aware, "text": text}, {"text": garbage}]
    watched += [naive, aware, number, garbage, text]
    keep = list(_dt_config())

    def raising_to_datetime(value):
        raise ArithmeticError("to_datetime")

    def cycle():
        for plan in plans.values():
            for payload in payloads:
                try:
                    _c_module.cast_entity(plan, decode_json_raw(payload))
                except (KeyError, LookupError, ArithmeticError, TypeError):
                    pass
            for template in templates:
                try:
                    _c_module.cast_entity(plan, AttribAccessDict(template))
                except (KeyError, LookupError, ArithmeticError, TypeError):
                    pass

    for raising in (False, True):
        if raising:  # a to_datetime that raises (naive text, numbers, text the fast parser refuses)
            keep[2] = raising_to_datetime
            _c_module.configure(*keep)
        try:
            cycle()
            before = _refcounts(watched)
            for _ in range(300):
                cycle()
            after = _refcounts(watched)
        finally:
            _c_module.configure(*_dt_config())
        assert after == before, [(repr(o)[:60], b, a) for o, b, a in zip(watched, before, after) if a != b]


def _dt_config():
    """The arguments mastodon.core.casting gives _speedups.configure()."""
    return (values._DATETIME_CACHE, values._DATETIME_CACHE_SIZE, values.to_datetime, values._fast_iso,
            casting._untyped, object.__dict__["__class__"])


@needs_c
def test_error_paths_raise_what_the_python_casters_raise():
    def raising_to_datetime(value):
        raise ArithmeticError("to_datetime")

    keep = list(_dt_config())
    keep[2] = raising_to_datetime
    _c_module.configure(*keep)
    try:
        with pytest.raises(ArithmeticError):
            cast_result(decode_json_raw('{"last_read_id": "1", "version": 1, "updated_at": "2024-01-01T01:02:03"}'),
                        rt.Marker)
        with pytest.raises(ArithmeticError):
            cast_result(decode_json_raw('{"last_read_id": "1", "version": 1, "updated_at": 12}'), rt.Marker)
        # Aware ISO text is parsed in C, without to_datetime.
        assert cast_result(decode_json_raw(ATOMIC_MARKER), rt.Marker).updated_at.year == 2024
    finally:
        _c_module.configure(*_dt_config())


# -- 5. datetimes ----------------------------------------------------------------------------------
DATETIME_VALUES = ["2024-01-01T00:00:00Z", "2024-01-01T00:00:00+02:00", "2024-01-01T00:00:00.123456-05:30",
                   "2024-01-01T12:00:00.5Z", "2024-01-01T12:00:00", "2024-01-01T12:00:00.250", "2024-01-01",
                   "not a date", "2024-13-45T99:00:00Z", "", " ", "1700000000", 1700000000, 1700000000.25, 0, -1,
                   10**20, 10**400, 1.5e300, float("nan"), True, ["2024-01-01"], {"a": 1}]


def datetime_cases() -> List[Dict[str, Any]]:
    cases = []
    for v in DATETIME_VALUES:
        marker = {"last_read_id": "1", "version": 1, "updated_at": v}
        for plain in (False, True):
            cases.append({"hint": "Marker", "text": json.dumps(marker), "plain": plain})
            cases.append({"hint": "NonPaginatableList[Marker]", "text": json.dumps([marker, marker]), "plain": plain})
            # The same value under a key-name datetime key of an untyped value.
            cases.append({"hint": "AttribAccessDict", "text": json.dumps({"created_at": v}), "plain": plain})
    return cases


def test_datetimes_cast_the_same_in_c_and_python():
    cases = datetime_cases()
    c_results = run_cases(cases)
    assert_same(cases, c_results, python_path(cases)["results"])
    by_value = {json.dumps(v): r for v, r in zip(DATETIME_VALUES, c_results[::6])}
    utc = by_value['"2024-01-01T12:00:00"']["ok"]["items"]["updated_at"]
    assert utc[:2] == ["datetime", "2024-01-01T12:00:00+00:00"]  # naive: UTC-aware
    assert by_value['"2024-01-01"']["ok"]["items"]["updated_at"][1] == "2024-01-01T00:00:00+00:00"
    assert by_value['"2024-01-01T00:00:00+02:00"']["ok"]["items"]["updated_at"][1] == "2024-01-01T00:00:00+02:00"
    assert by_value['"2024-01-01T00:00:00.123456-05:30"']["ok"]["items"]["updated_at"][1].endswith(".123456-05:30")
    assert by_value['"not a date"']["ok"]["items"]["updated_at"] == ["str", "'not a date'"]
    assert by_value['""']["ok"]["items"]["updated_at"] == ["NoneType", "None"]
    assert by_value[str(10**400)]["ok"]["items"]["updated_at"][0] == "int"
    assert by_value[json.dumps(1.5e300)]["ok"]["items"]["updated_at"][0] == "float"
    assert by_value["1700000000"]["ok"]["items"]["updated_at"][0] == "datetime"


@needs_c
def test_the_datetime_cache_stays_bounded_when_the_c_code_fills_it():
    cache, size = values._DATETIME_CACHE, values._DATETIME_CACHE_SIZE
    cache.clear()
    seen = 0
    for batch in range(3):
        markers = [{"last_read_id": "1", "version": 1,
                    "updated_at": "2020-01-01T00:00:%02d.%06dZ" % (batch, i)} for i in range(size // 2 + 7)]
        page = cast_result(decode_json_raw(json.dumps(markers)), values.NonPaginatableList[rt.Marker])
        seen += len(page)
        assert all(isinstance(m.updated_at, datetime) for m in page)
        assert 0 < len(cache) <= size
    assert len(cache) < seen  # it was emptied on the way
    # The C code cached what it parsed, in the very dict the Python code uses.
    assert markers[-1]["updated_at"] in cache
    assert cache[markers[-1]["updated_at"]] is page[-1].updated_at


# -- 6. MASTODON_NO_SPEEDUPS -----------------------------------------------------------------------
def test_no_speedups_switches_the_c_code_off():
    answer = python_path([{"hint": "Marker", "text": ATOMIC_MARKER, "plain": False}])
    assert answer["speedups"] is False
    assert answer["results"][0]["ok"]["class"] == "Marker"
    assert answer["results"][0]["ok"]["items"]["updated_at"][0] == "datetime"


def test_the_c_code_is_used_where_it_is_built():
    if _c_module is None:
        if os.environ.get("CI"):
            pytest.fail("the C extension mastodon.core._speedups is not built in CI")
        pytest.skip("the C extension mastodon.core._speedups is not built (no C compiler?)")
    if os.environ.get("MASTODON_NO_SPEEDUPS"):
        pytest.skip("MASTODON_NO_SPEEDUPS is set for this test run")
    assert values.SPEEDUPS is True
    assert isinstance(casting.compiled_caster(rt.Status), __import__("functools").partial)


# -- the subprocess ---------------------------------------------------------------------------------
def _python_gc_checks() -> Dict[str, bool]:
    decoded = decode_json_raw('{"a": 1}')
    out = {"decoded_tracked": gc.is_tracked(decoded)}
    for name, attribute in (("cycle_collected", False), ("attribute_cycle_collected", True)):
        entity = cast_result(decode_json_raw(ATOMIC_EMOJI_TEXT), hint_namespace()["CustomEmoji"])
        marker = _Marker()
        done = _watch(marker)
        marker.back = entity
        if attribute:
            object.__setattr__(entity, "_marker", marker)
        else:
            entity["marker"] = marker
        del entity, marker
        gc.collect()
        out[name] = bool(done)
    return out


ATOMIC_EMOJI_TEXT = ATOMIC_EMOJI


def _main() -> None:
    cases = json.loads(sys.stdin.read())
    answer: Dict[str, Any] = {"speedups": values.SPEEDUPS, "results": run_cases(cases)}
    if "--gc" in sys.argv:
        answer["gc"] = _python_gc_checks()
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    _main()
