"""Admin: keeping unwanted sign-ups out (e-mail domain blocks, canonical e-mail blocks, IP blocks)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ...core.params import Duration, IdLike, check_choice, duration_seconds
from ...core.values import NonPaginatableList, PaginatableList
from ...core.versions import api_version
from ...errors import MastodonIllegalArgumentError
from ._common import AdminBase, PageBound, path_id, required_text

if TYPE_CHECKING:
    from ...return_types import AdminCanonicalEmailBlock, AdminEmailDomainBlock, AdminIpBlock

__all__ = ["AdminSignupsMixin", "IP_BLOCK_SEVERITIES"]

#: What an IP block does to sign-ups (and, for ``no_access``, to everything) from its range.
IP_BLOCK_SEVERITIES = ("sign_up_requires_approval", "sign_up_block", "no_access")


class AdminSignupsMixin(AdminBase):
    """Sign-up blocks. Needs ``admin:read`` / ``admin:write`` scopes for each kind of block."""

    # -- e-mail domain blocks ---------------------------------------------------------------------
    @api_version("4.0.0", "4.0.0")
    def admin_email_domain_blocks(self, max_id: PageBound = None, min_id: PageBound = None,
                                  since_id: PageBound = None, limit: Optional[int] = None) -> PaginatableList[AdminEmailDomainBlock]:
        """E-mail domains nobody may sign up with (``GET /api/v1/admin/email_domain_blocks``).

        :param max_id: return only blocks older than this id.
        :param min_id: return the blocks immediately newer than this id.
        :param since_id: return only blocks newer than this id.
        :param limit: page size (server default 100, at most 200).
        :returns: :class:`PaginatableList` of Admin::EmailDomainBlock.
        """
        return self._admin_page("/api/v1/admin/email_domain_blocks", max_id, min_id, since_id, limit)

    @api_version("4.1.0", "4.1.0")
    def admin_email_domain_block(self, id: IdLike) -> AdminEmailDomainBlock:
        """One blocked e-mail domain, with its recent sign-up attempts
        (``GET /api/v1/admin/email_domain_blocks/:id``).

        :param id: the block (id or entity).
        :returns: Admin::EmailDomainBlock.
        """
        return self._api_request("GET", f"/api/v1/admin/email_domain_blocks/{path_id(id)}")

    @api_version("4.0.0", "4.0.0")
    def admin_create_email_domain_block(self, domain: str) -> AdminEmailDomainBlock:
        """Refuse sign-ups with addresses at a domain (``POST /api/v1/admin/email_domain_blocks``).

        :param domain: the e-mail domain, e.g. ``"spam.example"``.
        :returns: Admin::EmailDomainBlock.
        """
        return self._api_request("POST", "/api/v1/admin/email_domain_blocks",
                                 {"domain": required_text(domain, "domain")})

    @api_version("4.0.0", "4.0.0")
    def admin_delete_email_domain_block(self, id: IdLike) -> None:
        """Accept sign-ups from a blocked e-mail domain again
        (``DELETE /api/v1/admin/email_domain_blocks/:id``).

        :param id: the block (id or entity).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/admin/email_domain_blocks/{path_id(id)}")

    # -- canonical e-mail blocks ------------------------------------------------------------------
    @api_version("4.0.0", "4.0.0")
    def admin_canonical_email_blocks(self, max_id: PageBound = None, min_id: PageBound = None,
                                     since_id: PageBound = None, limit: Optional[int] = None) -> PaginatableList[AdminCanonicalEmailBlock]:
        """Blocked e-mail addresses, stored as hashes of their canonical form
        (``GET /api/v1/admin/canonical_email_blocks``).

        :param max_id: return only blocks older than this id.
        :param min_id: return the blocks immediately newer than this id.
        :param since_id: return only blocks newer than this id.
        :param limit: page size (server default 100, at most 200).
        :returns: :class:`PaginatableList` of Admin::CanonicalEmailBlock.
        """
        return self._admin_page("/api/v1/admin/canonical_email_blocks", max_id, min_id, since_id, limit)

    @api_version("4.0.0", "4.0.0")
    def admin_canonical_email_block(self, id: IdLike) -> AdminCanonicalEmailBlock:
        """One canonical e-mail block (``GET /api/v1/admin/canonical_email_blocks/:id``).

        :param id: the block (id or entity).
        :returns: Admin::CanonicalEmailBlock.
        """
        return self._api_request("GET", f"/api/v1/admin/canonical_email_blocks/{path_id(id)}")

    @api_version("4.0.0", "4.0.0")
    def admin_test_canonical_email_block(self, email: str) -> NonPaginatableList[AdminCanonicalEmailBlock]:
        """Which blocks an e-mail address would run into (``POST /api/v1/admin/canonical_email_blocks/test``).

        The server canonicalises the address (case, dots and ``+tags`` do not matter) before
        comparing hashes.

        :param email: the address to check.
        :returns: :class:`NonPaginatableList` of the matching Admin::CanonicalEmailBlock (empty if none).
        """
        return self._api_request("POST", "/api/v1/admin/canonical_email_blocks/test",
                                 {"email": required_text(email, "email")}, paginated=False)

    @api_version("4.0.0", "4.0.0")
    def admin_create_canonical_email_block(self, email: Optional[str] = None,
                                           canonical_email_hash: Optional[str] = None) -> AdminCanonicalEmailBlock:
        """Block an e-mail address, in every spelling that canonicalises to it
        (``POST /api/v1/admin/canonical_email_blocks``).

        Give either the address or, to block without revealing it, the hash of its canonical form.

        :param email: the address to block; the server hashes it (``canonical_email_hash`` is then ignored).
        :param canonical_email_hash: the SHA-256 hex digest of the canonical address.
        :returns: Admin::CanonicalEmailBlock.
        """
        if email is None and canonical_email_hash is None:
            raise MastodonIllegalArgumentError("give email or canonical_email_hash")
        return self._api_request("POST", "/api/v1/admin/canonical_email_blocks",
                                 {"email": email, "canonical_email_hash": canonical_email_hash})

    @api_version("4.0.0", "4.0.0")
    def admin_delete_canonical_email_block(self, id: IdLike) -> AdminCanonicalEmailBlock:
        """Lift a canonical e-mail block (``DELETE /api/v1/admin/canonical_email_blocks/:id``).

        :param id: the block (id or entity).
        :returns: Admin::CanonicalEmailBlock, as it was.
        """
        return self._api_request("DELETE", f"/api/v1/admin/canonical_email_blocks/{path_id(id)}")

    # -- IP blocks --------------------------------------------------------------------------------
    @api_version("4.0.0", "4.0.0")
    def admin_ip_blocks(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                        limit: Optional[int] = None) -> PaginatableList[AdminIpBlock]:
        """Blocked IP ranges (``GET /api/v1/admin/ip_blocks``).

        :param max_id: return only blocks older than this id.
        :param min_id: return the blocks immediately newer than this id.
        :param since_id: return only blocks newer than this id.
        :param limit: page size (server default 100, at most 200).
        :returns: :class:`PaginatableList` of Admin::IpBlock.
        """
        return self._admin_page("/api/v1/admin/ip_blocks", max_id, min_id, since_id, limit)

    @api_version("4.0.0", "4.0.0")
    def admin_ip_block(self, id: IdLike) -> AdminIpBlock:
        """One IP block (``GET /api/v1/admin/ip_blocks/:id``).

        :param id: the block (id or entity).
        :returns: Admin::IpBlock.
        """
        return self._api_request("GET", f"/api/v1/admin/ip_blocks/{path_id(id)}")

    @api_version("4.0.0", "4.0.0")
    def admin_create_ip_block(self, ip: str, severity: str, comment: Optional[str] = None,
                              expires_in: Duration = None) -> AdminIpBlock:
        """Block an IP address or range (``POST /api/v1/admin/ip_blocks``).

        :param ip: the address or CIDR range, e.g. ``"192.0.2.0/24"``.
        :param severity: ``"sign_up_requires_approval"``, ``"sign_up_block"`` or ``"no_access"``.
        :param comment: why the range is blocked.
        :param expires_in: lift the block after this many seconds (or this ``timedelta``); never if None.
        :returns: Admin::IpBlock.
        """
        check_choice("severity", severity, IP_BLOCK_SEVERITIES, allow_none=False)
        return self._api_request("POST", "/api/v1/admin/ip_blocks", {
            "ip": required_text(ip, "ip"), "severity": severity, "comment": comment,
            "expires_in": duration_seconds(expires_in, "expires_in")})

    @api_version("4.0.0", "4.0.0")
    def admin_update_ip_block(self, id: IdLike, ip: Optional[str] = None, severity: Optional[str] = None,
                              comment: Optional[str] = None, expires_in: Duration = None) -> AdminIpBlock:
        """Change an IP block (``PUT /api/v1/admin/ip_blocks/:id``); what is not given stays.

        :param id: the block (id or entity).
        :param ip: the address or CIDR range, e.g. ``"192.0.2.0/24"``.
        :param severity: ``"sign_up_requires_approval"``, ``"sign_up_block"`` or ``"no_access"``.
        :param comment: why the range is blocked.
        :param expires_in: lift the block after this many seconds (or this ``timedelta``); never if None.
        :returns: Admin::IpBlock, as it is now.
        """
        check_choice("severity", severity, IP_BLOCK_SEVERITIES)
        return self._api_request("PUT", f"/api/v1/admin/ip_blocks/{path_id(id)}", {
            "ip": ip, "severity": severity, "comment": comment, "expires_in": duration_seconds(expires_in, "expires_in")})

    @api_version("4.0.0", "4.0.0")
    def admin_delete_ip_block(self, id: IdLike) -> None:
        """Lift an IP block (``DELETE /api/v1/admin/ip_blocks/:id``).

        :param id: the block (id or entity).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/admin/ip_blocks/{path_id(id)}")
