"""Canned, realistic payloads for the benchmarks: home-timeline pages and streamed ``update`` events.

Statuses are built from the API documentation's entity examples (``tests/fixtures/entities``)
and the statuses recorded from a GoToSocial server (``tests/fixtures/*.json``): every status
has its account, and a seeded mix of them carry media attachments (with ``meta``, focus and
blurhash), mentions, custom emojis, hashtags, preview cards, polls, edits, replies, quotes
and reblogs (a status wrapping another). Ids are Mastodon snowflakes that fall from page to
page, dates move back in time with them, so no two statuses of a walk are alike.

Standard library only; importable under any interpreter the benchmark runs.
"""

import copy
import json
import os
import random
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, os.pardir, "tests", "fixtures")
ENTITIES = os.path.join(FIXTURES, "entities")

SEED = 20191208
PER_PAGE = 40
N_PAGES = 100
INSTANCE = "mastodon.example"
#: The moment of the newest status of the first page.
NEWEST = datetime(2026, 11, 26, 19, 37, 27, 966000, tzinfo=timezone.utc)

_HOSTS = ["mastodon.social", "hachyderm.io", "fosstodon.org", "chaos.social", "mstdn.jp", "infosec.exchange",
          "social.coop", "mas.to", "gts.example.net", INSTANCE]
_LANGS = ["en", "en", "en", "de", "fr", "ja", "es", "nl", None]
_WORDS = ("the of and to in is that for it as was with be by on not he this are or his from at which but have an "
          "they you were her she there been one all we their has would when if so no what up out about who get "
          "them me server federation timeline release build fixed update patch coffee train weather photo "
          "garden cat dog music concert paper draft review merge deploy rust python release notes").split()


def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _entity(name: str) -> Any:
    return _load(os.path.join(ENTITIES, name + ".json"))


def _recorded_statuses() -> List[Dict[str, Any]]:
    out: List[Dict[str, Any]] = []
    for name in ("timeline_home_bob", "timeline_public", "account_statuses", "status_post_poll"):
        path = os.path.join(FIXTURES, name + ".json")
        if os.path.exists(path):
            body = _load(path)["body"]
            out.extend(body if isinstance(body, list) else [body])
    return out


def _iso(moment: datetime) -> str:
    """Mastodon's format: milliseconds and ``Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _snowflake(moment: datetime, rng: random.Random) -> str:
    return str((int(moment.timestamp() * 1000) << 16) | rng.randrange(65536))


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


class _Builder:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.status_doc = _entity("Status")
        self.account_doc = _entity("Account")
        self.media_doc = _entity("MediaAttachment")
        self.poll_doc = _entity("Poll")
        self.card_docs = [_entity("PreviewCard"), self.status_doc["card"]]
        self.emoji_doc = _entity("CustomEmoji")
        self.recorded = _recorded_statuses()
        self.accounts = [self._account(i) for i in range(60)]

    # -- entities ---------------------------------------------------------------------------
    def _account(self, i: int) -> Dict[str, Any]:
        rng = self.rng
        if i % 7 == 3 and self.recorded:
            acc = copy.deepcopy(rng.choice(self.recorded)["account"])  # GoToSocial's shape
        else:
            acc = copy.deepcopy(self.account_doc)
        host = _HOSTS[i % len(_HOSTS)]
        user = f"{rng.choice(_WORDS)}_{i}"
        created = NEWEST - timedelta(days=rng.randrange(30, 3000), seconds=rng.randrange(86400),
                                     milliseconds=rng.randrange(1000))
        acc.update({
            "id": str(100000 + i * 7919),
            "username": user,
            "acct": user if host == INSTANCE else f"{user}@{host}",
            "display_name": _text(rng, 2).title(),
            "created_at": _iso(created),
            "url": f"https://{host}/@{user}",
            "followers_count": rng.randrange(0, 50000),
            "following_count": rng.randrange(0, 3000),
            "statuses_count": rng.randrange(1, 90000),
            "last_status_at": (NEWEST - timedelta(days=rng.randrange(0, 5))).strftime("%Y-%m-%d"),
            "bot": i % 13 == 0,
            "locked": i % 11 == 0,
        })
        acc["avatar"] = acc["avatar_static"] = f"https://files.{INSTANCE}/accounts/avatars/{i:06d}/original/a.png"
        acc["note"] = f"<p>{_text(rng, rng.randrange(3, 40))}</p>"
        fields = []
        for k in range(i % 4):
            site = f"{rng.choice(_WORDS)}.example.org"
            fields.append({
                "name": rng.choice(["Pronouns", "Website", "Blog", "Code", "Location"]),
                "value": (f'<a href="https://{site}" rel="me nofollow noopener noreferrer" target="_blank">'
                          f'<span class="invisible">https://</span><span class="">{site}</span></a>'),
                "verified_at": _iso(created + timedelta(days=k + 1)) if k % 2 == 0 else None,
            })
        acc["fields"] = fields
        if i % 3:
            acc["emojis"] = []
        return acc

    def _media(self, moment: datetime, n: int) -> List[Dict[str, Any]]:
        out = []
        for _ in range(n):
            m = copy.deepcopy(self.media_doc)
            mid = str(int(moment.timestamp() * 1000) * 1000 + self.rng.randrange(1000))
            m["id"] = mid
            m["url"] = f"https://files.{INSTANCE}/media_attachments/files/{mid}/original/x.jpeg"
            m["preview_url"] = f"https://files.{INSTANCE}/media_attachments/files/{mid}/small/x.jpeg"
            m["description"] = _text(self.rng, self.rng.randrange(3, 20))
            m["meta"]["focus"] = {"x": round(self.rng.uniform(-1, 1), 2), "y": round(self.rng.uniform(-1, 1), 2)}
            out.append(m)
        return out

    def _status(self, moment: datetime, allow_reblog: bool = True) -> Dict[str, Any]:
        rng = self.rng
        account = rng.choice(self.accounts)
        if self.recorded and rng.random() < 0.2:
            st = copy.deepcopy(rng.choice(self.recorded))  # GoToSocial's shape (interaction_policy, text, ...)
        else:
            st = copy.deepcopy(self.status_doc)
        sid = _snowflake(moment, rng)
        host = account["url"].split("/")[2]
        st.update({
            "id": sid,
            "created_at": _iso(moment),
            "account": account,
            "uri": f"https://{host}/users/{account['username']}/statuses/{sid}",
            "url": f"https://{host}/@{account['username']}/{sid}",
            "language": rng.choice(_LANGS),
            "replies_count": rng.randrange(0, 40),
            "reblogs_count": rng.randrange(0, 200),
            "favourites_count": rng.randrange(0, 500),
            "content": f"<p>{_text(rng, rng.randrange(4, 60))}</p>",
            "visibility": rng.choice(["public", "public", "unlisted", "private"]),
            "media_attachments": self._media(moment, rng.choice([1, 1, 2, 4])) if rng.random() < 0.3 else [],
            "mentions": [], "tags": [], "emojis": [], "card": None, "poll": None, "reblog": None,
            "edited_at": _iso(moment + timedelta(minutes=rng.randrange(1, 90))) if rng.random() < 0.1 else None,
            "in_reply_to_id": None, "in_reply_to_account_id": None,
        })
        if rng.random() < 0.25:
            for other in rng.sample(self.accounts, rng.randrange(1, 4)):
                st["mentions"].append({"id": other["id"], "username": other["username"], "url": other["url"],
                                       "acct": other["acct"]})
        if rng.random() < 0.25:
            st["tags"] = [{"name": w, "url": f"https://{INSTANCE}/tags/{w}"}
                          for w in rng.sample(_WORDS, rng.randrange(1, 4))]
        if rng.random() < 0.15:
            for k in range(rng.randrange(1, 3)):
                e = dict(self.emoji_doc)
                e["shortcode"] = f"{e['shortcode']}{k}"
                st["emojis"].append(e)
        if rng.random() < 0.2:
            st["card"] = copy.deepcopy(rng.choice(self.card_docs))
        if rng.random() < 0.06:
            poll = copy.deepcopy(self.poll_doc)
            poll["id"] = str(rng.randrange(10 ** 6))
            poll["expires_at"] = _iso(moment + timedelta(days=1))
            st["poll"] = poll
        if rng.random() < 0.15:
            reply_to = rng.choice(self.accounts)
            st["in_reply_to_id"] = _snowflake(moment - timedelta(minutes=5), rng)
            st["in_reply_to_account_id"] = reply_to["id"]
        if allow_reblog and rng.random() < 0.15:
            inner = self._status(moment - timedelta(hours=rng.randrange(1, 48)), allow_reblog=False)
            st.update({"reblog": inner, "content": "", "media_attachments": [], "mentions": [], "tags": [],
                       "emojis": [], "card": None, "poll": None, "language": None,
                       "uri": st["uri"] + "/activity", "url": None})
        return st


def build_pages(n_pages: int = N_PAGES, per_page: int = PER_PAGE, seed: int = SEED) -> List[List[Dict[str, Any]]]:
    """``n_pages`` pages of ``per_page`` statuses, newest first, ids falling all the way."""
    b = _Builder(seed)
    pages = []
    moment = NEWEST
    for _ in range(n_pages):
        page = []
        for _ in range(per_page):
            page.append(b._status(moment))
            moment -= timedelta(seconds=b.rng.randrange(5, 240), milliseconds=b.rng.randrange(1000))
        pages.append(page)
    return pages


def page_bodies(n_pages: int = N_PAGES, per_page: int = PER_PAGE, seed: int = SEED) -> List[Tuple[bytes, str, str]]:
    """Each page as (JSON body, id of its first status, id of its last status)."""
    return [(json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), p[0]["id"], p[-1]["id"])
            for p in build_pages(n_pages, per_page, seed)]


def sse_events(n_events: int, seed: int = SEED + 1) -> bytes:
    """A server-sent-events stream of ``n_events`` ``update`` events (one status each, as the
    streaming API sends them), with a heartbeat comment every 50 events."""
    statuses = [s for page in build_pages(2, 50, seed) for s in page]
    parts = []
    for i in range(n_events):
        if i % 50 == 0:
            parts.append(b":thump\n")  # Mastodon's heartbeat: a comment line
        payload = json.dumps(statuses[i % len(statuses)], ensure_ascii=False, separators=(",", ":"))
        parts.append(b"event: update\ndata: " + payload.encode("utf-8") + b"\n\n")
    return b"".join(parts)


if __name__ == "__main__":  # a quick look at what gets served
    bodies = page_bodies()
    sizes = [len(b) for b, _, _ in bodies]
    first = json.loads(bodies[0][0])
    print(f"{len(bodies)} pages, {sum(sizes) / len(sizes) / 1024:.1f} KiB per page on average")
    print("statuses with media/mentions/tags/emojis/card/poll/reblog on page 1:",
          [sum(1 for s in first if s[k]) for k in ("media_attachments", "mentions", "tags", "emojis", "card",
                                                   "poll", "reblog")])
