"""Programs written for Mastodon.py, run on this package: the stand-in distribution (mastodon.standin).

The end-to-end test builds every wheel it needs on this machine (ours with setuptools, the
dependencies repacked from this environment, the program, a decoy "real" Mastodon.py), makes a
fresh virtual environment and installs everything with ``pip --no-index``: nothing is fetched.
"""

import hashlib
import base64
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import entity
from mastodon import __version__
from mastodon.standin import (DEFAULT_CLAIMED_VERSION, build_standin_wheel, main, standin_version, wheel_name_part,
                              write_wheel)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STANDIN = f"{DEFAULT_CLAIMED_VERSION}+mastodon.client.{__version__}"

PROGRAM = '''"""toot-report: a program written for Mastodon.py. It checks its requirements when it starts."""
import sys


def check_requirements():
    try:
        import pkg_resources
    except ImportError:  # setuptools 81+ or no setuptools: the check importlib.metadata allows
        pkg_resources = None
    if pkg_resources is not None:
        pkg_resources.require("toot-report")  # VersionConflict / DistributionNotFound if unmet
    from importlib.metadata import version
    found = version("Mastodon.py")
    if tuple(int(part) for part in found.split("+")[0].split(".")[:3]) < (1, 8, 1):
        raise SystemExit("Mastodon.py is too old: " + found)
    print("requirements ok:", "pkg_resources" if pkg_resources else "importlib.metadata", found)


def main(url):
    check_requirements()
    import mastodon
    from mastodon import Mastodon
    print("mastodon from:", mastodon.__file__)
    print("title:", Mastodon(api_base_url=url).instance().title)


if __name__ == "__main__":
    main(sys.argv[1])
'''


def _read_wheel(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# -- the wheel itself -------------------------------------------------------------------------------
def test_standin_version_keeps_comparisons_and_says_what_it_is():
    assert standin_version() == STANDIN
    assert standin_version("2.1.0") == f"2.1.0+mastodon.client.{__version__}"
    for bad in ("", "2.x", "2.3.3+local", "latest", None):
        with pytest.raises(ValueError):
            standin_version(bad)


def test_standin_wheel_holds_metadata_only_and_a_valid_record(tmp_path):
    path = build_standin_wheel(str(tmp_path))
    assert os.path.basename(path) == f"Mastodon.py-{STANDIN}-py3-none-any.whl"
    files = _read_wheel(path)
    dist_info = f"Mastodon.py-{STANDIN}.dist-info"
    assert sorted(files) == [f"{dist_info}/{name}" for name in ("METADATA", "RECORD", "WHEEL")]
    metadata = files[f"{dist_info}/METADATA"].decode()
    assert "\nName: Mastodon.py\n" in metadata
    assert f"\nVersion: {STANDIN}\n" in metadata
    assert f"\nRequires-Dist: mastodon-client>={__version__}\n" in metadata
    assert "Tag: py3-none-any" in files[f"{dist_info}/WHEEL"].decode()
    for line in files[f"{dist_info}/RECORD"].decode().splitlines():
        name, digest, size = line.split(",")
        if name.endswith("RECORD"):
            assert digest == size == ""
            continue
        data = files[name]
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert (digest, int(size)) == (f"sha256={expected}", len(data))


def test_command_line_writes_the_wheel_or_explains(tmp_path, capsys):
    assert main(["--wheel-dir", str(tmp_path), "--claim", "2.1.0"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == str(tmp_path / f"Mastodon.py-2.1.0+mastodon.client.{__version__}-py3-none-any.whl")
    assert os.path.exists(printed)
    with pytest.raises(SystemExit):
        main([])  # neither a directory to keep the wheel in nor --install
    assert "--wheel-dir" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--wheel-dir", str(tmp_path), "--claim", "two"])
    assert "2.3.3" in capsys.readouterr().err


# -- a program declaring Mastodon.py>=1.8.1, in a fresh environment, offline -----------------------
def _requirement_names(dist):
    for requirement in dist.requires or []:
        if ";" in requirement and "extra" in requirement.split(";", 1)[1]:
            continue
        yield re.match(r"[A-Za-z0-9._-]+", requirement).group(0)


def _repack(name, directory, done):
    """Write an installed distribution (and what it needs) back into wheels, as pip would find them."""
    dist = importlib.metadata.distribution(name)
    key = dist.metadata["Name"].lower()
    if key in done:
        return
    done.add(key)
    tags = [t.split("-") for t in re.findall(r"^Tag: (\S+)$", dist.read_text("WHEEL") or "Tag: py3-none-any", re.M)]
    tag = "-".join(".".join(dict.fromkeys(t[i] for t in tags)) for i in range(3))  # py2.py3-none-any
    stem = wheel_name_part(dist.metadata["Name"])
    files = {}
    for file in dist.files or []:
        parts = file.parts
        if parts[0] == ".." or "__pycache__" in parts:
            continue  # console scripts live outside site-packages; bytecode is made again
        if parts[0].endswith(".dist-info"):
            if parts[-1] in ("METADATA", "WHEEL", "RECORD", "INSTALLER", "REQUESTED", "direct_url.json"):
                continue
            parts = (f"{stem}-{dist.version}.dist-info",) + parts[1:]
        files["/".join(parts)] = file.locate().read_bytes()
    write_wheel(directory, dist.metadata["Name"], dist.version, dist.read_text("METADATA"), files, tag)
    for needed in _requirement_names(dist):
        _repack(needed, directory, done)


def _build_our_wheel(source, wheels):
    """Build the mastodon-client wheel from a copy of the project (the checkout stays clean)."""
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.rst", "LICENSE"):
        shutil.copy(os.path.join(ROOT, name), source / name)
    shutil.copytree(os.path.join(ROOT, "mastodon"), source / "mastodon",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))  # built from the C source
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index", "--no-build-isolation",
                             "-q", "-w", str(wheels), str(source)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    built = [name for name in os.listdir(wheels) if name.startswith("mastodon_client-")]
    # The wheel declares the optional C speedups, so it is tagged for this interpreter and platform;
    # it holds the compiled module where a C compiler built it (as for the package under test).
    cpython = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    assert len(built) == 1 and re.fullmatch(
        rf"mastodon_client-{re.escape(__version__)}-{cpython}-{cpython}-[a-z0-9_]+\.whl", built[0]), built
    # What pip show and PyPI will display comes from here.
    files = _read_wheel(os.path.join(wheels, built[0]))
    speedups = [name for name in files if name.startswith("mastodon/core/_speedups.")]
    from mastodon.core import values
    assert bool(speedups) == (values._speedups is not None or bool(os.environ.get("MASTODON_NO_SPEEDUPS"))), speedups
    metadata = files[f"mastodon_client-{__version__}.dist-info/METADATA"].decode()
    for line in ("Name: mastodon-client", f"Version: {__version__}", "Requires-Python: >=3.9",
                 "License-Expression: MIT", "Author: The mastodon-client authors",
                 "Project-URL: Documentation, https://mastodon-client.codeberg.page/",
                 "Project-URL: Source, https://codeberg.org/mastodon-client/mastodon-client",
                 "Project-URL: Changelog, https://mastodon-client.codeberg.page/changelog.html",
                 "Project-URL: Issues, https://codeberg.org/mastodon-client/mastodon-client/issues",
                 "Provides-Extra: websocket", "Provides-Extra: websocket-streaming", "Provides-Extra: webpush",
                 "Classifier: Typing :: Typed"):
        assert line in metadata.splitlines(), line
    assert "mastodon/py.typed" in files and "mastodon/standin.py" in files
    assert not [name for name in files if name.startswith(("tests/", "benchmarks/", "docs/"))]


def test_a_program_requiring_mastodonpy_runs_on_this_package(tmp_path, server):
    wheels, decoys = tmp_path / "wheels", tmp_path / "decoys"
    wheels.mkdir()
    _build_our_wheel(tmp_path / "source", wheels)
    done = set()
    for name in ("requests", "python-dateutil"):
        _repack(name, str(wheels), done)
    write_wheel(str(wheels), "toot-report", "1.0", "Metadata-Version: 2.1\nName: toot-report\nVersion: 1.0\n"
                "Requires-Dist: Mastodon.py>=1.8.1\n", {"toot_report.py": PROGRAM.encode()})
    # What pip would otherwise take: a newer "Mastodon.py" that brings its own mastodon package.
    write_wheel(str(decoys), "Mastodon.py", "2.4.0", "Metadata-Version: 2.1\nName: Mastodon.py\nVersion: 2.4.0\n",
                {"mastodon/__init__.py": b"raise ImportError('the decoy Mastodon.py replaced mastodon-client')\n"})

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    env["PIP_CONFIG_FILE"] = os.devnull  # no index or find-links from the machine's pip configuration

    def pip(*args):
        result = subprocess.run([python, "-m", "pip", *args, "--disable-pip-version-check", "--no-input"],
                                capture_output=True, text=True, timeout=300, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    offline = ("--no-index", "--find-links", str(wheels), "--find-links", str(decoys))
    pip("install", *offline, "mastodon-client")
    # Without the stand-in pip would put the other Mastodon.py over ours.
    assert "Mastodon.py-2.4.0" in pip("install", "--dry-run", *offline, "toot-report")

    result = subprocess.run([python, "-m", "mastodon.standin", "--install"], capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    pip("install", *offline, "toot-report")
    pip("install", "-U", *offline, "toot-report")  # upgrading the program keeps the stand-in too
    # A constraints file pinning the stand-in also stops an explicit upgrade of Mastodon.py.
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(f"Mastodon.py=={STANDIN}\n")
    pip("install", "-U", *offline, "-c", str(constraints), "Mastodon.py")
    installed = {d["name"]: d["version"] for d in json.loads(pip("list", "--format=json"))}
    assert installed["Mastodon.py"] == STANDIN and installed["mastodon-client"] == __version__
    assert installed["toot-report"] == "1.0"
    assert "No broken requirements" in pip("check")

    server.route("GET", "/api/v2/instance", entity("Instance"))
    result = subprocess.run([python, "-m", "toot_report", server.url], capture_output=True, text=True,
                            timeout=120, env=env, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    checker = "pkg_resources" if _has_pkg_resources(python, env) else "importlib.metadata"
    assert lines["requirements ok"] == f"{checker} {STANDIN}"
    assert lines["mastodon from"].startswith(str(venv))
    assert lines["title"] == entity("Instance")["title"]
    assert [r.path for r in server.requests] == ["/api/v2/instance"]

    # Switching back is one uninstall: the stand-in owns no file of the mastodon package.
    pip("uninstall", "-y", "Mastodon.py")
    check = subprocess.run([python, "-c", "import mastodon; print(mastodon.__version__)"], capture_output=True,
                           text=True, timeout=60, env=env)
    assert check.stdout.strip() == __version__, check.stderr

    _a_program_pinning_an_older_mastodonpy_cannot_mix_files_silently(tmp_path, python, env, pip, offline, decoys)


def _a_program_pinning_an_older_mastodonpy_cannot_mix_files_silently(tmp_path, python, env, pip, offline, decoys):
    """Issue 19 point 7: a program pinning ``mastodon-py<2`` after the stand-in (2.3.3) makes pip put
    Mastodon.py 1.8.1 over our files, exit code 0; ``import mastodon`` then fails and says what to
    do, and doing it gives a working environment."""
    def run(code):
        return subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60, env=env,
                              cwd=str(tmp_path))

    write_wheel(str(decoys), "old-bot", "0.9", "Metadata-Version: 2.1\nName: old-bot\nVersion: 0.9\n"
                "Requires-Dist: mastodon-py<2\n", {"old_bot.py": b"from mastodon import Mastodon\n"})
    # A Mastodon.py 1.8.1 with the names of its real files (its __init__ imports mastodon.streaming).
    old = {f"mastodon/{name}": b"" for name in ("accounts.py", "authentication.py", "compat.py", "internals.py",
                                                 "streaming_endpoints.py", "timeline.py", "utility.py")}
    old["mastodon/__init__.py"] = (b"from mastodon.Mastodon import Mastodon\n"
                                   b"from mastodon.streaming import StreamListener\n")
    old["mastodon/Mastodon.py"] = b"class Mastodon:\n    pass\n"
    old["mastodon/streaming.py"] = b"class StreamListener:\n    pass\n"
    write_wheel(str(decoys), "Mastodon.py", "1.8.1", "Metadata-Version: 2.1\nName: Mastodon.py\nVersion: 1.8.1\n",
                old)

    result = subprocess.run([python, "-m", "mastodon.standin", "--install"], capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    pip("install", *offline, "old-bot")  # pip itself has no objection: it replaces the stand-in
    installed = {d["name"]: d["version"] for d in json.loads(pip("list", "--format=json"))}
    assert installed["Mastodon.py"] == "1.8.1" and installed["mastodon-client"] == __version__

    for code in ("import mastodon", "from mastodon import Mastodon", "import old_bot"):
        failed = run(code)
        assert failed.returncode != 0, (code, failed.stdout)
        assert "MixedInstallError" in failed.stderr, failed.stderr
        assert "mixes files of mastodon-client with files of Mastodon.py 1.8.1" in failed.stderr
        assert "internals.py" in failed.stderr and "--claim" in failed.stderr

    # What the message says to do, offline here.
    pip("uninstall", "-y", "Mastodon.py")
    pip("install", *offline, "--force-reinstall", "--no-deps", "mastodon-client")
    result = subprocess.run([python, "-m", "mastodon.standin", "--install", "--claim", "1.8.1"], capture_output=True,
                            text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    pip("install", "-U", *offline, "old-bot")  # its requirement is met now: nothing is replaced
    installed = {d["name"]: d["version"] for d in json.loads(pip("list", "--format=json"))}
    assert installed["Mastodon.py"] == f"1.8.1+mastodon.client.{__version__}"
    assert "No broken requirements" in pip("check")
    works = run("import mastodon, old_bot; print(mastodon.__version__, old_bot.Mastodon.__module__)")
    assert works.returncode == 0, works.stderr
    assert works.stdout.split() == [__version__, "mastodon.client"]


def _has_pkg_resources(python, env):
    return subprocess.run([python, "-c", "import pkg_resources"], capture_output=True, env=env,
                          timeout=60).returncode == 0
