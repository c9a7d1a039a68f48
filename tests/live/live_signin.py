"""Sign in through a server's own OAuth pages, as a person with a browser would, to get a code.

GoToSocial's pages are handled by ``live_browser``; this module handles snac's (a login form
whose answer, for the out-of-band redirect, is the code itself) and Hollo's (a cookie login, then
an account picker whose answer shows the code) and Takahē's (Django's login form, then an
identity picker, both with CSRF tokens; the code is shown in the page's text).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

import requests


class _Forms(HTMLParser):
    """The forms of a page: (action, fields) with hidden and text inputs and named buttons (radio
    choices are left to the caller); also the text of ``<code>`` elements."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: List[Tuple[str, Dict[str, str]]] = []
        self.codes: List[str] = []
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((values.get("action", ""), {}))
        elif tag in ("input", "button") and self.forms and values.get("name") and values.get("type") != "radio":
            self.forms[-1][1][values["name"]] = values.get("value", "")
        self._in_code = tag == "code"

    def handle_data(self, data: str) -> None:
        if self._in_code and data.strip():
            self.codes.append(data.strip())

    def handle_endtag(self, tag: str) -> None:
        self._in_code = False


def _parse(text: str) -> _Forms:
    parser = _Forms()
    parser.feed(text)
    return parser


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = "mastodon-client live tests"
    return session


def _on_base(url: str, base_url: str) -> str:
    """A page's link as a URL on the address the tests use (the server names itself localhost)."""
    parts = urlsplit(url)
    return base_url + parts.path + (f"?{parts.query}" if parts.query else "")


def snac_code(authorize_url: str, base_url: str, user: Dict[str, Any]) -> str:
    session = _session()
    page = session.get(authorize_url, timeout=30)
    page.raise_for_status()
    action, fields = next((a, f) for a, f in _parse(page.text).forms if "passwd" in f)
    fields.update(login=user["username"], passwd=user["password"])
    answer = session.post(_on_base(action, base_url), data=fields, timeout=30)
    answer.raise_for_status()
    return answer.text.strip()


def hollo_code(authorize_url: str, base_url: str, user: Dict[str, Any]) -> str:
    session = _session()
    origin = {"Origin": base_url}  # Hollo's forms check it (CSRF)
    session.post(base_url + "/login", data={"email": user["email"], "password": user["password"]}, headers=origin,
                 timeout=30).raise_for_status()
    page = session.get(authorize_url, timeout=30)
    page.raise_for_status()
    action, fields = next((a, f) for a, f in _parse(page.text).forms if "/oauth/authorize" in a)
    fields["account_id"] = user["id"]  # the account picker: one login owns every account
    answer = session.post(_on_base(action, base_url) if "://" in action else base_url + action, data=fields,
                          headers=origin, timeout=30)
    answer.raise_for_status()
    codes = _parse(answer.text).codes
    assert codes, f"no code on Hollo's page: {answer.text[:300]}"
    return codes[0]


def takahe_code(authorize_url: str, base_url: str, user: Dict[str, Any]) -> str:
    session = _session()
    page = session.get(authorize_url, timeout=30)  # redirected to the login form
    page.raise_for_status()
    for fill in ({"username": user["email"], "password": user["password"]}, {"identity": str(user["id"])}):
        _, fields = _parse(page.text).forms[0]  # forms posting to their own page (action ".")
        fields.update(fill)
        page = session.post(page.url, data=fields, headers={"Referer": page.url}, timeout=30)
        page.raise_for_status()
    text = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    found = re.search(r"provide this code to your application:\s*(\S+)", text)
    assert found, f"no code on Takahē's page: {text[:300]}"
    return found.group(1)


def code_for(software: str, authorize_url: str, base_url: str, user: Dict[str, Any]) -> Optional[str]:
    """The authorization code for ``user`` from the server's own pages (None for a software this
    module does not know)."""
    if software == "snac":
        return snac_code(authorize_url, base_url, user)
    if software == "hollo":
        return hollo_code(authorize_url, base_url, user)
    if software == "takahe":
        return takahe_code(authorize_url, base_url, user)
    return None
