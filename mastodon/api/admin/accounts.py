"""Admin: finding accounts and acting on them (approve, suspend, warn, delete, ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional

from ...core.params import IdLike, check_choice, only_if_true, unpack_id, unpack_ids
from ...core.values import PaginatableList
from ...core.versions import api_version
from ._common import AdminBase, PageBound, path_id

if TYPE_CHECKING:
    from ...return_types import AdminAccount

__all__ = ["AdminAccountsMixin", "ACCOUNT_STATUSES", "ACCOUNT_ACTIONS"]

#: Account states the v2 listing can filter on.
ACCOUNT_STATUSES = ("active", "pending", "disabled", "silenced", "suspended")
#: The v1 listing knows one more state: accounts whose media is forced sensitive.
_V1_STATUSES = ACCOUNT_STATUSES + ("sensitized",)
_ORIGINS = ("local", "remote")
_PERMISSIONS = ("staff",)
#: What ``admin_account_moderate`` can do to an account.
ACCOUNT_ACTIONS = ("none", "sensitive", "disable", "silence", "suspend")


class AdminAccountsMixin(AdminBase):
    """Account moderation. Needs an admin token with ``admin:read:accounts`` / ``admin:write:accounts``."""

    def _accounts_v1(self, remote: bool, by_domain: Optional[str], status: Optional[str], username: Optional[str],
                     display_name: Optional[str], email: Optional[str], ip: Optional[str], staff_only: bool,
                     max_id: PageBound, min_id: PageBound, since_id: PageBound,
                     limit: Optional[int]) -> PaginatableList:
        check_choice("status", status, _V1_STATUSES)
        # The v1 endpoint takes each state as its own boolean flag (``active=true``).
        state = {status: True} if status else {}
        return self._admin_page("/api/v1/admin/accounts", max_id, min_id, since_id, limit, **state,
                                remote=only_if_true(remote), staff=only_if_true(staff_only), by_domain=by_domain,
                                username=username, display_name=display_name, email=email, ip=ip)

    @api_version("3.5.0", "4.0.0")
    def admin_accounts_v2(self, origin: Optional[str] = None, by_domain: Optional[str] = None,
                          status: Optional[str] = None, username: Optional[str] = None,
                          display_name: Optional[str] = None, email: Optional[str] = None, ip: Optional[str] = None,
                          permissions: Optional[str] = None, invited_by: Optional[IdLike] = None,
                          role_ids: Optional[List[IdLike]] = None, max_id: PageBound = None,
                          min_id: PageBound = None, since_id: PageBound = None,
                          limit: Optional[int] = None) -> PaginatableList[AdminAccount]:
        """Search the accounts known to the server (``GET /api/v2/admin/accounts``).

        Every filter is optional; the filters given are combined.

        :param origin: ``"local"`` or ``"remote"`` accounts only.
        :param by_domain: only accounts from this domain.
        :param status: only accounts in this state: ``"active"``, ``"pending"``, ``"disabled"``,
            ``"silenced"`` or ``"suspended"``.
        :param username: accounts whose username contains this text.
        :param display_name: accounts whose display name contains this text.
        :param email: accounts registered with this e-mail address.
        :param ip: accounts that signed up or logged in from this IP address.
        :param permissions: ``"staff"`` for accounts whose role can handle reports.
        :param invited_by: accounts invited by this account (id or entity).
        :param role_ids: accounts holding one of these roles (ids or Role entities).
        :param max_id: return only accounts older than this id.
        :param min_id: return the accounts immediately newer than this id.
        :param since_id: return only accounts newer than this id.
        :param limit: page size (server default 100, at most 200).
        :returns: :class:`PaginatableList` of Admin::Account.
        """
        check_choice("origin", origin, _ORIGINS)
        check_choice("status", status, ACCOUNT_STATUSES)
        check_choice("permissions", permissions, _PERMISSIONS)
        inviter = None if invited_by is None else unpack_id(invited_by, name="invited_by")
        roles = None if role_ids is None else unpack_ids(role_ids, name="role_ids")
        return self._admin_page("/api/v2/admin/accounts", max_id, min_id, since_id, limit, origin=origin,
                                by_domain=by_domain, status=status, username=username, display_name=display_name,
                                email=email, ip=ip, permissions=permissions, invited_by=inviter, role_ids=roles)

    @api_version("2.9.1", "2.9.1")
    def admin_accounts(self, remote: bool = False, by_domain: Optional[str] = None, status: Optional[str] = "active",
                       username: Optional[str] = None, display_name: Optional[str] = None,
                       email: Optional[str] = None, ip: Optional[str] = None, staff_only: bool = False,
                       max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                       limit: Optional[int] = None) -> PaginatableList[AdminAccount]:
        """Search the accounts known to the server with the first, flag-based filters
        (``GET /api/v1/admin/accounts``).

        Kept for scripts written against it; :meth:`admin_accounts_v2` has the richer filters.

        :param remote: only accounts from other servers (by default local and remote ones).
        :param by_domain: only accounts from this domain.
        :param status: only accounts in this state: ``"active"`` (the default), ``"pending"``,
            ``"disabled"``, ``"silenced"``, ``"suspended"`` or ``"sensitized"``; None for any.
        :param username: accounts whose username contains this text.
        :param display_name: accounts whose display name contains this text.
        :param email: accounts registered with this e-mail address.
        :param ip: accounts that used this IP address.
        :param staff_only: only accounts with a staff role.
        :param max_id: return only accounts older than this id.
        :param min_id: return the accounts immediately newer than this id.
        :param since_id: return only accounts newer than this id.
        :param limit: page size (server default 100, at most 200).
        :returns: :class:`PaginatableList` of Admin::Account.
        """
        return self._accounts_v1(remote, by_domain, status, username, display_name, email, ip, staff_only,
                                 max_id, min_id, since_id, limit)

    @api_version("2.9.1", "2.9.1")
    def admin_accounts_v1(self, remote: bool = False, by_domain: Optional[str] = None,
                          status: Optional[str] = "active", username: Optional[str] = None,
                          display_name: Optional[str] = None, email: Optional[str] = None, ip: Optional[str] = None,
                          staff_only: bool = False, max_id: PageBound = None, min_id: PageBound = None,
                          since_id: PageBound = None, limit: Optional[int] = None) -> PaginatableList[AdminAccount]:
        """The same search as :meth:`admin_accounts`, under the name that says which endpoint it uses
        (``GET /api/v1/admin/accounts``).

        :param remote: only accounts from other servers (by default local and remote ones).
        :param by_domain: only accounts from this domain.
        :param status: only accounts in this state: ``"active"`` (the default), ``"pending"``,
            ``"disabled"``, ``"silenced"``, ``"suspended"`` or ``"sensitized"``; None for any.
        :param username: accounts whose username contains this text.
        :param display_name: accounts whose display name contains this text.
        :param email: accounts registered with this e-mail address.
        :param ip: accounts that used this IP address.
        :param staff_only: only accounts with a staff role.
        :param max_id: return only accounts older than this id.
        :param min_id: return the accounts immediately newer than this id.
        :param since_id: return only accounts newer than this id.
        :param limit: page size (server default 100, at most 200).
        :returns: :class:`PaginatableList` of Admin::Account.
        """
        return self._accounts_v1(remote, by_domain, status, username, display_name, email, ip, staff_only,
                                 max_id, min_id, since_id, limit)

    @api_version("2.9.1", "2.9.1")
    def admin_account(self, id: IdLike) -> AdminAccount:
        """What moderators see of one account: e-mail, IPs, role, state (``GET /api/v1/admin/accounts/:id``).

        :param id: the account (id, Account or Admin::Account).
        :returns: Admin::Account.
        """
        return self._api_request("GET", f"/api/v1/admin/accounts/{path_id(id)}")

    @api_version("2.9.1", "2.9.1")
    def admin_account_enable(self, id: IdLike) -> AdminAccount:
        """Let a local account whose login was disabled log in again
        (``POST /api/v1/admin/accounts/:id/enable``).

        :param id: the account (id or entity).
        :returns: Admin::Account, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/enable")

    @api_version("2.9.1", "2.9.1")
    def admin_account_approve(self, id: IdLike) -> AdminAccount:
        """Accept a sign-up that waits for approval (``POST /api/v1/admin/accounts/:id/approve``).

        :param id: the pending account (id or entity).
        :returns: Admin::Account, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/approve")

    @api_version("2.9.1", "2.9.1")
    def admin_account_reject(self, id: IdLike) -> AdminAccount:
        """Turn down a sign-up that waits for approval; the pending account is removed
        (``POST /api/v1/admin/accounts/:id/reject``).

        :param id: the pending account (id or entity).
        :returns: Admin::Account, as it was.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/reject")

    @api_version("2.9.1", "2.9.1")
    def admin_account_unsilence(self, id: IdLike) -> AdminAccount:
        """Lift a silence (limit) from an account (``POST /api/v1/admin/accounts/:id/unsilence``).

        :param id: the account (id or entity).
        :returns: Admin::Account, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsilence")

    @api_version("2.9.1", "2.9.1")
    def admin_account_unsuspend(self, id: IdLike) -> AdminAccount:
        """Lift a suspension from an account (``POST /api/v1/admin/accounts/:id/unsuspend``).

        :param id: the account (id or entity).
        :returns: Admin::Account, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsuspend")

    @api_version("3.3.0", "3.3.0")
    def admin_account_delete(self, id: IdLike) -> AdminAccount:
        """Erase the data of a suspended account for good (``DELETE /api/v1/admin/accounts/:id``).

        :param id: the suspended account (id or entity).
        :returns: Admin::Account, as it was.
        """
        return self._api_request("DELETE", f"/api/v1/admin/accounts/{path_id(id)}")

    @api_version("3.3.0", "3.3.0")
    def admin_account_unsensitive(self, id: IdLike) -> AdminAccount:
        """Stop forcing an account's media to be marked sensitive
        (``POST /api/v1/admin/accounts/:id/unsensitive``).

        :param id: the account (id or entity).
        :returns: Admin::Account, as it is now.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsensitive")

    @api_version("2.9.1", "2.9.1")
    def admin_account_moderate(self, id: IdLike, action: Optional[str] = None, report_id: Optional[IdLike] = None,
                               warning_preset_id: Optional[IdLike] = None, text: Optional[str] = None,
                               send_email_notification: bool = True) -> None:
        """Take a moderation action against an account and record it in the moderation log
        (``POST /api/v1/admin/accounts/:id/action``). Open reports against the account are resolved.

        :param id: the account (id or entity).
        :param action: ``"none"`` (the default: only warn), ``"sensitive"`` (force media sensitive),
            ``"disable"`` (block logins), ``"silence"`` (limit) or ``"suspend"``.
        :param report_id: the report (id or entity) this action answers; it is resolved with it.
        :param warning_preset_id: a warning preset whose text is sent to the user.
        :param text: a message to the user explaining the action (after the preset's text, if both).
        :param send_email_notification: e-mail the user about the action.
        :returns: None.
        """
        check_choice("action", action, ACCOUNT_ACTIONS)
        params = {"type": action or "none", "report_id": report_id, "warning_preset_id": warning_preset_id,
                  "text": text, "send_email_notification": bool(send_email_notification)}
        self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/action", params)
        return None
