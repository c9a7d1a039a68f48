"""Credential files: the format written by create_app / log_in and read back by the constructor.

A client credential file holds, one per line: client id, client secret, API base URL.
A user credential file holds: access token, API base URL, then (when known) the client id
and client secret. Files of the classic interface (one or two lines) read fine; the base
URL line is what lets a script build a client from the files alone.
"""

from __future__ import annotations

import os
import tempfile
from typing import List, NamedTuple, Optional, Union

from .errors import MastodonFileNotFoundError, MastodonIllegalArgumentError

__all__ = ["ClientCredentials", "UserCredentials", "read_client_file", "read_user_file", "write_lines",
           "is_credential_file"]

PathLike = Union[str, "os.PathLike[str]"]


class ClientCredentials(NamedTuple):
    client_id: str
    client_secret: Optional[str]
    api_base_url: Optional[str]


class UserCredentials(NamedTuple):
    access_token: str
    api_base_url: Optional[str]
    client_id: Optional[str]
    client_secret: Optional[str]


def is_credential_file(value: object) -> bool:
    """True when ``value`` names an existing file (so it is read, not used as a secret)."""
    if isinstance(value, os.PathLike):
        return True
    return isinstance(value, str) and 0 < len(value) < 4096 and "\n" not in value and os.path.isfile(value)


def _read_lines(path: PathLike, what: str) -> List[str]:
    try:
        with open(path, "r", encoding="utf-8") as f:
            lines = [line.strip() for line in f.read().splitlines()]
    except FileNotFoundError as e:
        raise MastodonFileNotFoundError(f"{what} file not found: {os.fspath(path)!r}") from e
    except (OSError, UnicodeDecodeError) as e:
        raise MastodonFileNotFoundError(f"cannot read {what} file {os.fspath(path)!r}: {e}") from e
    while lines and not lines[-1]:
        lines.pop()
    if not lines or not lines[0]:
        raise MastodonIllegalArgumentError(f"{what} file {os.fspath(path)!r} is empty")
    return lines


def _line(lines: List[str], index: int) -> Optional[str]:
    return lines[index] if len(lines) > index and lines[index] else None


def read_client_file(path: PathLike) -> ClientCredentials:
    """Read a client credential file written by ``create_app(..., to_file=...)``."""
    lines = _read_lines(path, "client credential")
    return ClientCredentials(lines[0], _line(lines, 1), _line(lines, 2))


def read_user_file(path: PathLike) -> UserCredentials:
    """Read a user credential file written by ``log_in(..., to_file=...)``."""
    lines = _read_lines(path, "user credential")
    return UserCredentials(lines[0], _line(lines, 1), _line(lines, 2), _line(lines, 3))


def write_lines(path: PathLike, lines: List[Optional[str]]) -> None:
    """Write credential lines atomically, readable by the owner only (mode 0600).

    The text goes to a private temporary file in the same directory, which then replaces
    ``path`` in one step: a crash never leaves a half-written or world-readable file.
    """
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    text = "".join((line or "") + "\n" for line in lines)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".mastodon-cred-", dir=directory)
    except OSError as e:
        raise MastodonFileNotFoundError(f"cannot write credentials to {target!r}: {e}") from e
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise MastodonFileNotFoundError(f"cannot write credentials to {target!r}: {e}") from e
        raise
