"""The package's type hints are consistent (mypy finds no error), and a user script gets the entity
types of every result from both mypy and pyright."""

import os
import re
import subprocess
import sys

import pytest
from conftest import run_pyright

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def mypy(tmp_path_factory):
    """Run mypy on some targets, from the repository, with one cache for the module's tests
    (the package is analysed once)."""
    cache = str(tmp_path_factory.mktemp("mypy-cache"))
    env = dict(os.environ, MYPYPATH=ROOT)

    def run(*targets):
        return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", cache, *targets],
                              cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    return run


def test_mypy_finds_no_errors(mypy):
    result = mypy("mastodon")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


USER_SCRIPT = '''
from mastodon import Mastodon, StreamListener

api = Mastodon(api_base_url="https://example.test")
status = api.status(1)
reveal_type(status)
reveal_type(status.account.acct)
reveal_type(status.created_at)
reveal_type(status.media_attachments)
reveal_type(api.timeline_home(limit=5))
reveal_type(api.status_context(status).ancestors[0].account)
status.acount
api.stauts_post("a typo")
api.status_post(42)


class Printer(StreamListener):
    def on_update(self, status) -> None:
        print(status.content)
'''

#: What both checkers must infer, in the order of the reveal_type calls (type names as each prints them).
REVEALED = {
    "mypy": ["mastodon.return_types.Status", "str", "datetime.datetime",
             "mastodon.core.values.NonPaginatableList[mastodon.return_types.MediaAttachment]",
             "mastodon.core.values.PaginatableList[mastodon.return_types.Status]",
             "mastodon.return_types.Account"],
    "pyright": ["Status", "str", "datetime", "NonPaginatableList[MediaAttachment]", "PaginatableList[Status]",
                "Account"],
}


def test_mypy_types_a_user_script_from_the_endpoint_annotations(mypy, tmp_path):
    script = tmp_path / "bot.py"
    script.write_text(USER_SCRIPT)
    out = mypy(str(script)).stdout
    revealed = re.findall(r'Revealed type is "([^"]+)"', out)
    assert revealed == REVEALED["mypy"], out
    assert '"Status" has no attribute "acount"' in out, out
    assert '"Mastodon" has no attribute "stauts_post"' in out, out
    assert 'No overload variant of "status_post" of "StatusesMixin" matches argument type "int"' in out, out
    assert "Found 3 errors in 1 file" in out, out


def test_pyright_types_a_user_script_from_the_endpoint_annotations(tmp_path):
    out = run_pyright(USER_SCRIPT, tmp_path)
    revealed = re.findall(r'Type of "[^"]+" is "([^"]+)"', out)
    assert revealed == REVEALED["pyright"], out
    errors = [line for line in out.splitlines() if " - error:" in line]
    # Three wrong lines (a call matching no overload of status_post gets two messages).
    assert len({re.search(r"\.py:(\d+):", e).group(1) for e in errors}) == 3, out
    assert any('"acount"' in e for e in errors) and any('"stauts_post"' in e for e in errors), out
    assert any('"Literal[42]"' in e and '"str"' in e for e in errors), out
