"""Polls: reading and voting, and building the poll parameter of a new status."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Iterable, List, Sequence, Union

from ..core.params import IdLike, path_id
from ..core.values import AttribAccessDict
from ..core.versions import api_version
from ..errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ..return_types import Poll

__all__ = ["PollsMixin"]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _choice_list(choices: Union[int, Iterable[int]]) -> List[int]:
    """The option indices to vote for: one int or several, each 0 or more (how many, and which, the server judges)."""
    picked: List[Any]
    if _is_int(choices):
        picked = [choices]
    else:
        if isinstance(choices, (str, bytes)) or not hasattr(choices, "__iter__"):
            raise MastodonIllegalArgumentError(f"choices must be an option index or a list of them; got {choices!r}")
        picked = list(choices)  # type: ignore[arg-type]
    bad = [c for c in picked if not _is_int(c) or c < 0]
    if bad:
        raise MastodonIllegalArgumentError(f"choices are option indices (ints from 0); got {bad!r}")
    return picked


class PollsMixin:
    """Poll endpoints. A poll is read and voted on by its own id, found in ``status.poll.id``."""

    _api_request: Any

    @api_version("2.8.0", "2.8.0")
    def poll(self, id: IdLike) -> Poll:
        """Read a poll with its current results (``GET /api/v1/polls/:id``).

        :param id: the poll (id, or the Poll entity found in ``status.poll``).
        :returns: the Poll.
        """
        return self._api_request("GET", f"/api/v1/polls/{path_id(id)}")

    @api_version("2.8.0", "2.8.0")
    def poll_vote(self, id: IdLike, choices: Union[int, Sequence[int]]) -> Poll:
        """Vote in a poll (``POST /api/v1/polls/:id/votes``).

        :param id: the poll (id or Poll).
        :param choices: the index of the option voted for (counting from 0), or a list of
            indices for a poll that allows several choices.
        :returns: the Poll, with ``voted`` and ``own_votes`` now set.
        """
        picked = _choice_list(choices)
        return self._api_request("POST", f"/api/v1/polls/{path_id(id)}/votes", {"choices": picked})

    @api_version("2.8.0", "2.8.0")
    def make_poll(self, options: Sequence[str], expires_in: Union[int, timedelta], multiple: bool = False,
                  hide_totals: bool = False) -> AttribAccessDict:
        """Build the ``poll`` argument of :meth:`status_post` / :meth:`status_update`. Sends nothing.

        :param options: the answers to choose from, as a list of strings (servers want at
            least two; how many and how long each may be is in the instance configuration).
        :param expires_in: how long the poll stays open, in seconds (or a ``timedelta``).
        :param multiple: allow voting for several options.
        :param hide_totals: hide the vote counts until the poll closes.
        :returns: a dict with ``options``, ``expires_in``, ``multiple`` and ``hide_totals``,
            sent as ``poll[options][]``, ``poll[expires_in]``, ... with the status.
        """
        if isinstance(options, (str, bytes)) or not hasattr(options, "__iter__"):
            raise MastodonIllegalArgumentError(f"options must be a list of strings; got {options!r}")
        options = list(options)
        if not all(isinstance(o, str) for o in options):
            raise MastodonIllegalArgumentError(f"options must be a list of strings; got {options!r}")
        if isinstance(expires_in, timedelta):
            expires_in = int(expires_in.total_seconds())
        if not _is_int(expires_in):
            raise MastodonIllegalArgumentError(f"expires_in must be a whole number of seconds; got {expires_in!r}")
        return AttribAccessDict(options=options, expires_in=expires_in, multiple=bool(multiple),
                                hide_totals=bool(hide_totals))
