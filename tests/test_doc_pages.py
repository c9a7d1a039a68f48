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


def _read(*parts):
    return open(os.path.join(ROOT, *parts), encoding="utf-8").read()


def _toctree_entries(text):
    """The entries of every toctree directive in ``text``, in order."""
    entries = []
    for block in re.findall(r"^\.\. toctree::\n((?:[ \t]+.*\n|\n)*)", text, re.M):
        entries += [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith(":")]
    return entries


def test_the_index_lists_pages_for_people_not_entities():
    entries = _toctree_entries(_read("docs", "index.rst"))
    # The async, servers and security pages join the first part as their branches are merged.
    first = [e for e in entries[:entries.index("entities") + 1] if e not in ("async", "servers", "security")]
    assert first == ["guide", "install", "coming_from_mastodonpy", "api/index", "entities"]
    assert not any(e.startswith("api/") and e != "api/index" for e in entries)   # the areas are on api/index
    areas = _toctree_entries(_read("docs", "api", "index.rst"))
    on_disk = sorted(os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(ROOT, "docs", "api", "*.rst")))
    assert sorted(e for e in areas if not e.startswith("/")) == [p for p in on_disk if p != "index"]
    # The entity classes are sections of one page: with the index's maxdepth 1 none reaches the sidebar.
    index = _read("docs", "index.rst")
    assert all(m == "1" for m in re.findall(r":maxdepth: (\d+)", index))
    assert len(re.findall(r"^\.\. py:class:: ", _read("docs", "entities.rst"), re.M)) > 100


def test_readme_has_exactly_two_set_up_commands():
    readme = code_lines(os.path.join(ROOT, "README.rst"))
    setups = [text for _, text in readme if text.startswith("python3 -m venv")]
    assert len(setups) == 2
    assert "pip install ." in setups[0] and "examples/" in setups[0]
    assert "pip install -e '.[test]'" in setups[1] and "pytest" in setups[1]


def test_install_from_a_checkout_until_the_first_release():
    readme, install = _read("README.rst"), _read("docs", "install.rst")
    for text in (readme, install):
        flat = re.sub(r"\s+", " ", text)
        assert "pip install ." in flat and "pip wheel" in flat and "pip install mastodon-client" in flat
        assert "not on PyPI yet" in flat or "Until the first release is on PyPI" in flat


def test_ci_builds_the_docs_nitpicky_with_warnings_as_errors():
    lines = [line for line in _read(".ci", "run").splitlines() if "sphinx" in line and not line.startswith("#")]
    assert any(re.search(r"-m sphinx -n -W\b", line) for line in lines), lines


def test_coming_from_mastodonpy_names_the_intended_differences():
    page = re.sub(r"\s+", " ", _read("docs", "coming_from_mastodonpy.rst"))
    for difference in ("timezone-aware datetime", "get_approx_server_time", "Arguments checked before sending",
                       "MaybeSnowflakeIdType", "PKCE", "WebSocket fallback", "No single wait is longer than 5 minutes",
                       "refused the access token", "stream_healthy", "ratelimit_remaining", "get_status_length"):
        assert difference in page, difference
