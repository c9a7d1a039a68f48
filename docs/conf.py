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
# Types go into the parameter list, next to each description, and the return type below it.
autodoc_typehints = "description"
autodoc_typehints_format = "short"
# The API modules use ``from __future__ import annotations``: their annotations are strings,
# resolved here where possible. The shared aliases keep their names instead of being expanded
# into long unions.
autodoc_type_aliases = {
    name: name for name in (
        "IdLike", "PageBound", "FileSource", "Scopes", "PathOrStr", "PathLike", "ProfileField",
        "Duration", "KeywordAttributes", "TagLike", "FocusLike", "TypeList", "Ids", "MediaIds")
}
# Sphinx prints an alias nested in another type (``Sequence[IdLike]``) through its repr,
# "TypeAliasForwardRef('IdLike')": make that repr the alias's name.
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
nitpicky = False
