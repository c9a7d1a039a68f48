"""Property tests: the credential-file reader takes any file to credentials or the documented error."""

import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mastodon import Mastodon, MastodonFileNotFoundError, MastodonIllegalArgumentError
from mastodon.credentials import (client_credential_lines, is_credential_file, parse_user_text, read_client_file,
                                  read_user_file, user_credential_lines)

WORD = st.text(alphabet=string.ascii_letters + string.digits + "-_.~+=", min_size=1, max_size=90)
URL = st.from_regex(r"\Ahttps?://[a-z0-9]{1,20}(\.[a-z]{2,6}){1,2}(:[0-9]{2,5})?\Z")
NAME = st.text(min_size=1, max_size=30).filter(lambda n: n.strip() and n.isprintable())
DOCUMENTED = (MastodonIllegalArgumentError, MastodonFileNotFoundError)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("creds")


@given(st.binary(max_size=400))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_file_reads_as_credentials_or_a_documented_error(folder, content):
    path = folder / "any.secret"
    path.write_bytes(content)
    for reader in (read_user_file, read_client_file):
        try:
            creds = reader(path)
        except DOCUMENTED:
            continue
        assert all(v is None or (isinstance(v, str) and v == v.strip() and "\n" not in v) for v in creds)
        assert creds[0]


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_parses_or_raises_illegal_argument(text):
    try:
        creds = parse_user_text(text)
    except MastodonIllegalArgumentError:
        return
    assert creds.access_token and not any(c.isspace() for c in creds.access_token)


@given(WORD, URL, st.one_of(st.none(), WORD), st.one_of(st.none(), WORD))
@settings(max_examples=200, deadline=None)
def test_user_credentials_round_trip(token, url, client_id, secret):
    text = user_credential_lines(token, url, client_id, secret)
    assert tuple(parse_user_text(text)) == (token, url, client_id, secret)
    api = Mastodon(access_token=text)
    assert (api.access_token, api.api_base_url) == (token, url.rstrip("/"))
    assert api.persistable_login_credentials() == user_credential_lines(
        token, url, client_id, secret if client_id else None)


@given(WORD, WORD, URL, NAME)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_client_credentials_round_trip(folder, client_id, secret, url, name):
    path = folder / "client.secret"
    path.write_text(client_credential_lines(client_id, secret, url, name), encoding="utf-8")
    assert tuple(read_client_file(path)) == (client_id, secret, url, " ".join(name.split()))


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_constructor_takes_any_token_argument(value):
    assert isinstance(is_credential_file(value), bool)
    try:
        api = Mastodon(access_token=value, api_base_url="https://mastodon.example")
    except DOCUMENTED:
        return
    assert api.api_base_url == "https://mastodon.example"
    if "\n" not in value.strip() and not is_credential_file(value):
        assert api.access_token == (value.strip() or None)  # surrounding whitespace is stripped
