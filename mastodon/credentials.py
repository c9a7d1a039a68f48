"""Credential files: the format written by create_app / log_in and read back by the constructor.

The layouts are Mastodon.py 2.x's, so files move between the two libraries:

- a client credential file (``create_app(to_file=...)``) holds, one per line: client id,
  client secret, API base URL, app name. Older files with only the first two or three
  lines read fine.
- a user credential file (``log_in(to_file=...)``, ``persistable_login_credentials()``)
  holds: access token, API base URL, client id, client secret. Files with only the token,
  or the token and the base URL, read fine; an empty line stands for an unknown value.

How a constructor argument is told apart from a secret: a ``pathlib`` path is always a file;
a string is a file when it names an existing file, or when it looks like a path (it contains
``/`` or ``\\``, or ends in ``.secret`` or ``.txt``), in which case a missing file is
reported as :class:`MastodonFileNotFoundError` instead of being sent to a server. Tokens and
client ids of Mastodon-API servers never contain either (they are URL-safe base64, hex or
JWTs), so nothing real is mistaken for a path.
"""

from __future__ import annotations

import os
import tempfile
from typing import List, NamedTuple, Optional, Sequence, Union

from .errors import MastodonAPIError, MastodonFileNotFoundError, MastodonIllegalArgumentError

__all__ = ["ClientCredentials", "UserCredentials", "read_client_file", "read_user_file", "parse_user_text",
           "write_lines", "is_credential_file", "user_credential_lines", "client_credential_lines", "clean_secret",
           "clean_credentials", "app_credentials"]

PathLike = Union[str, "os.PathLike[str]"]

#: File name endings that mark a string as a path even when no such file exists.
_PATH_SUFFIXES = (".secret", ".txt")
#: Credential files are a few hundred bytes; anything much larger is not one.
_MAX_FILE_CHARS = 64 * 1024


class ClientCredentials(NamedTuple):
    client_id: str
    client_secret: Optional[str]
    api_base_url: Optional[str]
    app_name: Optional[str] = None


class UserCredentials(NamedTuple):
    access_token: str
    api_base_url: Optional[str]
    client_id: Optional[str]
    client_secret: Optional[str]


def is_credential_file(value: object) -> bool:
    """True when a constructor argument names a credential file (to read) rather than a secret.

    See the module docstring for the rule; a missing file that looks like a path counts as
    a file, so reading it reports it missing.
    """
    if isinstance(value, os.PathLike):
        return True
    if not isinstance(value, str) or not value or len(value) >= 4096 or "\n" in value or "\0" in value:
        return False
    if "/" in value or "\\" in value or value.lower().endswith(_PATH_SUFFIXES):
        return True
    return os.path.isfile(value)


def _split_lines(text: str, what: str, source: str) -> List[str]:
    if len(text) > _MAX_FILE_CHARS:
        raise MastodonIllegalArgumentError(f"{what} {source} is too large to be a credential file")
    lines = [line.strip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    if not lines or not lines[0]:
        raise MastodonIllegalArgumentError(f"{what} {source} is empty or starts with an empty line")
    return lines


def _read_lines(path: PathLike, what: str) -> List[str]:
    shown = repr(os.fspath(path))
    try:
        with open(path, "r", encoding="utf-8") as f:
            text = f.read(_MAX_FILE_CHARS + 1)
    except FileNotFoundError as e:
        raise MastodonFileNotFoundError(f"{what} file not found: {shown}") from e
    except UnicodeDecodeError as e:
        raise MastodonIllegalArgumentError(f"{what} file {shown} is not a credential file (not UTF-8 text)") from e
    except (OSError, ValueError) as e:
        raise MastodonFileNotFoundError(f"cannot read {what} file {shown}: {e.__class__.__name__}") from e
    return _split_lines(text, what, f"file {shown}")


def _check_word(lines: List[str], index: int, field: str, what: str, source: str) -> Optional[str]:
    """The value of one line, or None when absent; a value with blanks or control characters is refused."""
    value = lines[index] if len(lines) > index and lines[index] else None
    if value is not None and (any(c.isspace() or not c.isprintable() for c in value)):
        # The value is a secret: say where it is, never what it is.
        raise MastodonIllegalArgumentError(
            f"{what} {source} is malformed: line {index + 1} ({field}) contains blanks or control characters")
    return value


def _check_url(lines: List[str], index: int, what: str, source: str) -> Optional[str]:
    url = _check_word(lines, index, "API base URL", what, source)
    if url is not None and "://" in url and not url.lower().startswith(("http://", "https://")):
        raise MastodonIllegalArgumentError(
            f"{what} {source} is malformed: line {index + 1} should be the server's http(s) URL")
    return url


def clean_secret(value: object, field: str, error: type = MastodonIllegalArgumentError) -> Optional[str]:
    """A token, client id or secret as it is sent: surrounding whitespace removed, a number as its digits.

    None and the empty string stay None. A value with a line break, a control character or an
    inner blank, or one that is not ASCII text, can be no credential of a Mastodon-API server:
    it raises ``error`` (:class:`MastodonIllegalArgumentError` by default), whose message names
    the field and never shows the value.
    """
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a server that numbers its client ids
    if not isinstance(value, str):
        raise error(f"{field} must be text; got {type(value).__name__}")
    value = value.strip()
    if not value:
        return None
    if not value.isascii() or not value.isprintable() or " " in value:
        raise error(f"{field} contains a line break, a blank, a control or non-ASCII character: "
                    "it cannot be a credential (value not shown)")
    return value


def clean_credentials(client_id: Optional[str], client_secret: Optional[str],
                      access_token: Optional[str]) -> "tuple[Optional[str], Optional[str], Optional[str]]":
    """The constructor's credentials through :func:`clean_secret` (``MastodonIllegalArgumentError``)."""
    return (clean_secret(client_id, "client_id"), clean_secret(client_secret, "client_secret"),
            clean_secret(access_token, "access_token"))


def app_credentials(answer: object) -> "tuple[str, str]":
    """``(client_id, client_secret)`` of a server's app registration answer, cleaned.

    :raises MastodonAPIError: the answer lacks either, or holds one that cannot be a credential.
    """
    if not isinstance(answer, dict):
        raise MastodonAPIError("the server's app registration answer is not a JSON object")
    found = []
    for field in ("client_id", "client_secret"):
        value = clean_secret(answer.get(field), f"the server's {field}", MastodonAPIError)
        if value is None:
            raise MastodonAPIError(f"the server's app registration answer lacks {field}")
        found.append(value)
    return found[0], found[1]


def _client_from_lines(lines: List[str], source: str) -> ClientCredentials:
    what = "client credential"
    client_id = _check_word(lines, 0, "client id", what, source)
    secret = _check_word(lines, 1, "client secret", what, source)
    url = _check_url(lines, 2, what, source)
    name = lines[3] if len(lines) > 3 and lines[3] and lines[3].isprintable() else None
    return ClientCredentials(client_id, secret, url, name)  # type: ignore[arg-type]


def _user_from_lines(lines: List[str], source: str) -> UserCredentials:
    what = "user credential"
    token = _check_word(lines, 0, "access token", what, source)
    url = _check_url(lines, 1, what, source)
    client_id = _check_word(lines, 2, "client id", what, source)
    secret = _check_word(lines, 3, "client secret", what, source)
    return UserCredentials(token, url, client_id, secret)  # type: ignore[arg-type]


def read_client_file(path: PathLike) -> ClientCredentials:
    """Read a client credential file written by ``create_app(..., to_file=...)`` (either layout).

    :raises MastodonFileNotFoundError: the file does not exist or cannot be read.
    :raises MastodonIllegalArgumentError: the file is empty, too large or malformed.
    """
    return _client_from_lines(_read_lines(path, "client credential"), f"file {os.fspath(path)!r}")


def read_user_file(path: PathLike) -> UserCredentials:
    """Read a user credential file written by ``log_in(..., to_file=...)`` (either layout).

    :raises MastodonFileNotFoundError: the file does not exist or cannot be read.
    :raises MastodonIllegalArgumentError: the file is empty, too large or malformed.
    """
    return _user_from_lines(_read_lines(path, "user credential"), f"file {os.fspath(path)!r}")


def parse_user_text(text: str) -> UserCredentials:
    """Read the text of a user credential file, as ``persistable_login_credentials()`` returns it.

    That text always names the server with its scheme on line 2, which tells it from a token
    that merely holds a line break (refused, without showing any of it).

    :raises MastodonIllegalArgumentError: the text is empty, too large or malformed.
    """
    lines = _split_lines(text, "user credential", "text")
    if len(lines) > 1 and lines[1] and "://" not in lines[1]:
        raise MastodonIllegalArgumentError(
            "access_token holds a line break but is no user credential text (line 2 is not the server's "
            "URL): a token cannot hold line breaks (value not shown)")
    return _user_from_lines(lines, "text")


def _text(lines: Sequence[Optional[str]]) -> str:
    """Lines as the text of a credential file: one per line, None as an empty line."""
    return "".join((line or "") + "\n" for line in lines)


def user_credential_lines(access_token: str, api_base_url: str, client_id: Optional[str],
                          client_secret: Optional[str]) -> str:
    """The text of a user credential file: token, base URL, client id, client secret, one per line.

    The credentials go through :func:`clean_secret` (a number becomes text; a line break, which
    would shift every later line, is refused before anything is written).
    """
    return _text((clean_secret(access_token, "access_token"), api_base_url, clean_secret(client_id, "client_id"),
                  clean_secret(client_secret, "client_secret")))


def client_credential_lines(client_id: str, client_secret: str, api_base_url: str, app_name: Optional[str]) -> str:
    """The text of a client credential file: client id, client secret, base URL, app name, one per line.

    The credentials go through :func:`clean_secret`, as in :func:`user_credential_lines`.
    """
    name = " ".join((app_name or "").split())  # one line, whatever the name held
    return _text((clean_secret(client_id, "client_id"), clean_secret(client_secret, "client_secret"), api_base_url,
                  name))


def write_lines(path: PathLike, text: Union[str, List[Optional[str]]]) -> None:
    """Write a credential file atomically, readable by the owner only (mode 0600).

    ``text`` is the whole text, or a list of lines (None for an unknown value). It goes to a
    private temporary file in the same directory, which then replaces ``path`` in one step:
    a crash or a failed write leaves the previous file as it was, never a half-written or
    world-readable one.
    """
    if not isinstance(text, str):
        text = _text(text)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:  # lone surrogates: checked before the old file is touched
        raise MastodonIllegalArgumentError(
            f"the credentials hold a character that cannot be written as UTF-8 (position {e.start})") from None
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".mastodon-cred-", dir=directory)
    except OSError as e:
        raise MastodonFileNotFoundError(f"cannot write credentials to {target!r}: {e}") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
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
