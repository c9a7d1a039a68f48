"""The package's type hints are consistent: mypy (installed with the test extra) finds no error."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_mypy_finds_no_errors(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path), "mastodon"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
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


def test_a_user_script_is_type_checked_against_every_endpoint(tmp_path):
    # The endpoint areas load lazily at run time; type checkers must still see every method.
    script = tmp_path / "bot.py"
    script.write_text(USER_SCRIPT)
    env = dict(os.environ, MYPYPATH=ROOT)
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), str(script)],
                            cwd=str(tmp_path), capture_output=True, text=True, timeout=300, env=env)
    out = result.stdout
    assert 'Revealed type is "mastodon.core.values.AttribAccessDict"' in out, out
    assert 'Revealed type is "mastodon.core.values.PaginatableList[Any]"' in out, out
    assert '"Mastodon" has no attribute "stauts_post"' in out, out
    assert 'Argument 1 to "status_post" of "StatusesMixin" has incompatible type "int"; expected "str"' in out, out
    assert "Found 2 errors in 1 file" in out, out
