"""The API reference is generated from docstrings: every public method documents every
parameter, what it returns, and (for endpoints) the Mastodon version that added it."""

import glob
import inspect
import os
import re

import pytest

import mastodon
from mastodon import Mastodon

FIELD = re.compile(r"^:(param|returns?|raises|rtype|type)\b")
PARAM = re.compile(r"^:param (?:[^:\s]+ )?(\w+):\s*\S")


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _documented_members():
    """{class name: member names} of the ``autoclass`` directives with ``:members: a, b`` in the docs."""
    out = {}
    for page in glob.glob(os.path.join(ROOT, "docs", "**", "*.rst"), recursive=True):
        text = open(page, encoding="utf-8").read()
        for cls, members in re.findall(r"^\.\. autoclass:: (\w+)\n\s+:members: (\w[\w, ]*)$", text, re.M):
            out.setdefault(cls, set()).update(m.strip() for m in members.split(","))
    return out


def _public_methods():
    """(label, function) for every public method of Mastodon (its constructor included) and of
    StreamListener, and for the handle methods the streaming page lists."""
    dir(Mastodon)  # loads every API area
    wanted = {**_documented_members(), "Mastodon": None, "StreamListener": None}
    seen = set()
    for cls_name, members in wanted.items():
        cls = getattr(mastodon, cls_name)
        for name in dir(cls):
            if (name.startswith("_") and name != "__init__") or (members is not None and name not in members):
                continue
            raw = inspect.getattr_static(cls, name)
            func = getattr(raw, "__func__", raw)
            if not inspect.isfunction(func) or not func.__module__.startswith("mastodon") or func in seen:
                continue
            if name == "__init__" and cls is not Mastodon:
                continue  # handles and listeners are made by the library, or documented by their class
            seen.add(func)
            yield f"{cls.__name__}.{name}", func


METHODS = sorted(_public_methods())


def _doc_problems(func):
    doc = inspect.cleandoc(func.__doc__ or "")
    lines = doc.splitlines()
    problems = []
    if not lines or not lines[0].strip():
        return ["no docstring"]
    documented = {m.group(1) for m in map(PARAM.match, lines) if m}
    target = getattr(func, "__wrapped__", func)
    for name, param in inspect.signature(target).parameters.items():
        if name in ("self", "cls") or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name not in documented:
            problems.append(f"parameter {name!r} has no description")
    for name in documented - set(inspect.signature(target).parameters):
        problems.append(f"describes {name!r}, which is no parameter")
    # One field list: prose between two groups of fields makes Sphinx print the parameters twice.
    groups, in_fields = 0, False
    for line in lines:
        if FIELD.match(line):
            groups += not in_fields
            in_fields = True
        elif line.strip() and not line.startswith(" "):
            in_fields = False
    if groups > 1:
        problems.append(f"{groups} separate field lists (prose between :param/:returns: lines)")
    return problems


def test_the_public_methods_are_found():
    names = {label for label, _ in METHODS}
    assert len(METHODS) > 300
    assert {"Mastodon.__init__", "Mastodon.timeline_home", "Mastodon.search", "Mastodon.stream_user",
            "StreamListener.on_update", "StreamHandle.join", "WebSocketStreamHandle.subscribe"} <= names


@pytest.mark.parametrize("label,func", METHODS, ids=[label for label, _ in METHODS])
def test_docstring_describes_every_parameter(label, func):
    assert _doc_problems(func) == []


@pytest.mark.parametrize("label,func", [(label, func) for label, func in METHODS
                                        if hasattr(func, "_mastodon_version")],
                         ids=[label for label, func in METHODS if hasattr(func, "_mastodon_version")])
def test_endpoint_docstring_says_what_it_returns_and_since_when(label, func):
    doc = inspect.cleandoc(func.__doc__)
    assert re.search(r"^:returns?:", doc, re.M), "no :returns:"
    assert f"Added in Mastodon {func._mastodon_version[0]}" in doc


ENDPOINT = re.compile(r"``(GET|POST|PUT|PATCH|DELETE) /")
VERSION_NOTE = re.compile(r"Mastodon (?:\w+ )*\d+\.\d+|Every Mastodon version|Not in Mastodon's API documentation")


@pytest.mark.parametrize("label,func", [(label, func) for label, func in METHODS
                                        if label.startswith("Mastodon.") and not hasattr(func, "_mastodon_version")
                                        and ENDPOINT.search(func.__doc__ or "")],
                         ids=[label for label, func in METHODS
                              if label.startswith("Mastodon.") and not hasattr(func, "_mastodon_version")
                              and ENDPOINT.search(func.__doc__ or "")])
def test_other_endpoint_methods_say_which_servers_have_them(label, func):
    assert VERSION_NOTE.search(func.__doc__), "say since which Mastodon version the endpoint exists"


def test_the_check_catches_what_it_should():
    def undocumented(self, a, b=1):
        """Do something.

        :param a: the first.
        """

    def two_lists(self, a, b):
        """Do something.

        :param a: the first.

        Other parameters as for something else.

        :returns: nothing.
        """

    def fine(self, a, *args, **kwargs):
        """Do something.

        :param a: the first, described
            over two lines.
        :returns: nothing.
        """

    assert _doc_problems(undocumented) == ["parameter 'b' has no description"]
    assert _doc_problems(two_lists) == ["parameter 'b' has no description",
                                        "2 separate field lists (prose between :param/:returns: lines)"]
    assert _doc_problems(fine) == []
