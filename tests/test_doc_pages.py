"""Checks on the documentation pages themselves: install commands name this distribution, and
code blocks fit the width the stylesheet (docs/_static/wrap.css) makes room for at 1280 px."""

import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.rst"), recursive=True)) + [os.path.join(ROOT, "README.rst")]
MAX_COLUMNS = 114


def code_lines(path):
    """(line number, text without the block's indentation) of every line in a literal or code block."""
    lines = open(path, encoding="utf-8").read().splitlines()
    out, i = [], 0
    while i < len(lines):
        opener = lines[i]
        i += 1
        literal = opener.rstrip().endswith("::") and not opener.lstrip().startswith(".. ")  # not a directive
        if not (literal or opener.lstrip().startswith(".. code-block::")):
            continue
        base = len(opener) - len(opener.lstrip())
        while i < len(lines) and lines[i].strip().startswith(":") and not lines[i].strip().startswith("::"):
            i += 1  # directive options
        indent = None
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > base):
            if lines[i].strip():
                width = len(lines[i]) - len(lines[i].lstrip())
                indent = width if indent is None else min(indent, width)
                out.append((i + 1, lines[i], indent))
            i += 1
    return [(n, text[indent:]) for n, text, indent in out]


def test_code_blocks_fit_a_1280_pixel_window():
    too_wide = [f"{os.path.relpath(path, ROOT)}:{n} ({len(text)} columns)"
                for path in PAGES for n, text in code_lines(path) if len(text) > MAX_COLUMNS]
    assert too_wide == []


def test_the_checker_reads_code_blocks():
    readme = code_lines(os.path.join(ROOT, "README.rst"))
    assert any(text.startswith("from mastodon import Mastodon") for _, text in readme)
    assert any("pip install -e '.[test]'" in text for _, text in readme)


def test_install_commands_name_this_distribution():
    wrong = []
    for path in PAGES:
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            if re.search(r"pip install\b.*['\"]?Mastodon\.py\[", line):
                wrong.append(f"{os.path.relpath(path, ROOT)}:{n}")
    assert wrong == []
