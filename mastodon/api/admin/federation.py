"""Admin: which servers this one federates with (domain blocks and, in allow-list mode, domain allows)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Union, overload

from ...core.params import IdLike, check_choice
from ...core.values import PaginatableList
from ...core.versions import api_version
from ._common import AdminBase, PageBound, path_id, required_text

if TYPE_CHECKING:
    from ...return_types import AdminDomainAllow, AdminDomainBlock

__all__ = ["AdminFederationMixin", "DOMAIN_BLOCK_SEVERITIES"]

#: What a domain block does: hide the domain's accounts, cut it off, or only set the media/report options.
DOMAIN_BLOCK_SEVERITIES = ("silence", "suspend", "noop")


def _domain_block_params(severity: Optional[str], reject_media: Optional[bool], reject_reports: Optional[bool],
                         private_comment: Optional[str], public_comment: Optional[str],
                         obfuscate: Optional[bool]) -> Dict[str, Any]:
    check_choice("severity", severity, DOMAIN_BLOCK_SEVERITIES)
    return {"severity": severity, "reject_media": reject_media, "reject_reports": reject_reports,
            "private_comment": private_comment, "public_comment": public_comment, "obfuscate": obfuscate}


class AdminFederationMixin(AdminBase):
    """Domain blocks and allows. Needs ``admin:read:domain_blocks`` / ``admin:write:domain_allows`` and kin."""

    # -- domain blocks ----------------------------------------------------------------------------
    @overload
    def admin_domain_blocks(self, id: None = None, max_id: PageBound = None, min_id: PageBound = None,
                            since_id: PageBound = None,
                            limit: Optional[int] = None) -> PaginatableList[AdminDomainBlock]: ...

    @overload
    def admin_domain_blocks(self, id: IdLike, max_id: PageBound = None, min_id: PageBound = None,
                            since_id: PageBound = None, limit: Optional[int] = None) -> AdminDomainBlock: ...

    @api_version("4.0.0", "4.0.0")
    def admin_domain_blocks(self, id: Optional[IdLike] = None, max_id: PageBound = None, min_id: PageBound = None,
                            since_id: PageBound = None,
                            limit: Optional[int] = None) -> Union[AdminDomainBlock, PaginatableList[AdminDomainBlock]]:
        """The domains this server blocks (``GET /api/v1/admin/domain_blocks``), or one of them
        (``GET /api/v1/admin/domain_blocks/:id``).

        :param id: a block (id or entity) to fetch alone; the bounds are then ignored.
        :param max_id: return only blocks older than this id.
        :param min_id: return the blocks immediately newer than this id.
        :param since_id: return only blocks newer than this id.
        :param limit: page size (server default 100, at most 200).
        :returns: Admin::DomainBlock when ``id`` is given, else :class:`PaginatableList` of them.
        """
        if id is not None:
            return self._api_request("GET", f"/api/v1/admin/domain_blocks/{path_id(id)}")
        return self._admin_page("/api/v1/admin/domain_blocks", max_id, min_id, since_id, limit)

    @api_version("4.0.0", "4.0.0")
    def admin_create_domain_block(self, domain: str, severity: Optional[str] = None,
                                  reject_media: Optional[bool] = None, reject_reports: Optional[bool] = None,
                                  private_comment: Optional[str] = None, public_comment: Optional[str] = None,
                                  obfuscate: Optional[bool] = None) -> AdminDomainBlock:
        """Block a domain from federating (``POST /api/v1/admin/domain_blocks``).

        :param domain: the domain to block (subdomains are covered too).
        :param severity: ``"silence"`` (the server's default), ``"suspend"`` or ``"noop"``.
        :param reject_media: do not fetch or keep the domain's media.
        :param reject_reports: ignore reports coming from the domain.
        :param private_comment: a note for the moderation team.
        :param public_comment: the reason shown publicly, where the server lists its blocks.
        :param obfuscate: show the domain partly masked in public lists.
        :returns: Admin::DomainBlock.
        """
        params = _domain_block_params(severity, reject_media, reject_reports, private_comment, public_comment,
                                      obfuscate)
        return self._api_request("POST", "/api/v1/admin/domain_blocks",
                                 {"domain": required_text(domain, "domain"), **params})

    @api_version("4.0.0", "4.0.0")
    def admin_update_domain_block(self, id: IdLike, severity: Optional[str] = None,
                                  reject_media: Optional[bool] = None, reject_reports: Optional[bool] = None,
                                  private_comment: Optional[str] = None, public_comment: Optional[str] = None,
                                  obfuscate: Optional[bool] = None) -> AdminDomainBlock:
        """Change a domain block (``PUT /api/v1/admin/domain_blocks/:id``); what is not given stays.

        :param id: the block (id or entity).
        :param severity: ``"silence"`` (the server's default), ``"suspend"`` or ``"noop"``.
        :param reject_media: do not fetch or keep the domain's media.
        :param reject_reports: ignore reports coming from the domain.
        :param private_comment: a note for the moderation team.
        :param public_comment: the reason shown publicly, where the server lists its blocks.
        :param obfuscate: show the domain partly masked in public lists.
        :returns: Admin::DomainBlock, as it is now.
        """
        params = _domain_block_params(severity, reject_media, reject_reports, private_comment, public_comment,
                                      obfuscate)
        return self._api_request("PUT", f"/api/v1/admin/domain_blocks/{path_id(id)}", params)

    @api_version("4.0.0", "4.0.0")
    def admin_delete_domain_block(self, id: IdLike) -> None:
        """Lift a domain block (``DELETE /api/v1/admin/domain_blocks/:id``).

        :param id: the block (id or entity).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/admin/domain_blocks/{path_id(id)}")

    # -- domain allows ----------------------------------------------------------------------------
    @api_version("4.0.0", "4.0.0")
    def admin_domain_allows(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                            limit: Optional[int] = None) -> PaginatableList[AdminDomainAllow]:
        """The domains this server federates with when it runs in allow-list mode
        (``GET /api/v1/admin/domain_allows``).

        :param max_id: return only entries older than this id.
        :param min_id: return the entries immediately newer than this id.
        :param since_id: return only entries newer than this id.
        :param limit: page size (server default 100, at most 200).
        :returns: :class:`PaginatableList` of Admin::DomainAllow.
        """
        return self._admin_page("/api/v1/admin/domain_allows", max_id, min_id, since_id, limit)

    @api_version("4.0.0", "4.0.0")
    def admin_domain_allow(self, id: IdLike) -> AdminDomainAllow:
        """One allowed domain (``GET /api/v1/admin/domain_allows/:id``).

        :param id: the entry (id or entity).
        :returns: Admin::DomainAllow.
        """
        return self._api_request("GET", f"/api/v1/admin/domain_allows/{path_id(id)}")

    @api_version("4.0.0", "4.0.0")
    def admin_create_domain_allow(self, domain: str) -> AdminDomainAllow:
        """Allow a domain to federate with this server (``POST /api/v1/admin/domain_allows``).

        :param domain: the domain to allow.
        :returns: Admin::DomainAllow.
        """
        return self._api_request("POST", "/api/v1/admin/domain_allows", {"domain": required_text(domain, "domain")})

    @api_version("4.0.0", "4.0.0")
    def admin_delete_domain_allow(self, id: IdLike) -> None:
        """Take a domain off the allow list (``DELETE /api/v1/admin/domain_allows/:id``).

        :param id: the entry (id or entity).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/admin/domain_allows/{path_id(id)}")
