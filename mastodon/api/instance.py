"""The instance: server information, rules, custom emoji, announcements, directory."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Union

from ..core.casting import cast_result
from ..core.urls import same_origin
from ..core.params import IdLike, check_choice, path_id
from ..core.urls import path_segment, urljoin, urlsplit
from ..core.values import AttribAccessDict, NonPaginatableList, PaginatableList
from ..core.versions import api_version
from ..errors import MastodonAPIError, MastodonError, MastodonIllegalArgumentError, MastodonNotFoundError

if TYPE_CHECKING:
    from ..return_types import (
        Account,
        Activity,
        Announcement,
        CustomEmoji,
        DomainBlock,
        ExtendedDescription,
        Instance,
        InstanceV2,
        Nodeinfo,
        Rule,
        ServerInfo,
        SupportedLocale,
        TermsOfService,
    )

__all__ = ["InstanceMixin", "NODEINFO_SCHEMA_2_0"]

#: The nodeinfo schema Mastodon publishes (``rel`` of its link in ``/.well-known/nodeinfo``).
NODEINFO_SCHEMA_2_0 = "http://nodeinfo.diaspora.software/ns/schema/2.0"


_DIRECTORY_ORDERS = ("active", "new")


def _origin(url: str) -> str:
    """``https://host:port`` of a URL: where the ``/.well-known`` documents of the API's server live."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _reaction_name(reaction: Union[str, Mapping[str, Any]]) -> str:
    """The name a reaction is addressed by: a unicode emoji or a custom emoji shortcode (no colons)."""
    if isinstance(reaction, Mapping):
        reaction = reaction.get("name") or reaction.get("shortcode") or ""
    if not isinstance(reaction, str) or not reaction.strip(":"):
        raise MastodonIllegalArgumentError(f"reaction must be an emoji or a custom emoji shortcode; got {reaction!r}")
    if len(reaction) > 2 and reaction.startswith(":") and reaction.endswith(":"):
        reaction = reaction[1:-1]
    return reaction


def _day(value: Union[str, date]) -> str:
    """A date as the ``YYYY-MM-DD`` text the terms-of-service path takes."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value:
        raise MastodonIllegalArgumentError(f"date must be a date or a 'YYYY-MM-DD' string; got {value!r}")
    return value


class InstanceMixin:
    """The instance endpoints: what the server says about itself, and what its admins publish."""

    _api_request: Any
    _offset_page: Any
    _newer_or_older: Any
    api_base_url: str

    # -- server information ------------------------------------------------------------------
    def _instance_v1(self) -> Instance:
        from ..return_types import Instance
        return cast_result(self._api_request("GET", "/api/v1/instance"), Instance)

    def _instance_v2(self) -> InstanceV2:
        from ..return_types import InstanceV2
        return cast_result(self._api_request("GET", "/api/v2/instance"), InstanceV2)

    def server_info(self) -> ServerInfo:
        """What software the server runs, and which Mastodon version its API matches.

        Reads the server's nodeinfo (``/.well-known/nodeinfo``, schema 2.1 or else 2.0; without
        the token), then the instance entity (``GET /api/v2/instance``, else ``/api/v1/instance``).
        Looked up once per client and kept until :meth:`clear_caches`; also works without a token.
        Version checks (``version_check_mode``) then use ``mastodon_version``: software that
        reports none (Takahē, snac, Hollo) is never refused by a version guess. A version given
        to the constructor as ``mastodon_version`` is kept.

        The client adapts to what it learns here (see the "Servers" page of the documentation):
        the body encoding of some writes, streaming, paging without ``Link`` headers.

        :returns: :class:`~mastodon.return_types.ServerInfo` with ``software`` (lower case, e.g.
            ``"mastodon"``, ``"gotosocial"``, ``"snac"``, ``"takahe"``, ``"hollo"``,
            ``"pleroma"``), ``version`` (the software's own), ``mastodon_version`` (or None)
            and ``api_version`` (``api_versions.mastodon``, or None).
        :raises MastodonAPIError: (or :class:`MastodonNetworkError`) when neither nodeinfo nor
            the instance entity can be read.

        Not in Mastodon's API documentation (the client's own summary); works on every server.
        """
        from ..core import servers
        from ..return_types import ServerInfo
        info = servers.cached_info(self)
        if info is None:
            with servers.lookup_lock(self):
                info = servers.cached_info(self)
                if info is None:
                    servers.lookup_started(self)
                    try:
                        nodeinfo = self._nodeinfo_document()
                        try:
                            instance = self._instance_document()
                        except MastodonError:
                            if nodeinfo is None:
                                raise
                            instance = None
                    finally:
                        servers.lookup_ended(self)
                    info = servers.keep_info(self, nodeinfo, instance)
        return cast_result(dict(info), ServerInfo)

    def _server_software(self) -> Optional[str]:
        """The server's software name, looked up once if nothing told it yet (only the nodeinfo
        document is read); None when it cannot be learned. The request core asks this where a
        decision depends on the software (see :mod:`mastodon.core.servers`)."""
        from ..core import servers
        if servers.software_settled(self):
            return servers.known_software(self)
        with servers.lookup_lock(self):
            if servers.software_settled(self):
                return servers.known_software(self)
            servers.lookup_started(self)
            try:
                nodeinfo = self._nodeinfo_document()
            finally:
                servers.lookup_ended(self)
            return servers.remember_software(self, nodeinfo)

    def _nodeinfo_document(self) -> Optional[Dict[str, Any]]:
        """The server's nodeinfo document (schema 2.1, else 2.0), read without the token; None
        where it has none."""
        from ..core.servers import nodeinfo_paths
        parts = urlsplit(self.api_base_url)
        origin = f"{parts.scheme}://{parts.netloc}"
        try:
            discovery = self._api_request("GET", "/.well-known/nodeinfo", base_url=origin, auth=False)
        except MastodonError:
            return None
        for path in nodeinfo_paths(discovery):
            try:
                document = self._api_request("GET", path, base_url=origin, auth=False)
            except MastodonError:
                continue
            if isinstance(document, dict):
                return document
        return None

    def _instance_document(self) -> Optional[Dict[str, Any]]:
        """The instance entity as the server sends it (v2, else v1), for :meth:`server_info`."""
        try:
            instance = self._api_request("GET", "/api/v2/instance")
        except MastodonAPIError:
            instance = self._api_request("GET", "/api/v1/instance")
        return instance if isinstance(instance, dict) else None

    @api_version("1.1.0", "2.3.0")
    def instance_v1(self) -> Instance:
        """The server's self-description in its first form (``GET /api/v1/instance``).

        Mastodon 4.0 replaced it with :meth:`instance_v2` and marks it deprecated; use it for
        servers that have nothing newer.

        :returns: the V1::Instance entity (``uri``, ``title``, ``version``, ``stats``, ``urls``, ...).
        """
        return self._instance_v1()

    @api_version("4.0.0", "4.0.0")
    def instance_v2(self) -> InstanceV2:
        """The server's self-description (``GET /api/v2/instance``).

        :returns: the Instance entity (``domain``, ``title``, ``version``, ``configuration``,
            ``registrations``, ``contact``, ``api_versions`` on 4.3+, ...).
        """
        return self._instance_v2()

    @api_version("1.1.0", "4.0.0")
    def instance(self) -> Union[InstanceV2, Instance]:
        """The server's self-description, in the newest form the server offers.

        Asks ``GET /api/v2/instance`` when the server is known to run Mastodon 4.0 or newer and
        ``GET /api/v1/instance`` when it is known to be older. When the version is not known
        yet, v2 is tried first; a 404 makes it fall back to v1, and that is remembered until
        :meth:`clear_caches`. This call never triggers a separate version lookup.

        :returns: :class:`~mastodon.return_types.InstanceV2` when the answer came from the v2
            endpoint, :class:`~mastodon.return_types.Instance` when it came from v1.
        """
        return self._newer_or_older("4.0.0", self._instance_v2, self._instance_v1, "instance")

    @api_version("2.1.2", "2.1.2")
    def instance_activity(self) -> NonPaginatableList[Activity]:
        """Weekly activity of the server over about the last three months (``GET /api/v1/instance/activity``).

        Servers in limited-federation mode want a user token for it.

        :returns: :class:`NonPaginatableList` of dicts with ``week`` (a datetime: the start of the
            week), and ``statuses``, ``logins`` and ``registrations`` counts (as strings).
        """
        return self._api_request("GET", "/api/v1/instance/activity", paginated=False)

    @api_version("2.1.2", "2.1.2")
    def instance_peers(self) -> NonPaginatableList[str]:
        """Every domain this server knows of (``GET /api/v1/instance/peers``).

        Servers in limited-federation mode want a user token for it.

        :returns: :class:`NonPaginatableList` of domain names (str).
        """
        return self._api_request("GET", "/api/v1/instance/peers", paginated=False)

    @api_version("4.2.0", "4.2.0")
    def instance_peers_search(self, q: str) -> NonPaginatableList[str]:
        """Known domains that start with some text, for autocompletion (``GET /api/v1/peers/search``).

        The server answers 404 when its admins switched the peers API off.

        :param q: the beginning of a domain name.
        :returns: :class:`NonPaginatableList` of a few matching domain names (str).
        """
        if not isinstance(q, str) or not q.strip():
            raise MastodonIllegalArgumentError(f"q must be a non-empty string; got {q!r}")
        found = self._api_request("GET", "/api/v1/peers/search", {"q": q}, paginated=False)
        return found if found is not None else NonPaginatableList()

    @api_version("3.0.0", "3.0.0")
    def instance_health(self) -> bool:
        """Whether the server's web process reports itself healthy (``GET /health``).

        The endpoint checks the web process, its database and its cache; any answer but
        HTTP 200 means something is wrong. No token is sent.

        :returns: True on HTTP 200, False when the server answers with an error status.
            Network failures (the server cannot be reached at all) still raise
            :class:`MastodonNetworkError`.
        """
        try:
            response = self._api_request("GET", "/health", auth=False, return_response=True)
        except MastodonAPIError:
            return False
        return response.status_code == 200

    @api_version("3.0.0", "3.0.0")
    def instance_nodeinfo(self, schema: str = NODEINFO_SCHEMA_2_0) -> Nodeinfo:
        """The server's NodeInfo document: software name and version, protocols, usage counts.

        Reads the discovery document ``GET /.well-known/nodeinfo`` and follows the link whose
        ``rel`` is ``schema``. Links to any host but the API's own are refused. When the
        discovery document is missing (404) and the 2.0 schema is asked for, Mastodon's usual
        location ``GET /nodeinfo/2.0`` is tried. No token is sent.

        :param schema: the NodeInfo schema URI to fetch (default: version 2.0).
        :returns: the NodeInfo document (``software``, ``protocols``, ``usage``, ``metadata``, ...).
        """
        origin = _origin(self.api_base_url)
        try:
            discovery = self._api_request("GET", "/.well-known/nodeinfo", base_url=origin, auth=False)
        except MastodonNotFoundError:
            if schema != NODEINFO_SCHEMA_2_0:
                raise
            return self._api_request("GET", "/nodeinfo/2.0", base_url=origin, auth=False)
        links = discovery.get("links") if isinstance(discovery, Mapping) else None
        hrefs = [link.get("href") for link in links or () if isinstance(link, Mapping) and link.get("rel") == schema]
        if not hrefs or not isinstance(hrefs[0], str):
            offered = [link.get("rel") for link in links or () if isinstance(link, Mapping)]
            raise MastodonAPIError(f"the server offers no nodeinfo for schema {schema!r} (it offers {offered})")
        target = urljoin(origin + "/", hrefs[0])
        if not same_origin(target, origin):
            raise MastodonAPIError(f"not following the nodeinfo link to another host: {target}")
        parts = urlsplit(target)
        return self._api_request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), base_url=origin,
                                 auth=False)

    @api_version("1.0.0", "1.0.0")
    def instance_webfinger(self, resource: str) -> AttribAccessDict:
        """Look an account up by WebFinger on this server (``GET /.well-known/webfinger``).

        :param resource: ``user@domain`` (an ``acct:`` URI is built from it; a leading ``@`` is
            dropped), or an ``acct:``/``https:`` URI as it is.
        :returns: the JRD document: ``subject``, ``aliases`` and ``links`` (among them the
            ActivityPub actor, ``rel="self"``). No token is sent.
        """
        if not isinstance(resource, str) or not resource.strip().lstrip("@"):
            raise MastodonIllegalArgumentError(f"resource must be user@domain or a URI; got {resource!r}")
        resource = resource.strip()
        if not resource.startswith(("acct:", "http://", "https://")):
            resource = "acct:" + resource.lstrip("@")
        return self._api_request("GET", "/.well-known/webfinger", {"resource": resource},
                                 base_url=_origin(self.api_base_url), auth=False)

    # -- published texts ---------------------------------------------------------------------
    @api_version("3.4.0", "3.4.0")
    def instance_rules(self) -> NonPaginatableList[Rule]:
        """The rules users of the server agree to follow (``GET /api/v1/instance/rules``).

        :returns: :class:`NonPaginatableList` of Rule (``id``, ``text``, ``hint``).
        """
        return self._api_request("GET", "/api/v1/instance/rules", paginated=False)

    @api_version("4.0.0", "4.0.0")
    def instance_extended_description(self) -> ExtendedDescription:
        """The longer "about" text of the server (``GET /api/v1/instance/extended_description``).

        :returns: the ExtendedDescription entity (``content`` as HTML, ``updated_at``).
        """
        return self._api_request("GET", "/api/v1/instance/extended_description")

    @api_version("4.0.0", "4.0.0")
    def instance_privacy_policy(self) -> AttribAccessDict:
        """The server's privacy policy (``GET /api/v1/instance/privacy_policy``).

        :returns: the PrivacyPolicy entity (``content`` as HTML, ``updated_at``).
        """
        return self._api_request("GET", "/api/v1/instance/privacy_policy")

    @api_version("4.4.0", "4.4.0")
    def instance_terms_of_service(self, date: Optional[Union[str, date]] = None) -> TermsOfService:
        """The server's terms of service (``GET /api/v1/instance/terms_of_service``, or
        ``GET /api/v1/instance/terms_of_service/:date`` for one version of them).

        The server answers 404 (:class:`MastodonNotFoundError`) when it has no terms configured.

        :param date: the effective date of the version wanted (a ``date``/``datetime`` or
            ``"YYYY-MM-DD"``); None for the version in force.
        :returns: the TermsOfService entity (``effective_date``, ``effective``, ``content`` as
            HTML, ``succeeded_by``).
        """
        if date is None:
            return self._api_request("GET", "/api/v1/instance/terms_of_service")
        return self._api_request("GET", f"/api/v1/instance/terms_of_service/{path_segment(_day(date), 'date')}")

    @api_version("4.0.0", "4.0.0")
    def instance_domain_blocks(self) -> NonPaginatableList[DomainBlock]:
        """The domains this server moderates (``GET /api/v1/instance/domain_blocks``).

        Admins choose who may see this list: everyone, logged-in users (then a token is needed,
        else 401) or nobody (then the answer is 404).

        :returns: :class:`NonPaginatableList` of DomainBlock (``domain``, possibly obfuscated,
            ``digest``, ``severity``, ``comment``).
        """
        return self._api_request("GET", "/api/v1/instance/domain_blocks", paginated=False)

    @api_version("4.2.0", "4.2.0")
    def instance_translation_languages(self) -> Dict[str, List[str]]:
        """Which languages the server's translation service can translate between
        (``GET /api/v1/instance/translation_languages``).

        :returns: a dict mapping each source language code to the list of target language
            codes; the source ``"und"`` stands for "detect the language".
        """
        return self._api_request("GET", "/api/v1/instance/translation_languages")

    @api_version("4.2.0", "4.2.0")
    def instance_languages(self) -> NonPaginatableList[SupportedLocale]:
        """The languages the server knows, for picking a post's language (``GET /api/v1/instance/languages``).

        :returns: :class:`NonPaginatableList` of dicts with ``code`` (ISO 639) and ``name``.
        """
        return self._api_request("GET", "/api/v1/instance/languages", paginated=False)

    # -- directory, emoji --------------------------------------------------------------------
    @api_version("3.0.0", "3.0.0")
    def directory(self, offset: Optional[int] = None, limit: Optional[int] = None, order: Optional[str] = None,
                  local: Optional[bool] = None) -> PaginatableList[Account]:
        """Accounts that chose to be listed in the profile directory (``GET /api/v1/directory``).

        :param offset: skip this many accounts.
        :param limit: how many accounts to return (server default 40, at most 80).
        :param order: ``"active"`` (most recently posting first, the default) or ``"new"``
            (newest accounts first).
        :param local: True for accounts of this server only.
        :returns: :class:`PaginatableList` of Account.
        """
        check_choice("order", order, _DIRECTORY_ORDERS)
        params = {"offset": offset, "limit": limit, "order": order, "local": local}
        return self._offset_page("/api/v1/directory", params)

    @api_version("2.1.0", "2.1.0")
    def custom_emojis(self) -> NonPaginatableList[CustomEmoji]:
        """The custom emoji of the server (``GET /api/v1/custom_emojis``).

        :returns: :class:`NonPaginatableList` of CustomEmoji (``shortcode``, ``url``,
            ``static_url``, ``visible_in_picker``, ``category``).
        """
        return self._api_request("GET", "/api/v1/custom_emojis", paginated=False)

    # -- announcements -----------------------------------------------------------------------
    @api_version("3.1.0", "3.1.0")
    def announcements(self) -> NonPaginatableList[Announcement]:
        """The announcements the admins currently show (``GET /api/v1/announcements``). Needs a user token.

        :returns: :class:`NonPaginatableList` of Announcement (``content``, ``starts_at``,
            ``ends_at``, ``published_at``, ``read``, ``reactions``, ...).
        """
        return self._api_request("GET", "/api/v1/announcements", paginated=False)

    @api_version("3.1.0", "3.1.0")
    def announcement_dismiss(self, id: IdLike) -> None:
        """Mark an announcement as read (``POST /api/v1/announcements/:id/dismiss``).

        :param id: the announcement (id or Announcement).
        :returns: None.
        """
        self._api_request("POST", f"/api/v1/announcements/{path_id(id)}/dismiss")

    @api_version("3.1.0", "3.1.0")
    def announcement_reaction_create(self, id: IdLike, reaction: Union[str, Mapping[str, Any]]) -> None:
        """React to an announcement with an emoji (``PUT /api/v1/announcements/:id/reactions/:name``).

        :param id: the announcement (id or Announcement).
        :param reaction: a unicode emoji, or a custom emoji's shortcode (``"blobcat"`` or
            ``":blobcat:"``); a Reaction or CustomEmoji dict works too.
        :returns: None.
        """
        name = path_segment(_reaction_name(reaction), "reaction")
        self._api_request("PUT", f"/api/v1/announcements/{path_id(id)}/reactions/{name}")

    @api_version("3.1.0", "3.1.0")
    def announcement_reaction_delete(self, id: IdLike, reaction: Union[str, Mapping[str, Any]]) -> None:
        """Take back a reaction to an announcement (``DELETE /api/v1/announcements/:id/reactions/:name``).

        :param id: the announcement (id or Announcement).
        :param reaction: the emoji or shortcode reacted with, as for :meth:`announcement_reaction_create`.
        :returns: None.
        """
        name = path_segment(_reaction_name(reaction), "reaction")
        self._api_request("DELETE", f"/api/v1/announcements/{path_id(id)}/reactions/{name}")

    # -- donations ---------------------------------------------------------------------------
    @api_version("4.6.0", "4.6.0")
    def donation_campaign(self) -> Optional[AttribAccessDict]:
        """The donation campaign the server would show this user (``GET /api/v1/donation_campaigns``).

        Needs a user token. The server picks the campaign (and its language) itself.

        :returns: the campaign as the server relays it (a dict), or None when the server has
            no campaign to show (HTTP 204).
        """
        return self._api_request("GET", "/api/v1/donation_campaigns")
