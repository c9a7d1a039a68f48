"""The servers x features table: what the live journeys expect of each server software.

One source for two checks: ``tests/live/test_servers_live.py`` runs each journey against each
server and asserts the outcome written here (a feature marked unsupported must end in the
documented error, or in the empty answer noted), and ``tests/test_servers_doc.py`` checks that
the table in ``docs/servers.rst`` is :func:`render` of this data. Regenerate the page's table
with ``python tests/live/server_features.py``.
"""

from __future__ import annotations

import os
import sys
from typing import Dict, List, Tuple

SERVERS = ("gotosocial", "snac", "takahe", "hollo")

#: Feature -> what the journey does.
FEATURES: Dict[str, str] = {
    "server_info": "server_info() names the software and its Mastodon version",
    "oauth_app": "create_app, sign-in on the server's own pages, log_in(code=...), verify_credentials",
    "post_cw": "status_post with a content warning",
    "post_poll": "status_post with a poll",
    "post_media": "media_post (v2, else v1), then status_post with it",
    "reply": "a reply appears in the parent's context",
    "favourite_boost": "status_favourite and status_reblog, undone",
    "follow": "account_follow, account_relationships, account_unfollow",
    "timelines": "home and public timelines",
    "notifications": "a favourite notifies the author",
    "search": "search_v2 finds a local account",
    "paging": "5+ pages of account_statuses with fetch_remaining",
    "errors": "a missing status is MastodonNotFoundError, a bad token MastodonUnauthorizedError",
    "streaming": "stream_user delivers a new status",
    "markers": "markers_get",
    "unread_count": "notifications_unread_count",
    "mute": "account_mute and account_unmute",
    "filters_v2": "filters_v2",
    "scheduled_statuses": "scheduled_statuses",
    "conversations": "conversations",
    "grouped_notifications": "grouped_notifications (/api/v2/notifications)",
}

#: Where a server differs: feature -> (outcome, note). Outcome is an exception class name (the
#: documented error the call ends in) or ``"empty"`` (the server answers, with nothing in it).
#: Every feature not named here is "yes": the journey runs in full.
DIFFERENCES: Dict[str, Dict[str, Tuple[str, str]]] = {
    "gotosocial": {
        "unread_count": ("MastodonNotFoundError", "404"),
        "grouped_notifications": ("MastodonNotFoundError", "404"),
    },
    "snac": {
        "streaming": ("MastodonNotSupportedError", "no streaming API; raised before sending"),
        "search": ("empty", "finds no local account by name"),
        "unread_count": ("MastodonNotFoundError", "404, HTML"),
        "mute": ("MastodonNotFoundError", "404 (block is its mute)"),
        "grouped_notifications": ("MastodonNotFoundError", "404, HTML"),
        "filters_v2": ("empty", "always []"),
        "markers": ("empty", "always {}"),
        "scheduled_statuses": ("empty", "always []"),
        "conversations": ("empty", "always []"),
    },
    "takahe": {
        "streaming": ("MastodonNotSupportedError", "no streaming API; raised before sending"),
        "markers": ("MastodonNotFoundError", "404, HTML"),
        "unread_count": ("MastodonInternalServerError", "500, HTML"),
        "scheduled_statuses": ("MastodonNotFoundError", "404, HTML"),
        "grouped_notifications": ("MastodonNotFoundError", "404, HTML"),
        "filters_v2": ("empty", "always []"),
    },
    "hollo": {
        "streaming": ("MastodonNotSupportedError", "no streaming API; raised before sending"),
        "notifications": ("empty", "no notifications between local accounts"),
        "unread_count": ("MastodonNotFoundError", "404"),
        "filters_v2": ("MastodonNotFoundError", "404"),
        "scheduled_statuses": ("MastodonNotFoundError", "404"),
        "conversations": ("MastodonNotFoundError", "404"),
        "grouped_notifications": ("empty", "answers, always empty"),
    },
}


def outcome(server: str, feature: str) -> Tuple[str, str]:
    """``("yes", "")`` or the difference noted for ``server`` and ``feature``."""
    return DIFFERENCES.get(server, {}).get(feature, ("yes", ""))


def _cell(server: str, feature: str) -> str:
    kind, note = outcome(server, feature)
    if kind == "yes":
        return "yes"
    if kind == "empty":
        return f"empty ({note})"
    return f"no: ``{kind}`` ({note})"


def render() -> List[str]:
    """The table as reStructuredText lines (a ``list-table``)."""
    lines = [".. list-table:: Features on each server (checked by the live tests)", "   :header-rows: 1",
             "   :widths: 30 " + " ".join("20" for _ in SERVERS), "",
             "   * - Feature"]
    lines += [f"     - {server}" for server in SERVERS]
    for feature, text in FEATURES.items():
        lines.append(f"   * - ``{feature}``: {text}")
        lines += [f"     - {_cell(server, feature)}" for server in SERVERS]
    return lines


BEGIN = ".. servers-table-begin"
END = ".. servers-table-end"
DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs",
                   "servers.rst")


def page_with_table(text: str) -> str:
    """``text`` (docs/servers.rst) with the part between the markers replaced by :func:`render`."""
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + BEGIN + "\n\n" + "\n".join(render()) + "\n\n" + END + tail


if __name__ == "__main__":  # pragma: no cover - the maintainer's regeneration step
    with open(DOC, encoding="utf-8") as f:
        current = f.read()
    updated = page_with_table(current)
    if updated != current:
        with open(DOC, "w", encoding="utf-8") as f:
            f.write(updated)
        print("docs/servers.rst: table updated")
    sys.exit(0)
