"""The package's type hints are consistent: mypy (installed with the test extra) finds no error."""

import os
import subprocess
import sys

import pytest

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
reveal_type(api.status_post("hello", visibility="unlisted"))
reveal_type(api.timeline_home(limit=5))
api.stauts_post("a typo")
api.status_post(42)


class Printer(StreamListener):
    def on_update(self, status) -> None:
        print(status.content)
'''


def test_a_user_script_is_type_checked_against_every_endpoint(mypy, tmp_path):
    # The endpoint areas load lazily at run time; type checkers must still see every method.
    script = tmp_path / "bot.py"
    script.write_text(USER_SCRIPT)
    out = mypy(str(script)).stdout
    assert 'Revealed type is "mastodon.core.values.AttribAccessDict"' in out, out
    assert 'Revealed type is "mastodon.core.values.PaginatableList[Any]"' in out, out
    assert '"Mastodon" has no attribute "stauts_post"' in out, out
    assert 'Argument 1 to "status_post" of "StatusesMixin" has incompatible type "int"; expected "str"' in out, out
    assert "Found 2 errors in 1 file" in out, out
