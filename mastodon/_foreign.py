"""Refuse to run from a ``mastodon`` folder that mixes this package's files with Mastodon.py's.

This package (``mastodon-client``) and Mastodon.py both install the import package
``mastodon``. When pip installs Mastodon.py into an environment that holds this package (a
program pinned ``Mastodon.py<2``, which the stand-in of :mod:`mastodon.standin` does not
claim, or someone asked for Mastodon.py by name), Mastodon.py's files replace some of ours
and join the rest in one folder, and pip reports no error. What runs then is neither library.

:func:`check_install` looks for files that every Mastodon.py release has and this package never
has; finding one, it raises :class:`MixedInstallError` (an ``ImportError``) saying what to do.
It runs when ``mastodon`` is imported, and again from ``mastodon.streaming``, which Mastodon.py's
own ``__init__`` imports (our ``streaming`` package wins over their ``streaming.py`` module), so
the check runs whichever ``__init__.py`` the folder ended up with. Only the standard library is
used here: in a mixed folder most of the package cannot be trusted.
"""

import glob
import os
import sys
from typing import List, Optional

__all__ = ["FOREIGN_FILES", "MixedInstallError", "check_install", "mixed_install_message"]

#: Files of Mastodon.py (1.x and 2.x releases) that this package does not have.
FOREIGN_FILES = ("internals.py", "streaming.py", "authentication.py", "timeline.py", "streaming_endpoints.py",
                 "compat.py")

_FOLDER = os.path.dirname(os.path.abspath(__file__))
_checked: List[str] = []


class MixedInstallError(ImportError):
    """The ``mastodon`` folder holds files of Mastodon.py next to this package's."""


def _foreign_version(site: str) -> Optional[str]:
    """The version of the (real) Mastodon.py whose metadata sits next to the folder, if any."""
    for pattern in ("Mastodon.py-*.dist-info", "mastodon_py-*.dist-info", "Mastodon.py-*.egg-info"):
        for path in glob.glob(os.path.join(site, pattern)):
            version = os.path.basename(path).split("-", 1)[1].rsplit(".", 1)[0]
            if "+mastodon.client." not in version:  # the stand-in is no foreign code
                return version
    return None


def mixed_install_message(folder: str, found: List[str]) -> str:
    """What :class:`MixedInstallError` says: what happened and the commands that repair it."""
    version = _foreign_version(os.path.dirname(folder))
    which = f"Mastodon.py {version}" if version else "Mastodon.py"
    pip = f"{sys.executable} -m pip"
    return (
        f"the mastodon package in {folder} mixes files of mastodon-client with files of {which} "
        f"({', '.join(found)}): pip installed {which} over mastodon-client, probably for a program "
        "whose requirement the Mastodon.py stand-in does not claim (such as Mastodon.py<2). "
        "Neither library can run from this folder. To run the program on mastodon-client:\n"
        f"    {pip} uninstall -y Mastodon.py\n"
        f"    {pip} install --force-reinstall --no-deps mastodon-client\n"
        f"    {sys.executable} -m mastodon.standin --install --claim 1.8.1   "
        "# a version the program accepts\n"
        "or keep that program in a virtual environment of its own with the real Mastodon.py.")


def check_install(folder: Optional[str] = None) -> None:
    """Raise :class:`MixedInstallError` if the ``mastodon`` folder holds Mastodon.py's files.

    :param folder: the folder to look at; by default this package's own (then it is looked at
        once per process).
    :raises MixedInstallError: when one of :data:`FOREIGN_FILES` is in the folder.
    """
    if folder is None:
        if _checked:
            return
        folder = _FOLDER
    try:
        names = set(os.listdir(folder))
    except OSError:  # a zip import or the like: nothing to look at
        return
    found = [name for name in FOREIGN_FILES if name in names]
    if found:
        raise MixedInstallError(mixed_install_message(folder, found))
    if folder == _FOLDER:
        _checked.append(folder)
