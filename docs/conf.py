"""Sphinx configuration for the mastodon client library documentation."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

project = "Mastodon.py"
author = "The mastodon library authors"
copyright = "2026, " + author

from mastodon import __version__ as release  # noqa: E402

version = release
extensions = ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
templates_path = []
exclude_patterns = ["_build"]
html_theme = "alabaster"
nitpicky = False
