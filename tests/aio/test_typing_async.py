"""Type checkers see through AsyncMastodon: ``await api.status(1)`` is a Status for mypy and pyright."""

import os
import re
import subprocess
import sys

from conftest import run_pyright

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

USER_SCRIPT = '''
import aiohttp
from mastodon import AsyncMastodon


async def main(session: aiohttp.ClientSession) -> None:
    async with AsyncMastodon(api_base_url="https://example.test", session=session) as api:
        status = await api.status(1)
        reveal_type(status)
        reveal_type(status.account.acct)
        reveal_type(await api.timeline_home(limit=5))
        reveal_type(await AsyncMastodon.create_app("app", api_base_url="https://example.test"))
        async for item in api.pagination_iterator(await api.timeline_home()):
            reveal_type(item)
        reveal_type(api.make_poll(["a", "b"], expires_in=300))
        await api.stauts_post("a typo")
        api.status(1).account
'''

REVEALED = {
    "mypy": ["mastodon.return_types.Status", "str", "mastodon.core.values.PaginatableList[mastodon.return_types.Status]",
             "tuple[str, str]", "mastodon.return_types.Status"],
    "pyright": ["Status", "str", "PaginatableList[Status]", "Tuple[str, str]", "Status"],
}


def test_mypy_types_awaited_results(tmp_path):
    script = tmp_path / "abot.py"
    script.write_text(USER_SCRIPT)
    out = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), str(script)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, MYPYPATH=ROOT)).stdout
    revealed = re.findall(r'Revealed type is "([^"]+)"', out)
    assert revealed[:5] == REVEALED["mypy"], out
    assert '"AsyncMastodon" has no attribute "stauts_post"' in out, out
    assert '"Coroutine[Any, Any, Status]" has no attribute "account"' in out, out  # a forgotten await


def test_pyright_types_awaited_results(tmp_path):
    out = run_pyright(USER_SCRIPT, tmp_path)
    revealed = re.findall(r'Type of ".*" is "([^"]+)"$', out, re.M)
    assert revealed[:5] == REVEALED["pyright"], out
    assert '"stauts_post"' in out, out
    assert re.search(r'"account" for class "Coroutine(Type)?\[Any, Any, Status\]"', out), out  # a forgotten await
