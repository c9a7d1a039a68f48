"""Issue 18 point 14: every typed endpoint method, answered with JSON of the wrong shapes, gives a result or our error.

The methods are the ones tests/api/test_result_types.py finds by walking :class:`Mastodon` (its
table of arguments and special calls is reused, so a new typed method is fuzzed too). Each is
called through `responses` with answers made from a valid example of its declared type by a
seeded generator that puts wrong shapes into its fields: lists and numbers where objects are
declared, objects and numbers where text is, nulls, booleans, junk dates and ids, deep nesting;
some answers have every field replaced, others a random part; the whole answer is replaced too
(a list, a number, null, text, deep nesting). Each call must return, or raise a
:class:`MastodonError` subclass; so must reading every declared field of the result (fields are
converted on first access) and ``to_json``. Nothing else may escape.

The generator is seeded per method name, so a failure repeats; ``FUZZ_ROUNDS`` bounds the run.
"""

import importlib.util
import inspect
import json
import os
import random
import typing
from typing import Any, Callable, Dict, List

import pytest
from conftest import BASE

from mastodon import Mastodon, MastodonError
from mastodon.core.values import _field_keys
from mastodon.types_base import AttribAccessDict


def _load_table() -> Any:
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "api", "test_result_types.py")
    spec = importlib.util.spec_from_file_location("_typed_endpoint_table", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


TABLE = _load_table()
#: Mutated answers per method (besides the whole-answer shapes); the run stays well under 30 s.
FUZZ_ROUNDS = 8

# -- the wrong shapes -------------------------------------------------------------------------------------


def _deep(depth: int, rng: random.Random) -> Any:
    value: Any = rng.choice([1, "x", None, {}])
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"id": value, "k": 1}  # one branch: size stays linear
    return value


def wrong_value(rng: random.Random) -> Any:
    """A JSON value of some shape an API field rarely has."""
    pick = rng.randrange(16)
    return [
        lambda: None,
        lambda: rng.choice([True, False]),
        lambda: rng.choice([0, -1, 2 ** 63, -(2 ** 70), 10 ** 400 // 10 ** 380]),
        lambda: rng.choice([1.5, -0.0, 1e308, -1e-308]),
        lambda: rng.choice(["", "x", "not a date", "2024-13-45T99:99:99Z", "9" * 400, "\u0000\ud7ff\U0010ffff",
                            "10000000000000000000000000000000"]),
        lambda: [],
        lambda: [rng.choice([1, "x", None, True])],
        lambda: [{}, [], None, 1.5],
        lambda: {},
        lambda: {"id": [], "created_at": {}, "url": 5, "": None},
        lambda: {"__class__": "x", "__setstate__": 1, "keys": [], "items": "x", "copy": None},
        lambda: _deep(rng.randrange(20, 120), rng),
        lambda: [[[[[]]]]],
        lambda: {"a": {"b": {"c": {"d": {}}}}},
        lambda: "https://evil.example/\r\nX: y",
        lambda: -1,
    ][pick]()


def mutate(value: Any, rng: random.Random, chance: float, depth: int = 0) -> Any:
    """``value`` with each field (at every depth) replaced by a wrong shape with probability ``chance``."""
    if depth > 12:
        return value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out[key] = wrong_value(rng) if rng.random() < chance else mutate(item, rng, chance, depth + 1)
        if rng.random() < chance / 4:
            out[rng.choice(["__setstate__", "__deepcopy__", "keys", "_pagination_next", "id"])] = wrong_value(rng)
        return out
    if isinstance(value, list):
        items = [wrong_value(rng) if rng.random() < chance else mutate(item, rng, chance, depth + 1)
                 for item in value]
        if rng.random() < chance / 2:
            items.append(wrong_value(rng))
        return items
    return value


#: Whole answers of the wrong shape (besides the mutated examples).
WHOLE_ANSWERS: List[Any] = [None, [], [1, "x", None], 0, "x", {}, True, _deep(300, random.Random(0)),
                            [[{"id": None}]]]


def fuzzers(name: str) -> List[Callable[[Any], Any]]:
    """The answers to serve, each a function of the valid answer: mutated examples, then whole wrong answers."""
    rng = random.Random(f"fuzz:{name}")
    out: List[Callable[[Any], Any]] = [lambda valid: mutate(valid, rng, 1.0)]  # every field wrong
    for _ in range(FUZZ_ROUNDS - 1):
        chance = rng.choice([0.1, 0.3, 0.6])
        out.append(lambda valid, chance=chance: mutate(valid, rng, chance))
    return out + [lambda valid, whole=whole: whole for whole in WHOLE_ANSWERS]


# -- reading the result -------------------------------------------------------------------------------------


def read_everything(value: Any, depth: int = 0) -> None:
    """Read every declared field (attribute access converts them), every item and key, as a user would."""
    if depth > 40:
        return
    if isinstance(value, AttribAccessDict):
        names = list(_field_keys(type(value))) if type(value)._mastopy_entity else []
        for name in names:
            if not hasattr(dict, name):
                read_everything(getattr(value, name), depth + 1)
        for key in list(value.keys()):
            read_everything(value[key], depth + 1)
        repr(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            read_everything(item, depth + 1)


def must_be_ours(what: Callable[[], str], call: Callable[[], Any]) -> Any:
    """``call()``, or None when it raised our error; any other exception fails the test, saying ``what()``."""
    try:
        return call()
    except MastodonError:
        return None
    except Exception as e:  # noqa: BLE001 - exactly what the test looks for
        pytest.fail(f"{what()}: raw {type(e).__name__} reached the caller: {e!r}"[:2000])


# -- the calls --------------------------------------------------------------------------------------------


def _valid_answer(name: str) -> Any:
    """The valid answer to a request of the method: a value, or a function of the request (special calls)."""
    if name in TABLE.SPECIAL_CALLS:
        _, body, expected = TABLE.SPECIAL_CALLS[name]
        if body is not None:
            return body
        return TABLE.payload_for(expected or TABLE.TYPED[name])[0]
    return TABLE.payload_for(TABLE.expected_type(name, TABLE.TYPED[name]))[0]


def _call(name: str) -> Callable[[Mastodon], Any]:
    if name in TABLE.SPECIAL_CALLS:
        return typing.cast(Callable[[Mastodon], Any], TABLE.SPECIAL_CALLS[name][0])
    kwargs = TABLE.generic_arguments(name, inspect.unwrap(getattr(Mastodon, name)))
    return lambda api: getattr(api, name)(**kwargs)


FUZZED = sorted(n for n in TABLE.TYPED if n not in TABLE.NOT_CALLED_HERE)
#: Typed methods whose fuzz case is expected to fail (none: keep it that way).
KNOWN: Dict[str, Any] = {}


def test_every_typed_method_is_fuzzed():
    # The walk found the methods, and only those the table cannot call without a server's help are left out.
    assert len(FUZZED) > 200
    assert set(TABLE.TYPED) - set(FUZZED) == set(TABLE.NOT_CALLED_HERE)


#: The table's client: every request to BASE gets ``state["body"]`` (a function of the request here).
serve = TABLE.serve


def served_as(state: Dict[str, Any], valid: Any, wrong: Callable[[Any], Any]) -> List[str]:
    """Serve ``wrong`` applied to the valid answer (a value or a function of the request); the log of what was served."""
    log: List[str] = []

    def body(request: Any) -> Any:
        answer = wrong(valid(request) if callable(valid) else valid)
        log.append(json.dumps(answer)[:200])
        return answer

    state["body"] = body
    return log


def fuzz(api: Mastodon, state: Dict[str, Any], name: str, call: Callable[[Mastodon], Any], valid: Any) -> None:
    for wrong in fuzzers(name):
        log = served_as(state, valid, wrong)
        what = lambda: f"{name} answered {log}"  # noqa: E731
        result = must_be_ours(what, lambda: call(api))
        if result is not None:
            must_be_ours(lambda: what() + ": reading the result", lambda: read_everything(result))
            if hasattr(result, "to_json"):
                must_be_ours(lambda: what() + ": to_json", result.to_json)


@pytest.mark.parametrize("name", [pytest.param(n, marks=KNOWN[n]) if n in KNOWN else n for n in FUZZED])
def test_wrong_shapes_give_a_result_or_our_error(serve, name):
    api, state = serve
    fuzz(api, state, name, _call(name), _valid_answer(name))


def test_nodeinfo_wrong_shapes(serve):
    # Two requests: the well-known links (served intact), then the document (fuzzed).
    api, state = serve
    links = {"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": BASE + "/nodeinfo/2.0"}]}
    document = TABLE.minimal(TABLE.return_types.Nodeinfo)
    for wrong in fuzzers("instance_nodeinfo"):
        log = served_as(state, lambda request: links if "well-known" in request.url else document,
                        lambda valid, wrong=wrong: valid if valid is links else wrong(valid))
        what = lambda: f"instance_nodeinfo answered {log}"  # noqa: E731
        result = must_be_ours(what, api.instance_nodeinfo)
        if result is not None:
            must_be_ours(lambda: what() + ": reading the result", lambda: read_everything(result))
