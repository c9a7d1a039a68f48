"""The package's modules import strictly downward: no import circle, however the import is written.

Every import counts: at module level, inside functions (a function-local import is still a
dependency, only a later one), under ``if TYPE_CHECKING:`` (type checkers follow those), and
``importlib.import_module("...")`` with a literal name. The graph is built from the source with
``ast``, so a circle is found even when the program happens to import fine.
"""

from __future__ import annotations

import ast
import pathlib
from typing import Dict, List, Set

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "mastodon"


def _modules(root: pathlib.Path) -> Dict[str, pathlib.Path]:
    found = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _package_of(name: str, path: pathlib.Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _absolute(package: str, module: str, level: int) -> str:
    if not level:
        return module
    base = package.split(".")
    if level > 1:
        base = base[: len(base) - level + 1]
    return ".".join(base + ([module] if module else []))


def import_graph(root: pathlib.Path = PACKAGE) -> Dict[str, Set[str]]:
    """Module -> the package modules it imports (``from x import y`` counts x.y when y is a module)."""
    modules = _modules(root)
    graph: Dict[str, Set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = _package_of(name, path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: List[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(package, node.module or "", node.level)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "import_module" and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                target = node.args[0].value
                level = len(target) - len(target.lstrip("."))
                targets = [_absolute(package, target.lstrip("."), level)]
            for target in targets:
                while target and target not in modules:  # ``import a.b.c`` of a name inside a module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def import_cycles(graph: Dict[str, Set[str]]) -> List[List[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    groups: List[List[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_the_package_has_no_import_circle():
    graph = import_graph()
    assert len(graph) > 50  # the whole package was read
    cycles = import_cycles(graph)
    detail = "; ".join(
        " | ".join(f"{m} -> {', '.join(sorted(t for t in graph[m] if t in group))}" for m in group)
        for group in cycles)
    assert cycles == [], f"import circles: {detail}"


@pytest.mark.parametrize("source, expected", [
    ({"a.py": "from . import b\n", "b.py": "def f():\n    from .a import x\n"}, [["pkg.a", "pkg.b"]]),
    ({"a.py": "import importlib\nimportlib.import_module('pkg.b')\n", "b.py": "from pkg import a\n"},
     [["pkg.a", "pkg.b"]]),
    ({"a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n",
      "b.py": "from .a import A\n"}, [["pkg.a", "pkg.b"]]),
    ({"a.py": "from .b import x\n", "b.py": "from .c import y\n", "c.py": "x = 1\n"}, []),
])
def test_the_cycle_finder_sees_every_kind_of_import(tmp_path, source, expected):
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "__init__.py").write_text("")
    for name, text in source.items():
        (root / name).write_text(text)
    assert import_cycles(import_graph(root)) == expected
