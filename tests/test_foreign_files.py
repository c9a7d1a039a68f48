"""Issue 19 point 7: a mastodon folder mixed with Mastodon.py's files is refused at import with
instructions (mastodon/_foreign.py); the end-to-end pip run is in tests/test_standin.py."""

import os
import subprocess
import sys

import pytest

import mastodon
from mastodon._foreign import FOREIGN_FILES, MixedInstallError, check_install

# The files of two real Mastodon.py releases (names only, from their wheels).
MASTODONPY_1_8_1 = ["Mastodon.py", "__init__.py", "accounts.py", "admin.py", "authentication.py", "compat.py",
                    "conversations.py", "defaults.py", "endorsements.py", "errors.py", "favourites.py", "filters.py",
                    "hashtags.py", "instance.py", "internals.py", "lists.py", "media.py", "notifications.py",
                    "polls.py", "preferences.py", "push.py", "relationships.py", "reports.py", "search.py",
                    "statuses.py", "streaming.py", "streaming_endpoints.py", "suggestions.py", "timeline.py",
                    "trends.py", "utility.py", "versions.py"]
MASTODONPY_2_3_3 = MASTODONPY_1_8_1 + ["_url_regex.py", "annual_reports.py", "async_refresh.py", "collections.py",
                                      "profile.py", "py.typed", "return_types.py", "streaming_websocket.py",
                                      "types_base.py"]
PACKAGE = os.path.dirname(os.path.abspath(mastodon.__file__))


def test_our_package_has_none_of_the_foreign_files():
    assert not set(FOREIGN_FILES) & set(os.listdir(PACKAGE))
    check_install(PACKAGE)  # does not raise


@pytest.mark.parametrize("release", [MASTODONPY_1_8_1, MASTODONPY_2_3_3])
def test_every_mastodonpy_release_has_foreign_files(release):
    assert set(FOREIGN_FILES) <= set(release)


def test_a_mixed_folder_is_refused_with_the_repair(tmp_path):
    site = tmp_path / "site-packages"
    folder = site / "mastodon"
    folder.mkdir(parents=True)
    for name in ("__init__.py", "client.py", "internals.py", "streaming.py"):
        (folder / name).write_text("")
    (site / "Mastodon.py-1.8.1.dist-info").mkdir()
    (site / "Mastodon.py-2.3.3+mastodon.client.1.0.0.dist-info").mkdir()  # a stand-in is no foreign code
    with pytest.raises(MixedInstallError) as info:
        check_install(str(folder))
    message = str(info.value)
    assert isinstance(info.value, ImportError)
    assert f"{folder} mixes files of mastodon-client with files of Mastodon.py 1.8.1 (internals.py, streaming.py)" \
        in message
    for step in ("-m pip uninstall -y Mastodon.py", "-m pip install --force-reinstall --no-deps mastodon-client",
                 "-m mastodon.standin --install --claim"):
        assert step in message


def test_without_metadata_the_message_still_names_mastodonpy(tmp_path):
    (tmp_path / "timeline.py").write_text("")
    with pytest.raises(MixedInstallError, match=r"files of Mastodon.py \(timeline.py\)"):
        check_install(str(tmp_path))


def test_importing_from_a_mixed_copy_fails_at_both_hooks(tmp_path):
    # a copy of the package with a Mastodon.py file dropped in: our own __init__ refuses it ...
    copy = tmp_path / "ours"
    import shutil
    shutil.copytree(PACKAGE, copy / "mastodon", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "mastodon" / "internals.py").write_text("")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(copy)
    result = subprocess.run([sys.executable, "-c", "import mastodon"], capture_output=True, text=True, env=env,
                            cwd=str(tmp_path), timeout=60)
    assert result.returncode != 0 and "MixedInstallError" in result.stderr and "internals.py" in result.stderr
    # ... and so does our streaming package when Mastodon.py's __init__ (which imports it) replaced ours
    (copy / "mastodon" / "__init__.py").write_text("from mastodon.streaming import StreamListener\n")
    result = subprocess.run([sys.executable, "-c", "import mastodon"], capture_output=True, text=True, env=env,
                            cwd=str(tmp_path), timeout=60)
    assert result.returncode != 0 and "MixedInstallError" in result.stderr
    assert "mastodon/streaming/__init__.py" in result.stderr.replace(os.sep, "/")
