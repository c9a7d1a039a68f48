"""Sign in through a server's own OAuth pages, as a person with a browser would, to get a code.

GoToSocial's pages are handled by ``live_browser``; this module handles snac's (a login form
whose answer, for the out-of-band redirect, is the code itself). Servers whose pages need more
(Takahē's Django forms with CSRF tokens, Hollo's cookie login and account picker) get None: their
users' tokens in creds.json come from the same flow run by their serve.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

import requests


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: List[Tuple[str, Dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((values.get("action", ""), {}))
        elif tag == "input" and self.forms and values.get("name"):
            self.forms[-1][1][values["name"]] = values.get("value", "")


def _on_base(url: str, base_url: str) -> str:
    """A page's link as a URL on the address the tests use (the server names itself localhost)."""
    parts = urlsplit(url)
    return base_url + parts.path + (f"?{parts.query}" if parts.query else "")


def snac_code(authorize_url: str, base_url: str, user: Dict[str, Any]) -> str:
    session = requests.Session()
    session.headers["User-Agent"] = "mastodon-client live tests"
    page = session.get(authorize_url, timeout=30)
    page.raise_for_status()
    parser = _Forms()
    parser.feed(page.text)
    action, fields = next((a, f) for a, f in parser.forms if "passwd" in f)
    fields.update(login=user["username"], passwd=user["password"])
    answer = session.post(_on_base(action, base_url), data=fields, timeout=30)
    answer.raise_for_status()
    return answer.text.strip()


def code_for(software: str, authorize_url: str, base_url: str, user: Dict[str, Any]) -> Optional[str]:
    """The authorization code for ``user`` where this module knows the server's pages, else None."""
    if software == "snac":
        return snac_code(authorize_url, base_url, user)
    return None
