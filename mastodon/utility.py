"""Client utilities: language, server time, caches, status length, blurhash decoding."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from .core.ratelimit import parse_http_date
from .errors import MastodonAPIError, MastodonIllegalArgumentError

__all__ = ["UtilityMixin"]


class UtilityMixin:
    """Helpers that are not endpoints of their own."""

    lang: Optional[str]
    _cache: Dict[str, Any]
    version_check_worked: Optional[bool]

    def set_language(self, lang: Optional[str]) -> None:
        """Ask the server for answers in ``lang`` (an ISO 639 code, sent as ``Accept-Language``).

        Affects texts the server translates (error messages, rules, ...).

        :param lang: a language code such as ``"de"`` or ``"pt-BR"``; None stops sending the header.
        :returns: None.
        """
        self.lang = lang
        self._build_headers()  # type: ignore[attr-defined]

    def clear_caches(self) -> None:
        """Forget what was cached about the server: version, OAuth metadata, streaming URL, instance kind.

        A version given to the constructor as ``mastodon_version`` is kept.
        """
        self._cache.clear()
        if getattr(self, "_version_given", False) is False:
            self.version_check_worked = None

    def get_approx_server_time(self) -> datetime:
        """The server's current time, read from the ``Date`` header of ``HEAD /`` on the server.

        Latency is not compensated for. The token is not sent with this request, and any
        status the server answers with will do, as long as it says the time.

        :returns: a timezone-aware ``datetime`` in UTC (second resolution).
        :raises MastodonAPIError: when the answer has no usable ``Date`` header.
        """
        headers = self._headers_without_token()  # type: ignore[attr-defined]
        url = self.api_base_url + "/"  # type: ignore[attr-defined]
        response = self._http("HEAD", url, headers)  # type: ignore[attr-defined]
        date = response.headers.get("Date")
        when = parse_http_date(date) if date is not None else None
        if when is None:
            raise MastodonAPIError(f"HEAD {url}: no server time in the answer (Date: {date!r})",
                                   response.status_code, response.reason, None, method="HEAD", url=url)
        return datetime.fromtimestamp(when, timezone.utc)

    @staticmethod
    def get_status_length(text: str, spoiler_text: str = "") -> int:
        """How many characters of the server's limit a status would use.

        Counts like Mastodon: each link as 23 characters (only what the server makes a link:
        a scheme and a domain name with a top-level domain; not ``https://localhost``, bare
        IP addresses or ``user:pass@`` forms), ``@user@domain`` as ``@user``, a blank text as
        nothing, and user-perceived characters rather than code points; the content warning
        (``spoiler_text``) counts too. See :mod:`mastodon.core.text` for the rules.

        Links with non-ASCII letters count as the server counts them, which differs from
        Mastodon.py 2.3.3: ``https://пример.рф/путь?q=значение`` is one link (23), where
        2.3.3 ends the link before the Cyrillic query and counts 31.

        :param text: the status text.
        :param spoiler_text: the content warning.
        :returns: the length the server compares with its limit.
        """
        from .core.text import status_length  # its regexes compile on first use, not at import
        return status_length(text, spoiler_text)

    def decode_blurhash(self, media_dict: Union[Mapping[str, Any], str], out_size: Tuple[int, int] = (16, 16),
                        size_per_component: bool = True, return_linear: bool = True) -> List[List[List[float]]]:
        """Decode the blurhash of a media attachment into a small image.

        :param media_dict: a MediaAttachment (or any dict with ``blurhash``), or the blurhash itself.
        :param out_size: (width, height) of the result; with ``size_per_component`` it is
            multiplied by the number of components in each direction.
        :param size_per_component: see ``out_size``.
        :param return_linear: linear-light floats in [0, 1] per channel; False gives sRGB
            integers in [0, 255].
        :returns: rows of pixels, each ``[r, g, b]``.
        """
        from .core.blurhash import blurhash_components, decode_blurhash
        blurhash = media_dict if isinstance(media_dict, str) else (media_dict or {}).get("blurhash")
        if not blurhash:
            raise MastodonIllegalArgumentError("the media has no blurhash")
        width, height = out_size
        if size_per_component:
            nx, ny = blurhash_components(blurhash)
            width, height = width * nx, height * ny
        return decode_blurhash(blurhash, width, height, linear=return_linear)
