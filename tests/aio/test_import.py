"""``import mastodon`` stays free of aiohttp; ``from mastodon import AsyncMastodon`` loads the async client."""

import subprocess
import sys


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_import_mastodon_does_not_import_aiohttp():
    assert _run("import sys, mastodon, mastodon.Mastodon; print('aiohttp' in sys.modules)") == "False"


def test_async_client_is_imported_on_first_use():
    out = _run("import sys, mastodon; from mastodon import AsyncMastodon; "
               "print('aiohttp' in sys.modules, AsyncMastodon.__module__, AsyncMastodon is mastodon.AsyncMastodon)")
    assert out == "True mastodon.aio.client True"
