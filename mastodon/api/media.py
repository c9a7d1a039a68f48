"""Media attachments: uploading, updating and reading."""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Dict, Iterator, Mapping, Optional, Sequence, Tuple, Union

from ..core.params import IdLike, path_id, unpack_id
from ..core.uploads import FileSource, Upload, open_upload
from ..core.values import AttribAccessDict
from ..core.versions import api_version
from ..errors import MastodonAPIError, MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import MediaAttachment

__all__ = ["MediaMixin", "FocusLike", "focus_param", "opened_uploads"]

log = logging.getLogger("mastodon.media")

#: A focal point: an ``(x, y)`` pair, a ``{"x": .., "y": ..}`` dict (as in ``meta.focus``) or ``"x,y"`` text.
FocusLike = Union[Tuple[float, float], Sequence[float], Mapping[str, float], str]

#: Mastodon 3.1.3 added the asynchronous upload endpoint (POST /api/v2/media).
_V2_MEDIA = "3.1.3"


def focus_param(focus: Optional[FocusLike]) -> Optional[str]:
    """The ``focus`` form value (``"x,y"``) for a focal point, each coordinate within [-1, 1]."""
    if focus is None:
        return None
    if isinstance(focus, str):
        parts: Sequence[Any] = focus.split(",")
        try:
            parts = [float(p) for p in parts]
        except ValueError:
            parts = []
    elif isinstance(focus, Mapping):
        parts = [focus.get("x"), focus.get("y")]
    else:
        try:
            parts = list(focus)
        except TypeError:
            parts = []
    if len(parts) != 2 or not all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in parts):
        raise MastodonIllegalArgumentError(f"focus must be an (x, y) pair of numbers; got {focus!r}")
    x, y = (float(p) for p in parts)
    if not (-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0):
        raise MastodonIllegalArgumentError(f"focus coordinates must lie between -1.0 and 1.0; got {focus!r}")
    return f"{x:g},{y:g}"


@contextmanager
def opened_uploads(**sources: Optional[Tuple[Any, Optional[str], Optional[str]]]) -> Iterator[Dict[str, Upload]]:
    """Open the uploads given as ``field=(source, mime_type, file_name)`` (None: no such field).

    Yields ``{field: Upload}`` for the request's ``files`` and closes every file it opened on
    the way out, whatever happens. A missing file raises :class:`MastodonFileNotFoundError`
    before anything is sent.
    """
    files: Dict[str, Upload] = {}
    try:
        for field, spec in sources.items():
            if spec is None or spec[0] is None:
                continue
            source, mime_type, file_name = spec
            files[field] = open_upload(source, mime_type, file_name, what=field)
        yield files
    finally:
        for upload in files.values():
            upload.close()


def _processing(attachment: Any) -> bool:
    """Whether a media attachment answer says the full-size file is still being processed."""
    return not isinstance(attachment, Mapping) or attachment.get("url") is None


class MediaMixin:
    """Media attachment endpoints: upload a file, then pass its id as ``status_post(media_ids=...)``."""

    _api_request: Any
    _newer_or_older: Any

    #: ``media_post(synchronous=True)`` waits this long (seconds) before its first check of the upload...
    media_poll_interval: float = 0.5
    #: ...then multiplies the wait by this factor after each check...
    media_poll_backoff: float = 1.5
    #: ...never waiting longer than this between two checks...
    media_poll_max_interval: float = 5.0
    #: ...and gives up (raising MastodonAPIError) once the media is still unprocessed after this many seconds.
    media_poll_timeout: float = 300.0

    @api_version("3.1.4", "3.1.4")
    def media(self, id: IdLike) -> MediaAttachment:
        """Read one of your media attachments before it is posted (``GET /api/v1/media/:id``).

        Useful to learn whether the server has finished processing an upload: while it works,
        the attachment's ``url`` is None (the server answers 206).

        :param id: the media attachment (id or MediaAttachment).
        :returns: the MediaAttachment.
        """
        return self._api_request("GET", f"/api/v1/media/{path_id(id)}")

    @api_version("1.0.0", "3.2.0")
    def media_post(self, media_file: FileSource, mime_type: Optional[str] = None, description: Optional[str] = None,
                   focus: Optional[FocusLike] = None, file_name: Optional[str] = None,
                   thumbnail: Optional[FileSource] = None, thumbnail_mime_type: Optional[str] = None,
                   synchronous: bool = False) -> MediaAttachment:
        """Upload an image, video or audio file to attach to a status later.

        Uses ``POST /api/v2/media`` on servers that have it (Mastodon 3.1.3 and later) and
        ``POST /api/v1/media`` on older ones; when the server's version cannot be learned,
        v2 is tried first and v1 used if the server answers 404. Files are streamed from
        disk, not read into memory.

        :param media_file: the file: a path (str or ``pathlib.Path``), ``bytes``, or a file
            object opened in binary mode.
        :param mime_type: its MIME type, e.g. ``"image/png"``; guessed from the content and
            the file name when not given.
        :param description: alt text for people who cannot see or hear the media.
        :param focus: the focal point used when cropping previews: ``(x, y)`` with both
            between -1.0 and 1.0 (``(0, 0)`` is the centre, ``(-1, 1)`` the top left).
        :param file_name: the file name sent to the server (default: the file's own name,
            or a generated one for bytes).
        :param thumbnail: a custom preview image for videos and audio (same forms as
            ``media_file``; Mastodon 3.2.0+).
        :param thumbnail_mime_type: the thumbnail's MIME type, guessed when not given.
        :param synchronous: wait until the server has processed the file. The v2 endpoint
            answers before large files (videos, audio) are processed, with ``url`` None; with
            ``synchronous=True`` the attachment is polled with ``GET /api/v1/media/:id``,
            waiting :attr:`media_poll_interval` seconds at first and :attr:`media_poll_backoff`
            times longer after each check (at most :attr:`media_poll_max_interval`), for at
            most :attr:`media_poll_timeout` seconds (default 300) in total. Still unprocessed
            then, it raises :class:`MastodonAPIError` whose ``media`` attribute is the last
            answer (the upload itself stays on the server).
        :returns: the MediaAttachment; its ``id`` goes into ``status_post(media_ids=...)``.
        :raises MastodonFileNotFoundError: when a path given does not exist.
        """
        params = {"description": description, "focus": focus_param(focus)}
        with opened_uploads(file=(media_file, mime_type, file_name),
                            thumbnail=(thumbnail, thumbnail_mime_type, None)) as files:
            attachment = self._newer_or_older(
                _V2_MEDIA, lambda: self._api_request("POST", "/api/v2/media", params, files=files),
                lambda: self._api_request("POST", "/api/v1/media", params, files=files), "media_upload")
        if synchronous and _processing(attachment):
            attachment = self._wait_for_media(attachment)
        return attachment

    def _wait_for_media(self, attachment: AttribAccessDict) -> AttribAccessDict:
        """Poll an uploaded attachment until it has a ``url``, within the media_poll_* bounds."""
        media_id = unpack_id(attachment, name="media")
        started = time.monotonic()
        deadline = started + self.media_poll_timeout
        delay = self.media_poll_interval
        latest = attachment
        while True:
            now = time.monotonic()
            if now >= deadline:
                error = MastodonAPIError(
                    f"media {media_id} was still being processed after {now - started:.1f} s "
                    f"(media_poll_timeout={self.media_poll_timeout}); read it later with media()",
                    206, "Partial Content", "media still processing")
                error.media = latest  # type: ignore[attr-defined]
                raise error
            time.sleep(min(delay, deadline - now))
            answer = self._api_request("GET", f"/api/v1/media/{path_id(media_id)}")
            if answer is not None:
                latest = answer
            if not _processing(answer):
                return answer
            delay = min(delay * self.media_poll_backoff, self.media_poll_max_interval)

    @api_version("2.3.0", "3.2.0")
    def media_update(self, id: IdLike, description: Optional[str] = None, focus: Optional[FocusLike] = None,
                     thumbnail: Optional[FileSource] = None,
                     thumbnail_mime_type: Optional[str] = None) -> MediaAttachment:
        """Change an uploaded attachment before it is posted (``PUT /api/v1/media/:id``).

        Only what is given is changed. To change the media of a status that is already
        posted, use :meth:`status_update` with ``media_attributes``.

        :param id: the media attachment (id or MediaAttachment).
        :param description: new alt text.
        :param focus: new focal point, ``(x, y)`` as for :meth:`media_post`.
        :param thumbnail: a new custom preview image (path, bytes or binary file object).
        :param thumbnail_mime_type: the thumbnail's MIME type, guessed when not given.
        :returns: the updated MediaAttachment.
        """
        params = {"description": description, "focus": focus_param(focus)}
        with opened_uploads(thumbnail=(thumbnail, thumbnail_mime_type, None)) as files:
            return self._api_request("PUT", f"/api/v1/media/{path_id(id)}", params, files=files or None)

    @api_version("4.4.0", "4.4.0", 4)
    def media_delete(self, id: IdLike) -> None:
        """Delete an uploaded attachment that is not attached to a status (``DELETE /api/v1/media/:id``).

        :param id: the media attachment (id or MediaAttachment).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/media/{path_id(id)}")
