"""What a person does in a browser with an authorization URL: sign in, press "Allow", copy the code."""

from __future__ import annotations

import html
import re
from typing import Dict, Optional
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

_FORM = re.compile(r"<form\b[^>]*\baction=\"([^\"]*)\"[^>]*>(.*?)</form>", re.S | re.I)
_HIDDEN = re.compile(r"<input\b[^>]*type=\"hidden\"[^>]*>", re.I)
_ATTR = re.compile(r"(\w+)=\"([^\"]*)\"")
_CODE = re.compile(r"<code>\s*([^<\s]+)\s*</code>")


def _form(page: requests.Response) -> tuple:
    """(absolute action URL, hidden fields) of the page's form."""
    match = _FORM.search(page.text)
    assert match, f"no form on {page.url}: {page.text[:300]}"
    fields: Dict[str, str] = {}
    for tag in _HIDDEN.findall(match.group(2)):
        attrs = dict(_ATTR.findall(tag))
        if "name" in attrs:
            fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
    return urljoin(page.url, html.unescape(match.group(1))), fields


def _code_from(response: requests.Response) -> Optional[str]:
    location = response.headers.get("Location", "")
    code = parse_qs(urlsplit(location).query).get("code")
    if code:
        return code[0]
    found = _CODE.search(response.text or "")
    return html.unescape(found.group(1)) if found else None


def authorize_in_browser(url: str, email: str, password: str, session: Optional[requests.Session] = None) -> str:
    """Open ``url``, sign in with ``email``/``password``, allow the app; the authorization code.

    With the out-of-band redirect URI the server shows the code on a page; with a real
    redirect URI it is read from the redirect's ``Location`` (which is not followed).
    """
    browser = session or requests.Session()
    browser.headers["User-Agent"] = "Mozilla/5.0 (live tests)"
    browser.headers["Accept"] = "text/html"
    page = browser.get(url, timeout=10)  # redirected to the sign-in page
    page.raise_for_status()
    action, fields = _form(page)
    page = browser.post(action, data={**fields, "username": email, "password": password}, timeout=10)
    page.raise_for_status()  # redirected back to the authorization page
    action, fields = _form(page)
    allowed = browser.post(action, data=fields, timeout=10, allow_redirects=False)
    assert allowed.status_code in (302, 303), f"authorization refused: {allowed.status_code} {allowed.text[:300]}"
    code = _code_from(allowed)
    if code is None:
        shown = browser.get(urljoin(allowed.url, allowed.headers["Location"]), timeout=10)
        code = _code_from(shown)
    assert code, "no authorization code after allowing the app"
    return code
