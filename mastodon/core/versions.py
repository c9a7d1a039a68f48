"""Server versions: parsing version strings of Mastodon and compatible servers, and the version check."""

from __future__ import annotations

import re
import threading
from typing import Any, Callable, Dict, Mapping, NamedTuple, Optional, Tuple, TypeVar, cast

from ..errors import MastodonIllegalArgumentError, MastodonNotFoundError, MastodonVersionError
from .casting import call_declared as _call_declared
from .casting import copy_names

__all__ = ["ServerVersion", "parse_version", "api_version", "VERSION_CHECK_MODES", "FEATURE_SETS"]

VERSION_CHECK_MODES = ("created", "changed", "none")
FEATURE_SETS = ("mainline", "fedibird", "pleroma")

_F = TypeVar("_F", bound=Callable[..., Any])
_R = TypeVar("_R")

# Patterns, not compiled regexes: ``re`` compiles them on first use and caches them, which keeps
# their compilation out of ``import mastodon``. Both run in linear time: no two neighbouring
# quantifiers can match the same characters.
_VERSION_PATTERN = r"\s*v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?"
#: More digits than this in one part is no version anyone runs (and int() refuses > 4300 digits).
_MAX_PART_DIGITS = 9
#: A software name as version strings write it ("Pleroma", "snac", "takahe", "hometown").
_NAME_PATTERN = r"[A-Za-z][A-Za-z0-9_]*"


class ServerVersion(NamedTuple):
    """A parsed server version: the Mastodon version it claims, and what it really is."""

    major: int
    minor: int
    patch: int
    #: The software behind the Mastodon-compatible API: "mastodon", "glitch", "gotosocial",
    #: "pleroma", "akkoma", ... (lowercase; "mastodon" when nothing else is recognisable).
    software: str = "mastodon"
    #: The software's own version where the string carries one (GoToSocial, Pleroma), else "".
    software_version: str = ""
    #: Whether ``major.minor.patch`` is a Mastodon(-compatible) version. False where the string
    #: carries only the software's own number ("takahe/0.11.0", "0.17.3 git-abcdef") or disowns
    #: the number it shows ("4.0.0 (not true; really snac/2.94)"): version checks then refuse nothing.
    mastodon_compatible: bool = True

    @property
    def triple(self) -> Tuple[int, int, int]:
        return (self.major, self.minor, self.patch)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def _leading_triple(text: str) -> Optional[Tuple[int, int, int]]:
    """The ``major.minor.patch`` a version string starts with, or None."""
    m = re.match(_VERSION_PATTERN, text)
    if m is None or any(g and len(g) > _MAX_PART_DIGITS for g in m.groups()):
        return None
    return cast(Tuple[int, int, int], tuple(int(g) if g else 0 for g in m.groups()))


def _name_and_version(text: str) -> Tuple[str, str]:
    """``("pleroma", "2.5.0")`` from ``"Pleroma 2.5.0"`` or ``"snac/2.94"``: a name, then a version."""
    text = text.strip()
    name = re.match(_NAME_PATTERN, text)
    if name is None:
        return "", ""
    rest = text[name.end():].lstrip(" /-_")
    return name.group(0).lower(), rest.split(None, 1)[0] if rest else ""


def parse_version(text: str) -> ServerVersion:
    """Parse the ``version`` of an instance entity, in time linear in its length whatever its shape.

    Understands plain Mastodon versions ("4.3.0", "4.3.0-beta.2", "4.0.0rc1"), forks with a
    suffix ("4.2.0+glitch", "4.1.2+hometown-1.1.1", "1.0.5+3.5.2" of older Hometown),
    GoToSocial ("3.5.3+v0.20.0-rc1-8-g57cb4fe74"; older: "0.17.3 git-abcdef"), servers
    announcing compatibility ("2.7.2 (compatible; Pleroma 2.5.0)") or disowning it
    ("4.0.0 (not true; really snac/2.94)"), and a bare ``name/version`` ("takahe/0.11.0").
    A plain number ("0.10.0", as Hollo reports) reads as a Mastodon version: only the
    server's nodeinfo can tell otherwise (see ``mastodon.core.servers.describe_server``).
    Raises :class:`MastodonVersionError` when there is no version number in ``text``.
    """
    if not isinstance(text, str):
        raise MastodonVersionError(f"server version is not a string: {text!r}")
    triple = _leading_triple(text)
    if triple is None:
        software, own = _name_and_version(text)
        own_triple = _leading_triple(own) if software and own and "/" in text else None
        if own_triple is not None:
            return ServerVersion(*own_triple, software=software, software_version=own, mastodon_compatible=False)
        raise MastodonVersionError(f"cannot read a version number in {text[:100]!r}")
    lowered = text.lower()
    for marker, compatible in (("(compatible;", True), ("(not true;", False)):
        start = lowered.find(marker)
        if start >= 0:
            inside = text[start + len(marker):]
            end = inside.find(")")
            inside = inside[:end] if end >= 0 else inside
            if not compatible and inside.lstrip().lower().startswith("really "):
                inside = inside.lstrip()[len("really "):]
            software, own = _name_and_version(inside)
            if software:
                return ServerVersion(*triple, software, own, compatible)
    if " git-" in lowered:
        # Older GoToSocial: its own version and the commit, no Mastodon number.
        return ServerVersion(*triple, "gotosocial", text.strip(), False)
    if "+" in text:
        suffix = text.split("+", 1)[1].strip()
        if suffix[:1] in ("v", "V") and suffix[1:2].isdigit():
            # GoToSocial puts its own version (from git describe) after the '+'.
            return ServerVersion(*triple, "gotosocial", suffix[1:])
        if suffix[:1].isdigit():
            # Older Hometown: its own version first, the Mastodon version it is based on after the '+'.
            base = _leading_triple(suffix)
            own = text.split("+", 1)[0].strip()
            if base is not None:
                return ServerVersion(*base, "hometown", own.lstrip("vV"))
        software, own = _name_and_version(suffix)
        if software:
            return ServerVersion(*triple, software, own)
    return ServerVersion(*triple)


#: Software names (nodeinfo ``software.name``, lower case) of Mastodon and its forks.
MASTODON_FAMILY = frozenset(("mastodon", "glitch", "glitch-soc", "glitchsoc", "hometown", "fedibird", "kmyblue",
                             "chuckya", "mastodon-glitch"))

#: Software whose repository name in ``source_url`` identifies it where its version string cannot.
_SOURCE_NAMES = frozenset(("hollo", "takahe", "gotosocial", "snac", "snac2", "pleroma", "akkoma", "pixelfed",
                           "friendica", "sharkey", "misskey", "iceshrimp", "firefish", "mitra", "bookwyrm"))

def _software_from_source_url(url: Any) -> Optional[str]:
    """``"hollo"`` from ``https://github.com/fedify-dev/hollo``: the software a repository URL names."""
    if not isinstance(url, str) or not url:
        return None
    name = url.rstrip("/").rsplit("/", 1)[-1].lower()
    if name.endswith(".git"):
        name = name[:-4]
    return ("snac" if name == "snac2" else name) if name in _SOURCE_NAMES else None


def version_from_instance(instance: Mapping[str, Any], software: Optional[str] = None,
                          software_version: Optional[str] = None) -> ServerVersion:
    """The :class:`ServerVersion` an instance entity gives, corrected by what else is known.

    ``software``/``software_version`` come from nodeinfo when it was read; otherwise the
    instance's ``source_url`` may name the software. A plain number that is the software's own
    version (Hollo's ``0.10.0``) is then not taken for a Mastodon version.
    """
    version = parse_version(instance.get("version"))  # type: ignore[arg-type]
    named = software or _software_from_source_url(instance.get("source_url"))
    if named is None or named in MASTODON_FAMILY or named == version.software:
        return version
    if version.software != "mastodon" or not version.mastodon_compatible:
        return version._replace(software=named)
    # A bare number from a server that is not Mastodon: its own version, unless nodeinfo says otherwise.
    own = (software_version or "").strip()
    plain = str(instance.get("version", "")).strip().lstrip("vV")
    if not own or own.lstrip("vV") == plain or own.startswith(str(version)):
        return version._replace(software=named, software_version=own or plain, mastodon_compatible=False)
    return version._replace(software=named, software_version=own)


_VERSION_TUPLES: Dict[str, Tuple[int, int, int]] = {}


def version_tuple(text: str) -> Tuple[int, int, int]:
    """``"4.2"`` -> ``(4, 2, 0)``; raises :class:`MastodonIllegalArgumentError` for non-versions."""
    known = _VERSION_TUPLES.get(text) if isinstance(text, str) else None
    if known is not None:
        return known
    m = re.match(_VERSION_PATTERN, text) if isinstance(text, str) else None
    if m is None or any(g and len(g) > _MAX_PART_DIGITS for g in m.groups()):
        raise MastodonIllegalArgumentError(f"not a version string: {str(text)[:100]!r}")
    result = cast(Tuple[int, int, int], tuple(int(g) if g else 0 for g in m.groups()))
    if len(_VERSION_TUPLES) < 256:  # a few dozen versions appear in decorators; callers' strings are bounded
        _VERSION_TUPLES[text] = result
    return result


def api_version(created: str, last_changed: Optional[str] = None, api: Optional[int] = None) -> Callable[[_F], _F]:
    """Mark an endpoint method with the Mastodon version that added it (and last changed it).

    The method's results are cast to its return annotation (evaluated on the first call, see
    :func:`mastodon.core.casting.resolve_return_hint`): ``-> Status`` makes the answer a
    :class:`~mastodon.return_types.Status` with typed nested fields.

    Under ``version_check_mode="created"`` a call on a server older than ``created`` raises
    :class:`MastodonVersionError`; under ``"changed"`` the bar is ``last_changed``; ``"none"``
    checks nothing. ``api`` is the ``api_versions.mastodon`` number that also satisfies the
    check (servers that report it are believed over their version string). The versions are
    kept on the function as ``_mastodon_version`` for documentation and tooling.
    """
    created_t = version_tuple(created)
    changed_t = version_tuple(last_changed) if last_changed else created_t

    def decorate(func: _F) -> _F:
        name = func.__name__
        # The return annotation, evaluated and turned into a caster on the first call (see
        # mastodon.core.casting.call_declared).
        typing_state: list = []

        def checked(self: Any, *args: Any, **kwargs: Any) -> Any:
            mode = self.version_check_mode
            if mode != "none":
                self._check_version(name, changed_t if mode == "changed" else created_t, api)
            return _call_declared(checked, typing_state, func, self, *args, **kwargs)

        mark_endpoint(checked, func, created, last_changed, api)
        return cast(_F, checked)

    return decorate


def mark_endpoint(wrapper: Any, func: Any, created: str, last_changed: Optional[str], api: Optional[int]) -> None:
    """Make ``wrapper`` stand for the endpoint method ``func`` (sync or coroutine): its names, the
    versions as ``_mastodon_version`` and the "Added in Mastodon ..." line of its docstring."""
    copy_names(wrapper, func)
    wrapper._mastodon_version = (created, last_changed or created, api)
    doc = func.__doc__ or ""
    note = f"Added in Mastodon {created}" + (
        f", last changed in {last_changed}." if last_changed and last_changed != created else ".")
    wrapper.__doc__ = doc if "Added in Mastodon" in doc else _append_to_docstring(doc, note)


def _append_to_docstring(doc: str, line: str) -> str:
    """Add a paragraph at the end of a docstring, indented like the docstring's body.

    Runs once per endpoint method at import time, so it only looks at the docstring's end:
    the closing quotes' line holds the body's indentation.
    """
    if not doc:
        return line
    body = doc.rstrip(" ")
    indent = len(doc) - len(body) if body.endswith("\n") else 0
    return body.rstrip() + "\n\n" + " " * indent + line + "\n" + " " * indent


class VersionMixin:
    """The server-version state of a client and the methods that read and check it."""

    version_check_mode: str
    mastodon_major: int = 1
    mastodon_minor: int = 0
    mastodon_patch: int = 0
    #: True once the version is known (given or looked up), False after a failed lookup,
    #: None before anything was tried.
    version_check_worked: Optional[bool] = None
    #: ``api_versions.mastodon`` of the instance (Mastodon 4.3+), when known.
    mastodon_api_version: Optional[int] = None
    #: The parsed version, with the software behind it (see :class:`ServerVersion`).
    server_version: Optional[ServerVersion] = None
    _version_error: Optional[BaseException] = None

    @staticmethod
    def get_supported_version() -> str:
        """The newest Mastodon version whose API this library follows, e.g. ``"4.6.0"``."""
        from ..defaults import _SUPPORTED_MASTODON_VERSION
        return _SUPPORTED_MASTODON_VERSION

    def _set_version(self, version: ServerVersion, api: Optional[int] = None) -> None:
        self.server_version = version
        self.mastodon_major, self.mastodon_minor, self.mastodon_patch = version.triple
        self.mastodon_api_version = api
        self.version_check_worked = True
        self._version_error = None

    def retrieve_mastodon_version(self, fail_hard: bool = False) -> str:
        """Ask the server for its version and remember it for version checks.

        Reads the v2 instance entity (falling back to v1 on older servers), parses its
        ``version`` (forks and compatible servers included, see :func:`parse_version`; the
        instance's ``source_url`` tells software such as Hollo, whose plain number is its own)
        and ``api_versions``. Software that reports no Mastodon version is never refused by
        version checks.

        :param fail_hard: raise :class:`MastodonVersionError` (chained to the cause) when the
            lookup fails; otherwise the failure is remembered, ``"1.0.0"`` is returned, and
            later version checks raise with the original error attached.
        :returns: the version as ``"major.minor.patch"``.
        """
        from ..errors import MastodonAPIError, MastodonError
        try:
            try:
                instance = self._api_request("GET", "/api/v2/instance")  # type: ignore
            except MastodonAPIError:
                instance = self._api_request("GET", "/api/v1/instance")  # type: ignore
            if not isinstance(instance, dict) or "version" not in instance:
                raise MastodonVersionError("the instance entity has no version")
            version = version_from_instance(instance)
            api_versions = instance.get("api_versions")
            api = api_versions.get("mastodon") if isinstance(api_versions, dict) else None
            self._set_version(version, api if isinstance(api, int) and not isinstance(api, bool) else None)
        except MastodonError as e:
            self.version_check_worked = False
            self._version_error = e
            self.mastodon_major, self.mastodon_minor, self.mastodon_patch = 1, 0, 0
            if fail_hard:
                raise MastodonVersionError(f"could not determine the server version: {e}") from e
            return "1.0.0"
        return str(version)

    def verify_minimum_version(self, version_str: str, cached: bool = False) -> bool:
        """Whether the server runs at least ``version_str`` (e.g. ``"4.0.0"``).

        :param version_str: the lowest acceptable version, as ``"major.minor.patch"``.
        :param cached: use the version already known instead of asking the server again
            (it is asked anyway when nothing is known yet).
        :returns: False also when the version cannot be determined, and for software that
            reports no Mastodon version (see :meth:`~mastodon.Mastodon.server_info`).
        """
        wanted = version_tuple(version_str)
        if not cached or self.version_check_worked is None:
            self.retrieve_mastodon_version()
        if not self.version_check_worked or (self.server_version is not None
                                             and not self.server_version.mastodon_compatible):
            return False
        return (self.mastodon_major, self.mastodon_minor, self.mastodon_patch) >= wanted

    def _known_version(self) -> Optional[Tuple[int, int, int]]:
        """The server version if known, looking it up once if it never was; None if unknowable.

        Threads sharing a client wait for one lookup rather than each making their own.
        """
        if self.version_check_worked is None:
            # dict.setdefault is atomic: every thread gets the same lock for this client.
            with self.__dict__.setdefault("_version_lookup_lock", threading.Lock()):
                if self.version_check_worked is None:
                    self.retrieve_mastodon_version()
        if not self.version_check_worked:
            return None
        return (self.mastodon_major, self.mastodon_minor, self.mastodon_patch)

    def _version_if_known(self) -> Optional[Tuple[int, int, int]]:
        """The server version when it is already known (given, or looked up before); never asks.

        None also for software that reports no Mastodon version: its own number says nothing
        about which Mastodon endpoints it has.
        """
        if not self.version_check_worked or (self.server_version is not None
                                             and not self.server_version.mastodon_compatible):
            return None
        return (self.mastodon_major, self.mastodon_minor, self.mastodon_patch)

    def _newer_or_older(self, since: str, newer: Callable[[], _R], older: Callable[[], _R], name: str) -> _R:
        """Call an endpoint where the server has it (``newer``, added in ``since``), else its predecessor.

        A known version decides. Otherwise ``newer`` is tried: a 404 sends this call, and the
        following ones until :meth:`clear_caches`, to ``older``. No separate version lookup is
        made. ``name`` keys what was learned in the client's cache.
        """
        known = self._version_if_known()
        if known is not None:
            return newer() if known >= version_tuple(since) else older()
        cache_key = "no_newer_" + name
        cache: Dict[str, Any] = self._cache  # type: ignore[attr-defined]
        if cache.get(cache_key):
            return older()
        try:
            return newer()
        except MastodonNotFoundError:
            cache[cache_key] = True
            return older()

    def _check_parameter_version(self, name: str, added: str, api: Optional[int] = None) -> None:
        """Version-check one parameter (added in ``added``), as ``api_version`` checks whole methods."""
        if self.version_check_mode != "none":
            self._check_version(name, version_tuple(added), api)

    def _check_version(self, name: str, required: Tuple[int, int, int], api: Optional[int]) -> None:
        known = self._known_version()
        if known is None:
            raise MastodonVersionError(
                f"{name}: cannot check the server version ({self._version_error})") from self._version_error
        if api is not None and self.mastodon_api_version is not None and self.mastodon_api_version >= api:
            return
        if self.server_version is not None and not self.server_version.mastodon_compatible:
            return  # software with no Mastodon version is never refused by a guess: the server answers
        if known < required:
            need = ".".join(map(str, required))
            raise MastodonVersionError(
                f"{name} needs Mastodon {need}" + (f" (API version {api})" if api else "") +
                f"; the server reports {self.server_version and self.server_version.software} "
                f"{'.'.join(map(str, known))}")
