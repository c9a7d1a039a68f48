"""Write the ``@overload`` signatures of the ``stream_*`` methods (run from the repo root).

    python codegen/stream_overloads.py          # (re)write them in place
    python codegen/stream_overloads.py --check  # exit 1 when they are not current

A ``stream_*`` method returns None when it blocks (the default), a handle with
``run_async=True``, and a subscription when given ``websocket_handle``: one result type per way
of calling it. Type checkers learn which from these overloads, so that
``api.stream_user(listener, run_async=True).close()`` needs no narrowing. They are written from
each method's own signature (its ``ast``), just above its decorators, between two marker lines:

1. ``run_async`` False or left out, no ``websocket_handle``: None (the call blocks);
2. ``run_async=True`` (by keyword), no ``websocket_handle``: the handle class;
3. ``websocket_handle`` given (by keyword): the subscription class;
4. the method's own signature (``run_async`` a plain ``bool``): its declared result.
"""

from __future__ import annotations

import argparse
import ast
import pathlib
import sys
from typing import List, NamedTuple

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN = "# -- overloads written by codegen/stream_overloads.py: do not edit --"
END = "# -- end of the generated overloads --"
METHODS = ("stream_user", "stream_user_notifications", "stream_public", "stream_local", "stream_hashtag",
           "stream_list", "stream_direct")


class Target(NamedTuple):
    path: str  #: the module, from the repository root
    cls: str  #: the class defining the methods
    handle: str  #: what run_async=True returns
    subscription: str  #: what a websocket_handle gives


TARGETS = (
    Target("mastodon/streaming/__init__.py", "StreamingMixin", "StreamHandle", "WebSocketSubscription"),
    Target("mastodon/aio/streaming.py", "AsyncStreamingMixin", "AsyncStreamHandle", "AsyncWebSocketSubscription"),
)


WIDTH = 120


def _params(args: ast.arguments, overrides: dict, keyword_from: str = "") -> List[str]:
    """The parameters with ``overrides`` (name -> (annotation, default or None for required));
    parameters from ``keyword_from`` on are keyword-only."""
    out: List[str] = []
    defaults = [None] * (len(args.args) - len(args.defaults)) + list(args.defaults)
    keyword = False
    for arg, default in zip(args.args, defaults):
        if arg.arg == keyword_from and not keyword:
            out.append("*")
            keyword = True
        annotation = ast.unparse(arg.annotation) if arg.annotation is not None else None
        has_default = default is not None
        if arg.arg in overrides:
            annotation, value = overrides[arg.arg]
            has_default = value is not None
        text = arg.arg if annotation is None or arg.arg == "self" else f"{arg.arg}: {annotation}"
        out.append(text + (" = ..." if has_default else ""))
    return out


def _signature(indent: str, head: str, params: List[str], result: str) -> List[str]:
    """``head(params) -> result: ...`` as lines of at most WIDTH characters."""
    one = f"{indent}{head}({', '.join(params)}) -> {result}: ..."
    if len(one) <= WIDTH:
        return [one]
    lines, line = [], f"{indent}{head}("
    inner = indent + " " * 8
    for i, param in enumerate(params):
        piece = param + (", " if i < len(params) - 1 else f") -> {result}: ...")
        if len(line) + len(piece.rstrip()) > WIDTH and line.strip():
            lines.append(line.rstrip())
            line = inner
        line += piece
    lines.append(line)
    return lines


def _stubs(func: ast.FunctionDef, target: Target, indent: str) -> List[str]:
    """The overload stubs of one method, as source lines."""
    prefix = "async def" if isinstance(func, ast.AsyncFunctionDef) else "def"
    returns = ast.unparse(func.returns) if func.returns is not None else "Any"
    handle_type = ast.unparse(next(a.annotation for a in func.args.args if a.arg == "websocket_handle"))
    handle_type = handle_type[len("Optional["):-1] if handle_type.startswith("Optional[") else handle_type
    # run_async=True by keyword: the parameters from run_async on become keyword-only (a required
    # parameter may not follow defaulted ones); likewise websocket_handle, the last one.
    signatures = [
        (_params(func.args, {"run_async": ("Literal[False]", "..."), "websocket_handle": ("None", "...")}), "None"),
        (_params(func.args, {"run_async": ("Literal[True]", None), "websocket_handle": ("None", "...")},
                 keyword_from="run_async"), target.handle),
        (_params(func.args, {"websocket_handle": (handle_type, None)}, keyword_from="websocket_handle"),
         target.subscription),
        (_params(func.args, {}), returns),
    ]
    lines = [f"{indent}{BEGIN}"]
    for params, result in signatures:
        lines += [f"{indent}@overload", *_signature(indent, f"{prefix} {func.name}", params, result)]
    lines.append(f"{indent}{END}")
    return lines


def rewrite(source: str, target: Target) -> str:
    """The module's text with the overloads of every method in METHODS written fresh."""
    lines = source.splitlines()
    kept: List[str] = []
    skipping = False
    for line in lines:  # the old overloads go
        if line.strip() == BEGIN:
            skipping = True
        elif line.strip() == END:
            skipping = False
        elif not skipping:
            kept.append(line)
    text = "\n".join(kept) + "\n"
    tree = ast.parse(text)
    cls = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == target.cls)
    inserts = []
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in METHODS:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            indent = " " * node.col_offset
            inserts.append((first - 1, _stubs(node, target, indent)))
    found = {node.name for node in cls.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    missing = set(METHODS) - found
    if missing:
        raise SystemExit(f"{target.path}: {target.cls} has no {', '.join(sorted(missing))}")
    out = text.splitlines()
    for at, stub in sorted(inserts, reverse=True):
        out[at:at] = stub
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a module is not current")
    args = parser.parse_args()
    stale = []
    for target in TARGETS:
        path = ROOT / target.path
        source = path.read_text(encoding="utf-8")
        fresh = rewrite(source, target)
        if fresh != source:
            stale.append(target.path)
            if not args.check:
                path.write_text(fresh, encoding="utf-8")
    if stale:
        print(("stale: " if args.check else "written: ") + ", ".join(stale))
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
