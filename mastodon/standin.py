"""A stand-in ``Mastodon.py`` distribution: lets programs that require Mastodon.py run on this package.

Both this package (distribution ``mastodon-client``) and Mastodon.py install the ``mastodon``
import package, so one environment holds one of them. A program that declares
``Mastodon.py>=1.8.1`` makes pip install Mastodon.py over ours, and a program that checks its
requirements when it starts (``pkg_resources.require``, ``importlib.metadata``) finds no
Mastodon.py when it was installed with ``--no-deps``. The stand-in answers both: a wheel that
holds only metadata, named ``Mastodon.py``, versioned like the Mastodon.py release whose
interface this package provides, with a local label saying what it is
(``2.3.3+mastodon.client.1.0.0``), and requiring ``mastodon-client``. Once pip has installed
it, requirements on Mastodon.py are satisfied and nothing replaces our ``mastodon``;
``pip uninstall Mastodon.py`` removes it again and touches no other file.

Build it with ``python -m mastodon.standin --wheel-dir DIR`` (prints the wheel's path) or
install it at once with ``python -m mastodon.standin --install``. Nothing is downloaded.
"""

import argparse
import base64
import hashlib
import logging
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from typing import Dict, List, Optional, Sequence

from . import __version__

__all__ = ["DEFAULT_CLAIMED_VERSION", "standin_version", "build_standin_wheel", "write_wheel", "wheel_name_part", "main"]

log = logging.getLogger(__name__)

#: The Mastodon.py release whose public interface this package provides.
DEFAULT_CLAIMED_VERSION = "2.3.3"
DISTRIBUTION = "mastodon-client"

_VERSION_RE = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def standin_version(claimed: str = DEFAULT_CLAIMED_VERSION) -> str:
    """The stand-in's version: ``claimed`` plus a local label naming this package and its version.

    A local label leaves comparisons alone (``2.3.3+x`` satisfies ``>=1.8.1`` and ``==2.3.3``),
    shows in ``pip list`` what the distribution really is, and cannot exist on PyPI, so no real
    Mastodon.py release carries the same version.

    :param claimed: the Mastodon.py version to stand in for, as ``major.minor.patch``.
    :returns: e.g. ``"2.3.3+mastodon.client.1.0.0"``.
    :raises ValueError: ``claimed`` is not a plain release number.
    """
    if not isinstance(claimed, str) or not _VERSION_RE.match(claimed):
        raise ValueError(f"the claimed version must look like 2.3.3; got {claimed!r}")
    return f"{claimed}+mastodon.client.{__version__}"


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"sha256={digest}"


def wheel_name_part(name: str) -> str:
    """A distribution name as it goes into wheel and ``.dist-info`` names: runs of other characters
    become ``_``, while letters' case and dots stay.

    The dots matter: ``pkg_resources`` (still used by programs that check their requirements
    when they start) reads the name from the directory and keeps dots significant, so it finds
    ``Mastodon.py-2.3.3.dist-info`` for a requirement on Mastodon.py, but not ``mastodon_py-...``.
    """
    return re.sub(r"[^A-Za-z0-9.]+", "_", name)


def write_wheel(directory: str, name: str, version: str, metadata: str, files: Optional[Dict[str, bytes]] = None,
                tag: str = "py3-none-any") -> str:
    """Write a wheel (PEP 427) holding ``files`` and a ``.dist-info`` with ``metadata``; return its path.

    :param directory: where the wheel goes (created if missing).
    :param name: the distribution name, as in its metadata.
    :param version: the version, as in its metadata.
    :param metadata: the text of the METADATA file (Name and Version included).
    :param files: archive path -> content of the files to install besides the metadata.
    :param tag: the compatibility tag (``python-abi-platform``).
    :returns: the path of the wheel.
    """
    stem = wheel_name_part(name)
    dist_info = f"{stem}-{version}.dist-info"
    wheel_meta = f"Wheel-Version: 1.0\nGenerator: mastodon.standin\nRoot-Is-Purelib: true\nTag: {tag}\n"
    contents = dict(files or {})
    contents[f"{dist_info}/METADATA"] = metadata.encode("utf-8")
    contents[f"{dist_info}/WHEEL"] = wheel_meta.encode("utf-8")
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in contents.items())
    record += f"{dist_info}/RECORD,,\n"
    contents[f"{dist_info}/RECORD"] = record.encode("utf-8")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"{stem}-{version}-{tag}.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for archive_path, data in contents.items():
            archive.writestr(archive_path, data)
    return path


def build_standin_wheel(directory: str, claimed: str = DEFAULT_CLAIMED_VERSION) -> str:
    """Write the stand-in ``Mastodon.py`` wheel into ``directory`` and return its path.

    :param directory: where the wheel goes (created if missing).
    :param claimed: the Mastodon.py version to stand in for (the interface this package
        provides is that of 2.3.3; claim another only if a program insists on it).
    :returns: the path of the wheel.
    """
    version = standin_version(claimed)
    metadata = (
        "Metadata-Version: 2.1\n"
        "Name: Mastodon.py\n"
        f"Version: {version}\n"
        f"Summary: Stand-in: the mastodon package of this environment comes from {DISTRIBUTION} {__version__}\n"
        f"Requires-Dist: {DISTRIBUTION}>={__version__}\n"
        "\n"
        f"Programs that require Mastodon.py run on {DISTRIBUTION}, which provides the same interface.\n"
        f"Uninstalling this distribution removes only this record, never the {DISTRIBUTION} files.\n"
    )
    return write_wheel(directory, "Mastodon.py", version, metadata)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mastodon.standin",
        description="Build (and optionally install) a metadata-only Mastodon.py distribution that "
                    f"points at {DISTRIBUTION}, so programs requiring Mastodon.py run on it.")
    parser.add_argument("--wheel-dir", help="write the wheel here (default: a temporary directory)")
    parser.add_argument("--claim", default=DEFAULT_CLAIMED_VERSION, metavar="VERSION",
                        help="the Mastodon.py version to stand in for (default: %(default)s)")
    parser.add_argument("--install", action="store_true",
                        help="install the wheel into this interpreter's environment with pip (offline)")
    args = parser.parse_args(argv)
    if not args.install and not args.wheel_dir:
        parser.error("give --wheel-dir to keep the wheel, or --install to install it")
    try:
        standin_version(args.claim)
    except ValueError as e:
        parser.error(str(e))
    with tempfile.TemporaryDirectory() as scratch:
        path = build_standin_wheel(args.wheel_dir or scratch, args.claim)
        if not args.install:
            print(path)
            return 0
        command: List[str] = [sys.executable, "-m", "pip", "install", "--no-index", path]
        log.info("running %s", " ".join(command))
        return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
