"""Mastodon.py 2.x's module paths: mastodon.Mastodon (a module) next to mastodon.Mastodon (the class),
mastodon.return_types and mastodon.types_base; both import styles pass mypy and pyright."""

import os
import subprocess
import sys

import pytest

from conftest import run_pyright, run_python

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_the_module_exports_the_client_the_errors_and_the_entities():
    from mastodon import errors, return_types, types_base
    from mastodon.Mastodon import (Account, Instance, InstanceV2, Mastodon, MastodonAPIError,  # noqa: F401
                                   MediaAttachment)
    import mastodon
    module = sys.modules["mastodon.Mastodon"]
    assert Mastodon is mastodon.client.Mastodon and MastodonAPIError is errors.MastodonAPIError
    assert Account is return_types.Account and MediaAttachment(id="1").id == "1"
    for name in return_types.__all__:
        assert getattr(module, name) is getattr(return_types, name)
    for name in errors.__all__:
        assert getattr(module, name) is getattr(errors, name)
    for name in types_base.__all__:
        assert getattr(mastodon, name) is getattr(types_base, name), name
    with pytest.raises(AttributeError):
        module.NoSuchThing


@pytest.mark.parametrize("first", [
    "import mastodon.Mastodon",
    "from mastodon.Mastodon import Account",
    "import mastodon",
    "from mastodon import Mastodon",
])
def test_the_package_attribute_stays_the_class_whatever_is_imported_first(first):
    out = run_python(f"""
{first}
import mastodon, mastodon.Mastodon, sys
from mastodon import Mastodon
from mastodon.Mastodon import Mastodon as M2, InstanceV2
print(isinstance(mastodon.Mastodon, type), Mastodon is M2 is mastodon.Mastodon)
print(type(sys.modules['mastodon.Mastodon']).__name__, mastodon.Mastodon(api_base_url='https://a.test').api_base_url)
""")
    assert out == ["True True", "module https://a.test"]


def test_importing_the_package_does_not_load_the_entity_classes():
    out = run_python("import sys, mastodon; print('mastodon.return_types' in sys.modules)")
    assert out == ["False"]


USER_SCRIPT = '''
from datetime import datetime

import mastodon
from mastodon import Mastodon
from mastodon.Mastodon import Account, Instance, InstanceV2, MastodonAPIError, MediaAttachment
from mastodon.Mastodon import Mastodon as ClientClass
from mastodon.return_types import Status
from mastodon.types_base import NonPaginatableList, PaginatableList

api: Mastodon = Mastodon(api_base_url="https://example.test")
other: ClientClass = mastodon.Mastodon(api_base_url="https://example.test")
status = Status(id="1")
acct: str = status.account.acct
when: datetime = status.created_at
media: NonPaginatableList[MediaAttachment] = status.media_attachments
page: PaginatableList[Status] = PaginatableList()
error: type = MastodonAPIError
account: Account = status.account
versions = (Instance, InstanceV2)
status.acount
'''


def _run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, MYPYPATH=ROOT, PYTHONPATH=ROOT))


def test_mypy_accepts_both_import_styles_and_flags_a_misspelt_field(tmp_path):
    script = tmp_path / "bot.py"
    script.write_text(USER_SCRIPT)
    result = _run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), str(script)], ROOT)
    lines = [line for line in result.stdout.splitlines() if "bot.py" in line]
    assert len(lines) == 1 and '"Status" has no attribute "acount"' in lines[0], result.stdout + result.stderr


def test_pyright_accepts_both_import_styles_and_flags_a_misspelt_field(tmp_path):
    out = run_pyright(USER_SCRIPT, tmp_path)
    errors = [line for line in out.splitlines() if " - error:" in line]
    assert len(errors) == 1 and '"acount"' in errors[0], out
