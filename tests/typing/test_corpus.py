"""User scripts in ``tests/typing/corpus`` type-check clean under ``mypy --strict`` and pyright
(strict), and a copy of each with one field name misspelt is rejected by both.

Each script names its misspelling in a comment, ``# TYPO: <text> => <misspelt text>``; the test
writes the misspelt copy next to the originals in a temporary folder and runs each checker once
over all of them.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from typing import Dict, List, NamedTuple, Tuple

import pytest
from conftest import pyright_path

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")
_TYPO = re.compile(r"^# TYPO: (\S+) => (\S+)$", re.MULTILINE)


class Variant(NamedTuple):
    original: str  #: the script's file name
    line: int  #: 1-based line of the misspelling
    attribute: str  #: the misspelt attribute, as the checkers quote it


def _scripts() -> List[str]:
    return sorted(name for name in os.listdir(CORPUS) if name.endswith(".py"))


def misspell(source: str) -> Tuple[str, int, str]:
    """The script with its ``# TYPO`` misspelling made: (text, line of the change, misspelt attribute)."""
    directive = _TYPO.search(source)
    if directive is None:
        raise AssertionError("no '# TYPO: <text> => <misspelt text>' line")
    old, new = directive.group(1), directive.group(2)
    at = source.find(old, directive.end())
    if at < 0 or old == new:
        raise AssertionError(f"the TYPO text {old!r} does not occur below the directive")
    return source[:at] + new + source[at + len(old):], source.count("\n", 0, at) + 1, new.rsplit(".", 1)[-1]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Tuple[str, Dict[str, Variant]]:
    """A folder with the corpus scripts and, for each, ``typo_<name>`` with its misspelling."""
    folder = str(tmp_path_factory.mktemp("typing-corpus"))
    variants = {}
    for name in _scripts():
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            source = f.read()
        shutil.copy(os.path.join(CORPUS, name), os.path.join(folder, name))
        text, line, attribute = misspell(source)
        with open(os.path.join(folder, "typo_" + name), "w", encoding="utf-8") as f:
            f.write(text)
        variants["typo_" + name] = Variant(name, line, attribute)
    return folder, variants


def _judge(errors: Dict[str, List[Tuple[int, str]]], variants: Dict[str, Variant], checker: str) -> None:
    clean_failures = {name: errors[name] for name in _scripts() if errors.get(name)}
    assert not clean_failures, f"{checker} rejects corpus scripts: {clean_failures}"
    missed = []
    for name, variant in variants.items():
        hits = [msg for line, msg in errors.get(name, []) if line == variant.line and f'"{variant.attribute}"' in msg]
        if not hits:
            missed.append((name, variant, errors.get(name, [])))
    assert not missed, f"{checker} accepts misspelt variants: {missed}"


def test_the_corpus_has_a_dozen_scripts_each_with_a_misspelling():
    names = _scripts()
    assert len(names) >= 12, names
    for name in names:
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            source = f.read()
        text, line, attribute = misspell(source)
        assert attribute in text.splitlines()[line - 1] and text != source, name
        assert "cast(" not in source and "type: ignore" not in source and "Any" not in source, name


def test_misspell_refuses_a_directive_that_changes_nothing():
    with pytest.raises(AssertionError):
        misspell("# TYPO: status.content => status.contnet\nprint(status.text)\n")
    assert misspell("# TYPO: s.content => s.contnet\nx = 1\nprint(s.content)\n") == \
        ("# TYPO: s.content => s.contnet\nx = 1\nprint(s.contnet)\n", 3, "contnet")


def _mypy_errors(output: str, folder: str) -> Dict[str, List[Tuple[int, str]]]:
    errors: Dict[str, List[Tuple[int, str]]] = {}
    for match in re.finditer(r"^(.+?\.py):(\d+): error: (.*)$", output, re.MULTILINE):
        errors.setdefault(os.path.basename(match.group(1)), []).append((int(match.group(2)), match.group(3)))
    return errors


def test_mypy_strict_accepts_the_scripts_and_rejects_each_misspelling(workspace):
    folder, variants = workspace
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", os.path.join(HERE, "mypy.ini"), "--no-error-summary",
         "--cache-dir", os.path.join(folder, ".mypy_cache"), folder],
        cwd=folder, capture_output=True, text=True, timeout=300, env=dict(os.environ, MYPYPATH=ROOT))
    assert "error:" in result.stdout or result.returncode == 0, result.stdout + result.stderr
    assert "Cannot find implementation" not in result.stdout, result.stdout
    _judge(_mypy_errors(result.stdout, folder), variants, "mypy --strict")


def test_pyright_strict_accepts_the_scripts_and_rejects_each_misspelling(workspace):
    folder, variants = workspace
    with open(os.path.join(HERE, "pyrightconfig.json"), encoding="utf-8") as f:
        config = json.load(f)
    config["extraPaths"] = [ROOT]
    with open(os.path.join(folder, "pyrightconfig.json"), "w", encoding="utf-8") as f:
        json.dump(config, f)
    result = subprocess.run([pyright_path(), "--outputjson", "--pythonpath", sys.executable, "-p", folder, folder],
                            cwd=folder, capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        raise AssertionError(f"pyright did not report: {result.stdout[-500:]} {result.stderr[-500:]}") from None
    errors: Dict[str, List[Tuple[int, str]]] = {}
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            errors.setdefault(os.path.basename(diagnostic["file"]), []).append(
                (diagnostic["range"]["start"]["line"] + 1, diagnostic["message"]))
    assert report["summary"]["filesAnalyzed"] == 2 * len(_scripts()), report["summary"]
    _judge(errors, variants, "pyright")
