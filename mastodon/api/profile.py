"""The logged-in user's profile (the Mastodon 4.6 profile API)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from ..core.uploads import FileSource, Upload, open_upload
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import Profile

__all__ = ["ProfileMixin"]

#: A profile field: a ``(name, value)`` pair or a dict with ``name`` and ``value``.
ProfileField = Union[Tuple[str, str], Mapping[str, str]]


def _fields_attributes(fields: Sequence[ProfileField]) -> List[Dict[str, str]]:
    """Profile fields in the indexed form the server reads (``fields_attributes[0][name]``)."""
    if isinstance(fields, (str, bytes, Mapping)):
        raise MastodonIllegalArgumentError("fields must be a list of (name, value) pairs or of dicts")
    out = []
    for field in fields:
        if isinstance(field, Mapping):
            if "name" not in field or "value" not in field:
                raise MastodonIllegalArgumentError(f"profile field dicts need 'name' and 'value'; got {field!r}")
            name, value = field["name"], field["value"]
        elif isinstance(field, (tuple, list)) and len(field) == 2:
            name, value = field
        else:
            raise MastodonIllegalArgumentError(f"a profile field is a (name, value) pair; got {field!r}")
        out.append({"name": str(name), "value": str(value)})
    return out


class ProfileMixin:
    """Reading and editing the logged-in user's own profile."""

    _api_request: Any

    @api_version("4.6.0", "4.6.0", api=8)
    def profile(self) -> Profile:
        """The logged-in user's profile as they edit it: raw note and fields, image descriptions,
        visibility switches (``GET /api/v1/profile``).

        :returns: Profile.
        """
        return self._api_request("GET", "/api/v1/profile")

    @api_version("4.6.0", "4.6.0", api=8)
    def profile_update(self, display_name: Optional[str] = None, note: Optional[str] = None,
                       avatar: Optional[FileSource] = None, avatar_mime_type: Optional[str] = None,
                       header: Optional[FileSource] = None, header_mime_type: Optional[str] = None,
                       locked: Optional[bool] = None, bot: Optional[bool] = None,
                       discoverable: Optional[bool] = None, hide_collections: Optional[bool] = None,
                       indexable: Optional[bool] = None, show_media: Optional[bool] = None,
                       show_media_replies: Optional[bool] = None, show_featured: Optional[bool] = None,
                       attribution_domains: Optional[Union[str, List[str]]] = None,
                       fields: Optional[Sequence[ProfileField]] = None, avatar_description: Optional[str] = None,
                       header_description: Optional[str] = None) -> Profile:
        """Change the logged-in user's profile (``PATCH /api/v1/profile``); what is not given stays.

        With an avatar or header the request is sent as a streamed multipart upload.

        :param display_name: the name shown instead of the username.
        :param note: the bio, as plain text.
        :param avatar: a new avatar: a path, bytes or a binary file object.
        :param avatar_mime_type: the avatar's MIME type, when it cannot be guessed.
        :param header: a new header image: a path, bytes or a binary file object.
        :param header_mime_type: the header's MIME type, when it cannot be guessed.
        :param locked: approve each follower by hand.
        :param bot: mark the account as automated.
        :param discoverable: list the account in the directory and let discovery features
            (collections among them) suggest it.
        :param hide_collections: hide whom the user follows and who follows them (despite the name,
            unrelated to collections of accounts).
        :param indexable: let anybody find the user's public statuses by full-text search.
        :param show_media: show a media tab on the profile.
        :param show_media_replies: include media from replies in that tab.
        :param show_featured: show a featured tab on the profile.
        :param attribution_domains: websites allowed to credit the user as author (at most 10); an empty
            list is not sent, so it cannot clear them.
        :param fields: the profile's name/value fields, replacing the current ones: a list of
            ``(name, value)`` pairs or of ``{"name": ..., "value": ...}`` dicts (an empty list sends
            nothing; to remove a field, send the others).
        :param avatar_description: alt text for the avatar (Mastodon API version 9).
        :param header_description: alt text for the header image (Mastodon API version 9).
        :returns: Profile, as it is now.
        """
        params: Dict[str, Any] = {
            "display_name": display_name, "note": note, "locked": locked, "bot": bot,
            "discoverable": discoverable, "hide_collections": hide_collections, "indexable": indexable,
            "show_media": show_media, "show_media_replies": show_media_replies, "show_featured": show_featured,
            "attribution_domains": [attribution_domains] if isinstance(attribution_domains, str)
            else attribution_domains,
            "avatar_description": avatar_description, "header_description": header_description,
            "fields_attributes": None if fields is None else _fields_attributes(fields),
        }
        files: Dict[str, Upload] = {}
        try:
            if avatar is not None:
                files["avatar"] = open_upload(avatar, avatar_mime_type, what="avatar")
            if header is not None:
                files["header"] = open_upload(header, header_mime_type, what="header")
            return self._api_request("PATCH", "/api/v1/profile", params, files=files or None)
        finally:
            for upload in files.values():
                upload.close()
