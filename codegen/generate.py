#!/usr/bin/env python3
"""Write mastodon/return_types.py and docs/entities.rst from codegen/entities.txt and codegen/entity_docs.txt.

    python codegen/generate.py           write both files
    python codegen/generate.py --check   exit 1 (and say which) when a file differs from what would be written

entities.txt holds the facts (classes, fields, types, versions, renamed JSON keys), entity_docs.txt
the descriptions in our words (``ClassName: text`` and ``ClassName.field: text``, ``#`` comments).
A missing description is written as a placeholder; with REQUIRE_DESCRIPTIONS (or ``--strict``) it
is an error instead. tests/test_codegen.py runs the check.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Dict, List, NamedTuple, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ENTITIES = os.path.join(HERE, "entities.txt")
DOCS = os.path.join(HERE, "entity_docs.txt")
MODULE = os.path.join(ROOT, "mastodon", "return_types.py")
PAGE = os.path.join(ROOT, "docs", "entities.rst")

#: Every class and field must have a description in entity_docs.txt (switched on once it is complete).
REQUIRE_DESCRIPTIONS = True

#: Names a type expression in entities.txt may use besides the entity classes.
BASE_NAMES = ("AttribAccessDict", "EntityList", "IdType", "MaybeSnowflakeIdType", "NonPaginatableList",
              "PaginatableList")
TYPING_NAMES = ("Dict", "Optional", "Union")
PLAIN_NAMES = ("str", "int", "bool", "float", "datetime")

#: Fields whose names are also dict methods: the method wins at run time (read them by key), and
#: type checkers are told the annotation overrides it on purpose.
DICT_METHODS = frozenset(name for name in dir(dict) if not name.startswith("_"))


class Field(NamedTuple):
    name: str
    type: str
    since: Optional[str]
    json_key: Optional[str]


class Klass(NamedTuple):
    name: str
    since: Optional[str]
    url: Optional[str]
    deprecated: bool
    fields: List[Field]


def read_entities(path: Optional[str] = None) -> List[Klass]:
    path = path or ENTITIES
    classes: List[Klass] = []
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "entity" and len(cols) in (4, 5):
            classes.append(Klass(cols[1], _opt(cols[2]), _opt(cols[3]), cols[4:] == ["deprecated"], []))
        elif cols[0] == "field" and len(cols) in (4, 5) and classes:
            json_key = None
            if len(cols) == 5:
                if not cols[4].startswith("json="):
                    raise SystemExit(f"{path}:{number}: fifth column must be json=KEY")
                json_key = cols[4][5:]
            classes[-1].fields.append(Field(cols[1], cols[2], _opt(cols[3]), json_key))
        else:
            raise SystemExit(f"{path}:{number}: cannot read {line!r}")
    names = [k.name for k in classes]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SystemExit(f"{path}: classes listed twice: {', '.join(dupes)}")
    known = set(names) | set(BASE_NAMES) | set(TYPING_NAMES) | set(PLAIN_NAMES)
    for k in classes:
        for f in k.fields:
            unknown = set(re.findall(r"\w+", f.type)) - known
            if unknown:
                raise SystemExit(f"{path}: {k.name}.{f.name}: unknown names in type {f.type!r}: {sorted(unknown)}")
    return classes


def _opt(value: str) -> Optional[str]:
    return None if value in ("", "-") else value


def read_docs(path: Optional[str] = None) -> Dict[str, str]:
    path = path or DOCS
    docs: Dict[str, str] = {}
    if not os.path.exists(path):
        return docs
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, text = line.partition(":")
        if not sep or not re.fullmatch(r"\w+(\.\w+)?", key.strip()) or not text.strip():
            raise SystemExit(f"{path}:{number}: expected 'ClassName: text' or 'ClassName.field: text'")
        docs[key.strip()] = text.strip()
    return docs


def missing_descriptions(classes: List[Klass], docs: Dict[str, str]) -> List[str]:
    missing = []
    for k in classes:
        if k.name not in docs:
            missing.append(k.name)
        missing.extend(f"{k.name}.{f.name}" for f in k.fields if f"{k.name}.{f.name}" not in docs)
    return missing


def unknown_descriptions(classes: List[Klass], docs: Dict[str, str]) -> List[str]:
    known = {k.name for k in classes} | {f"{k.name}.{f.name}" for k in classes for f in k.fields}
    return sorted(set(docs) - known)


def _class_text(k: Klass, docs: Dict[str, str]) -> str:
    return docs.get(k.name) or f"The {k.name} entity of the Mastodon API."


def _field_text(k: Klass, f: Field, docs: Dict[str, str]) -> str:
    return docs.get(f"{k.name}.{f.name}") or f"The ``{f.name}`` field of {k.name}."


def _since(version: Optional[str]) -> str:
    return f"Added in Mastodon {version}." if version else "Version not documented."


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def _docstring(text: str, indent: str) -> str:
    """A docstring literal: one line, or a first line and paragraphs closed on a line of their own."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    if text.endswith('"'):
        text += " "
    lines = text.split("\n")
    if len(lines) == 1:
        return f'{indent}"""{text}"""\n'
    body = "\n".join((indent + line) if line else "" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""\n'


def _wrap(text: str, width: int, indent: str) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def render_module(classes: List[Klass], docs: Dict[str, str]) -> str:
    out = [
        '"""The entity classes: one class per kind of object the Mastodon API returns.\n\n'
        "Generated by ``codegen/generate.py`` from ``codegen/entities.txt`` (the facts) and\n"
        "``codegen/entity_docs.txt`` (the descriptions): edit those and run the generator, not this file.\n\n"
        "Every class is a :class:`~mastodon.types_base.AttribAccessDict`: a dict whose keys read as\n"
        "attributes. A declared field the server did not send is a key with None (as in Mastodon.py 2.x).\n"
        '"""\n',
        "# ruff: noqa: E501\n",
        "from __future__ import annotations\n\n",
        "from datetime import datetime\n",
        "from typing import TYPE_CHECKING, Dict, Optional, Union\n\n",
        "from .types_base import AttribAccessDict, IdType, MaybeSnowflakeIdType, NonPaginatableList\n\n",
        "if TYPE_CHECKING:\n"
        "    class _Entity(AttribAccessDict):\n"
        '        """What type checkers see as the base: no catch-all ``__getattr__``, so a misspelt field\n'
        '        is an error (at run time the base is AttribAccessDict, which reads undeclared keys too)."""\n\n'
        "        __getattr__: None  # type: ignore[misc,assignment]\n"
        "else:\n"
        "    _Entity = AttribAccessDict\n\n",
        "__all__ = [\n" + "".join(f'    "{k.name}",\n' for k in classes) + "]\n",
    ]
    for k in classes:
        out.append("\n\n")
        out.append(f"class {k.name}(_Entity):\n")
        parts = [_sentence(_class_text(k, docs))]
        follows = f"Follows the API of Mastodon {k.since}." if k.since else ""
        if k.deprecated:
            follows = (follows + " Deprecated: the server replaced it.").strip()
        if follows:
            parts.append(follows)
        if k.url:
            parts.append(f"Server documentation: {k.url}")
        text = "\n\n".join(_wrap(p, 100, "    ") if not p.startswith("Server documentation") else p for p in parts)
        out.append(_docstring(text, "    "))
        renames = {f.name: f.json_key for f in k.fields if f.json_key}
        if renames:
            items = ", ".join(f"{a!r}: {j!r}" for a, j in renames.items())
            out.append("\n    #: Attribute name -> JSON key, for fields whose key is no usable attribute name.\n")
            out.append(f"    _mastopy_renames = {{{items}}}\n")
        for f in k.fields:
            ignore = "  # type: ignore[assignment]" if f.name in DICT_METHODS else ""
            out.append(f"\n    {f.name}: {f.type}{ignore}\n")
            text = _sentence(_field_text(k, f, docs)) + " " + _since(f.since)
            if f.json_key:
                text += f" JSON key: ``{f.json_key}``."
            if f.name in DICT_METHODS:
                text += f" The dict method of the same name hides it: read it as ``obj[{f.name!r}]``."
            out.append(_docstring(_wrap(text, 100, "    "), "    "))
    return "".join(out)


def _rst_text(text: str) -> str:
    """Description text as reStructuredText: characters that would start markup are escaped
    (``*``, ``|``, and a word-final ``_``, which would be a reference); literals stay literals."""
    parts = re.split(r"(``.*?``)", text)
    for i in range(0, len(parts), 2):
        part = parts[i].replace("\\", "\\\\").replace("*", "\\*").replace("|", "\\|")
        parts[i] = re.sub(r"(\w)_(?=\W|$)", r"\1\\_", part)
    return "".join(parts)


def _rst_type(type_expr: str, entities: frozenset) -> str:
    """A field's type as reStructuredText: entity and base class names link to their entries
    (``Optional[``, a link to Account, ``]``), the rest is literal text."""
    pieces: List[str] = []
    plain = ""
    for token in re.split(r"(\w+)", type_expr):
        if token in entities or token in BASE_NAMES:
            if plain:
                pieces.append(f"``{plain}``")
                plain = ""
            module = "return_types" if token in entities else "types_base"
            pieces.append(f":py:obj:`~mastodon.{module}.{token}`")
        else:
            plain += token
    if plain:
        pieces.append(f"``{plain}``")
    return "\\ ".join(pieces)


def render_page(classes: List[Klass], docs: Dict[str, str]) -> str:
    title = "Entities"
    out = [
        ".. This page is generated by codegen/generate.py from codegen/entities.txt and\n"
        "   codegen/entity_docs.txt; edit those and run the generator.\n\n",
        f"{title}\n{'=' * len(title)}\n\n",
        "Every result of an endpoint method is an instance of one of these classes, or a list of\n"
        "them (:class:`~mastodon.types_base.PaginatableList` for pages,\n"
        ":class:`~mastodon.types_base.NonPaginatableList` for complete lists). They live in\n"
        ":mod:`mastodon.return_types` (also importable from ``mastodon.Mastodon``), and each is an\n"
        ":class:`~mastodon.types_base.AttribAccessDict`: its fields read as keys or as attributes,\n"
        "a declared field the server did not send is a key with None (``\"poll\" in status`` is\n"
        "True, as in Mastodon.py 2.x), keys a class does not declare stay readable, and nested\n"
        "objects are instances of their own classes. Fields declared as ``datetime`` hold\n"
        "timezone-aware datetimes; ids declared as ``MaybeSnowflakeIdType`` are strings that\n"
        "compare by number when they are Mastodon snowflake ids or Pleroma flake ids.\n\n"
        "\"Since\" is the Mastodon version that added a field; a class follows the API of the version\n"
        "given under its name.\n\n",
        ".. py:module:: mastodon.return_types\n\n",
        "The classes: " + ", ".join(f":class:`{k.name}`" for k in classes) + ".\n\n",
    ]
    entities = frozenset(k.name for k in classes)
    for k in classes:
        out.append(f"{k.name}\n{'-' * len(k.name)}\n\n")
        out.append(f".. py:class:: {k.name}\n\n")
        out.append(f"   {_rst_text(_sentence(_class_text(k, docs)))}\n\n")
        meta = []
        if k.since:
            meta.append(f"Follows the API of Mastodon {k.since}.")
        if k.deprecated:
            meta.append("Deprecated: the server replaced it.")
        if k.url:
            meta.append(f"Server documentation: {k.url}")
        if meta:
            out.append("   " + " ".join(meta) + "\n\n")
        if not k.fields:
            out.append("   (No declared fields.)\n\n")
            continue
        out.append("   .. list-table::\n      :header-rows: 1\n      :widths: 20 30 10 40\n\n")
        out.append("      * - Field\n        - Type\n        - Since\n        - Description\n")
        for f in k.fields:
            name = f"``{f.name}``" + (f" (JSON key ``{f.json_key}``)" if f.json_key else "")
            out.append(f"      * - {name}\n        - {_rst_type(f.type, entities)}\n        - {f.since or '?'}\n"
                       f"        - {_rst_text(_sentence(_field_text(k, f, docs)))}\n")
        out.append("\n")
    return "".join(out).rstrip("\n") + "\n"


def outputs(strict: bool = REQUIRE_DESCRIPTIONS) -> List[Tuple[str, str]]:
    classes = read_entities()
    docs = read_docs()
    unknown = unknown_descriptions(classes, docs)
    if unknown:
        raise SystemExit(f"{DOCS}: descriptions of unknown classes or fields: {', '.join(unknown[:20])}")
    if strict:
        missing = missing_descriptions(classes, docs)
        if missing:
            raise SystemExit(f"{DOCS}: {len(missing)} descriptions missing, e.g. {', '.join(missing[:20])}")
    return [(MODULE, render_module(classes, docs)), (PAGE, render_page(classes, docs))]


def main(argv: List[str]) -> int:
    strict = REQUIRE_DESCRIPTIONS or "--strict" in argv
    stale = []
    for path, text in outputs(strict):
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current == text:
            continue
        if "--check" in argv:
            stale.append(os.path.relpath(path, ROOT))
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print(f"wrote {os.path.relpath(path, ROOT)}")
    if stale:
        print(f"stale (run python codegen/generate.py): {', '.join(stale)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
