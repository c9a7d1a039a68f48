"""Sphinx configuration for the mastodon client library documentation."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

project = "mastodon-client"
author = "The mastodon-client authors"
copyright = "2026, " + author

from mastodon import __version__ as release  # noqa: E402

version = release
extensions = ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]
autodoc_member_order = "bysource"
# A class's entry shows its docstring and its constructor's together, each parameter once.
autoclass_content = "both"
# Types go into the parameter list, next to each description, and the return type below it.
autodoc_typehints = "description"
autodoc_typehints_format = "short"
# The API modules use ``from __future__ import annotations``: their annotations are strings,
# resolved here where possible. The shared aliases keep their names instead of being expanded
# into long unions, and link to their entries on the "Types in signatures" part of the client
# page (the ``~`` shows the short name).
TYPE_ALIASES = {
    "mastodon.core.params": ("IdLike", "PageBound", "Duration"),
    "mastodon.core.uploads": ("FileSource",),
    "mastodon.auth": ("Scopes",),
    "mastodon.client": ("PathOrStr",),
    "mastodon.credentials": ("PathLike",),
    "mastodon.api.accounts": ("ProfileField",),
    "mastodon.api.filters": ("KeywordAttributes",),
    "mastodon.api.hashtags": ("TagLike",),
    "mastodon.api.media": ("FocusLike",),
    "mastodon.api.notifications": ("TypeList",),
    "mastodon.api.reports": ("Ids",),
    "mastodon.api.statuses": ("MediaIds",),
    "mastodon.api.admin.metrics": ("Day",),
    "mastodon.streaming": ("StreamResult",),
    "mastodon.streaming.listener": ("Handler",),
}
autodoc_type_aliases = {name: f"~{module}.{name}" for module, names in TYPE_ALIASES.items() for name in names}
# Sphinx prints an alias nested in another type (``Sequence[IdLike]``) through its repr,
# "TypeAliasForwardRef('IdLike')": make that repr the alias's target.
try:
    from sphinx.util.inspect import TypeAliasForwardRef

    TypeAliasForwardRef.__repr__ = lambda self: self.name
except ImportError:  # a Sphinx without it prints aliases its own way
    pass
templates_path = []
html_static_path = ["_static"]
html_css_files = ["wrap.css"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
# Every cross-reference must resolve (.ci/run builds with -n -W). What is left here is outside
# this project: the standard library and requests, which the build does not fetch inventories for.
nitpicky = True
nitpick_ignore = [
    # The stream handles' constructors take this internal description of a stream; programs get
    # handles from the stream_* methods and never build one.
    ("py:class", "StreamSpec"),
]
# The standard library and the HTTP libraries underneath (no inventories are fetched: the build
# works offline), in signatures and in the text: ``datetime``, ``os.PathLike[str]``,
# ``requests.Session``, ``aiohttp.ClientSession``, :mod:`asyncio`, ...
nitpick_ignore_regex = [
    (r"py:(class|mod|exc|func|data|obj|meth|attr)",
     r"(date|datetime|timedelta|"
     r"(asyncio|ast|datetime|os|logging|json|ssl|typing|collections|pathlib|io|threading|requests|aiohttp)"
     r"(\..+)?)"),
    # Private names in signatures (a module's own TypeVar such as ``_E``): never documented.
    (r"py:(class|data|obj)", r"(.+\.)?_[A-Za-z]\w*"),
]


def _resolve_unqualified(app, env, node, contnode):
    """A reference by a bare name (``:data:`HEALTHY_AFTER_SEC``` in a docstring of the module that
    defines it, documented under its full name elsewhere) goes to the one documented object of
    that kind whose full name ends in it; with none or several, it stays unresolved (a warning)."""
    if node.get("refdomain") != "py" or node.get("reftype") == "mod":
        return None
    target = node["reftarget"].lstrip("~.")
    domain = env.get_domain("py")
    kinds = set(domain.objtypes_for_role(node["reftype"]) or ())
    found = [name for name, entry in domain.objects.items()
             if (name == target or name.endswith("." + target)) and entry.objtype in kinds and not entry.aliased]
    if len(found) > 1:
        found = _inherited(node, target, found)
    if len(found) != 1:
        return None
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], found[0], node, contnode)


def _inherited(node, target, found):
    """Of several candidates, the one a class's own docstring means: ``:meth:`is_receiving``` in
    a subclass's docstring names the method it inherits (the first documented one on its MRO)."""
    import importlib

    module, cls = node.get("py:module"), node.get("py:class")
    if not module or not cls:
        return found
    try:
        klass = importlib.import_module(module)
        for part in cls.split("."):
            klass = getattr(klass, part)
    except (ImportError, AttributeError):
        return found
    for base in getattr(klass, "__mro__", ()):
        for name in found:
            if name.endswith(f".{base.__name__}.{target}"):
                return [name]
    return found


def setup(app):
    app.connect("missing-reference", _resolve_unqualified)
