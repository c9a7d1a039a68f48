"""What the admin modules share: path ids, optional flags and the one paginated-listing request."""

from __future__ import annotations

from typing import Any, Optional

from ...core.params import PageBound, only_if_true, page_params, path_id
from ...core.values import PaginatableList
from ...errors import MastodonIllegalArgumentError

__all__ = ["AdminBase", "PageBound", "path_id", "only_if_true", "required_text"]


def required_text(value: Any, name: str) -> str:
    """``value`` stripped of surrounding blanks; raises unless it is a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise MastodonIllegalArgumentError(f"{name} must be a non-empty string; got {value!r}")
    return value.strip()


class AdminBase:
    """Base of the admin mixins: the request path of the client and the shared listing request."""

    _api_request: Any

    def _admin_page(self, path: str, max_id: PageBound, min_id: PageBound, since_id: PageBound,
                    limit: Optional[int], **filters: Any) -> PaginatableList:
        """GET one page of an admin listing; ``filters`` (None dropped) and the page bounds form the query."""
        return self._api_request("GET", path, page_params(max_id, min_id, since_id, limit, **filters))
