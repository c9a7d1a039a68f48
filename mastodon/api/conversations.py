"""Direct conversations: the threads of private mentions you take part in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..core.params import IdLike, PageBound, page_params, path_id
from ..core.values import PaginatableList
from ..core.versions import api_version

if TYPE_CHECKING:
    from ..return_types import Conversation

__all__ = ["ConversationsMixin"]


class ConversationsMixin:
    """Conversation endpoints: the threads of ``direct`` statuses, with their read state."""

    _api_request: Any

    @api_version("2.6.0", "2.6.0")
    def conversations(self, max_id: PageBound = None, min_id: PageBound = None, since_id: PageBound = None,
                      limit: Optional[int] = None) -> PaginatableList[Conversation]:
        """Your direct conversations, most recently active first (``GET /api/v1/conversations``).

        :param max_id: return only conversations older than this id.
        :param min_id: return the conversations immediately newer than this id.
        :param since_id: return only conversations newer than this id.
        :param limit: how many to return (server default 20, at most 40).
        :returns: :class:`PaginatableList` of Conversation (``accounts``, ``last_status``,
            ``unread``); use ``fetch_next`` for more.
        """
        return self._api_request("GET", "/api/v1/conversations",
                                 page_params(max_id, min_id, since_id, limit))

    @api_version("2.6.0", "2.6.0")
    def conversations_read(self, id: IdLike) -> Conversation:
        """Mark a conversation as read (``POST /api/v1/conversations/:id/read``).

        :param id: the conversation (id or Conversation).
        :returns: the Conversation, with ``unread`` false.
        """
        return self._api_request("POST", f"/api/v1/conversations/{path_id(id)}/read")

    @api_version("4.2.0", "4.2.0")
    def conversations_unread(self, id: IdLike) -> Conversation:
        """Mark a conversation as unread again (``POST /api/v1/conversations/:id/unread``).

        :param id: the conversation (id or Conversation).
        :returns: the Conversation, with ``unread`` true.
        """
        return self._api_request("POST", f"/api/v1/conversations/{path_id(id)}/unread")

    @api_version("2.6.0", "2.6.0")
    def conversations_delete(self, id: IdLike) -> None:
        """Remove a conversation from your list (``DELETE /api/v1/conversations/:id``).

        The statuses in it are not deleted; a new message in the thread brings it back.

        :param id: the conversation (id or Conversation).
        :returns: None.
        """
        self._api_request("DELETE", f"/api/v1/conversations/{path_id(id)}")
