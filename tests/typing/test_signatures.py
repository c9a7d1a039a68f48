"""The typing-only parts of the interface leave run time alone: ``@overload`` stubs sit right above
the method they describe and are replaced by it, and ``from_json`` called on a class gives that class."""

import ast
import inspect
import json
import os

import pytest

from conftest import entity
from mastodon import Mastodon, MastodonIllegalArgumentError
from mastodon.core.casting import cast_result
from mastodon.core.values import decode_json_raw
from mastodon.return_types import Account, Status
from mastodon.types_base import Entity, EntityList, PaginatableList

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

#: Methods whose result type depends on an argument, each with its overloads.
OVERLOADED = {
    "notifications": 2, "status_post": 3, "status_reply": 3, "create_account": 3, "filters_apply": 3,
    "admin_domain_blocks": 2, "fetch_next": 2, "fetch_previous": 2, "fetch_remaining": 2,
    "pagination_iterator": 4, "pagination_page_iterator": 4,
    # blocking (None), run_async=True (the handle), websocket_handle= (a subscription), any bool:
    # written by codegen/stream_overloads.py
    "stream_user": 4, "stream_user_notifications": 4, "stream_public": 4, "stream_local": 4,
    "stream_hashtag": 4, "stream_list": 4, "stream_direct": 4,
}


def _status() -> Status:
    return cast_result(decode_json_raw(json.dumps(entity("Status"))), Status)


class TestFromJson:
    def test_called_on_a_class_it_gives_that_class(self):
        status = _status()
        back = Status.from_json(status.to_json())
        assert type(back) is Status and back == status
        assert type(Entity.from_json(status.to_json())) is Status

    def test_a_list_class_takes_a_saved_page(self):
        page = cast_result(PaginatableList([_status()]), PaginatableList[Status])
        back = EntityList.from_json(page.to_json())
        assert type(back) is PaginatableList and type(back[0]) is Status

    def test_another_class_than_the_one_called_on_is_refused(self):
        text = _status().to_json()
        with pytest.raises(MastodonIllegalArgumentError, match="holds Status, not Account"):
            Account.from_json(text)
        with pytest.raises(MastodonIllegalArgumentError, match="not PaginatableList"):
            PaginatableList.from_json(text)


def _class_body_defs():
    """(file, name, [decorator names]) for every method of the client's mixins, in source order.

    The generated async twins (``mastodon/aio``) are left out: they copy these definitions."""
    found = []
    for folder, _, files in os.walk(os.path.join(ROOT, "mastodon")):
        if os.path.relpath(folder, os.path.join(ROOT, "mastodon")).split(os.sep)[0] == "aio":
            continue
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                tree = ast.parse(f.read())
            for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
                for fn in cls.body:
                    if isinstance(fn, ast.FunctionDef):
                        decorators = [ast.unparse(d) for d in fn.decorator_list]
                        found.append((path, fn.name, decorators, fn))
    return found


class TestOverloads:
    def test_overloads_are_plain_stubs_right_above_their_method(self):
        defs = _class_body_defs()
        counts = {}
        for i, (path, name, decorators, fn) in enumerate(defs):
            if "overload" not in decorators:
                continue
            assert decorators == ["overload"], f"{path}: {name} overload has other decorators {decorators}"
            assert len(fn.body) == 1 and isinstance(fn.body[0], ast.Expr), f"{path}: {name} overload has a body"
            following = next(d for d in defs[i + 1:] if d[0] == path and d[1] == name)
            assert "overload" in following[2] or any(d.startswith("api_version") for d in following[2]) \
                or not following[2], f"{path}: {name} overloads are not followed by the method"
            counts[name] = counts.get(name, 0) + 1
        assert counts == OVERLOADED

    @pytest.mark.parametrize("name", sorted(OVERLOADED))
    def test_the_method_at_run_time_is_the_implementation(self, name):
        method = getattr(Mastodon, name)
        source = inspect.getsource(getattr(method, "__wrapped__", method))
        assert "@overload" not in source and "..." not in source.splitlines()[0]
        assert inspect.signature(method).return_annotation != inspect.Signature.empty

    def test_the_declared_union_is_what_results_are_cast_with(self):
        # The casting reads the implementation's own annotation; the overloads only inform checkers.
        assert Mastodon.notifications.__annotations__["return"] == \
            "Union[PaginatableList[Notification], Notification]"
        assert Mastodon.status_post.__annotations__["return"] == "Union[Status, ScheduledStatus]"
        assert Mastodon.status_reply.__annotations__["return"] == "Union[Status, ScheduledStatus]"


def test_a_page_declares_its_links_and_a_new_one_has_none():
    page = PaginatableList([_status()])
    assert page._pagination_next is None and page._pagination_prev is None
    assert PaginatableList.__annotations__["_pagination_next"] == "Optional[AttribAccessDict]"
