"""Every endpoint method whose return annotation names an entity returns that entity, checked field by field.

The methods are found by walking :class:`Mastodon` (those defined in ``mastodon/api/**``,
``mastodon/auth.py`` and ``mastodon/streaming/__init__.py``), not listed by hand, so a new typed
method is covered, or makes :func:`test_every_typed_method_is_known` fail until this module
knows how to call it. Each is called through `responses` with one catch-all answer per HTTP
method (the paths are tested per area; here only the types count), whose body is an example of
the declared entity:

- the server docs' example (tests/fixtures/entities/NAME.json, see :data:`EXAMPLES`), or
- where the docs have none, a payload built from the class's declared fields (:func:`minimal`):
  every required (non-``Optional``) field with a value of its declared type, nested entities
  built the same way, ``Optional`` fields left out (so they must read as None);

wrapped in a list for list results. On the result, :func:`check` asserts, at every depth: the
class is the declared one (entities, PaginatableList / NonPaginatableList and their items),
declared ``datetime`` fields are aware datetimes, ``str`` fields were not turned into datetimes
(``AccountField.verified_at``), and declared fields absent from the payload read as None (one
declared field is removed from each example payload to make sure of it).

The recorded GoToSocial answers (tests/fixtures/*.json, copies of ../shared/fixtures/gotosocial)
are checked the same way for the methods they were recorded from.
"""

import inspect
import json
import os
import re
import sys
import typing
from datetime import date, datetime, timezone

import pytest
import responses as responses_lib
from conftest import BASE, TOKEN, entity, recorded

from mastodon import Mastodon
from mastodon import return_types
from mastodon.core.casting import hint_namespace, is_typed, resolve_return_hint
from mastodon.core.values import DATETIME_KEYS, _field_keys
from mastodon.types_base import (
    AttribAccessDict,
    EmptyResponse,
    MaybeSnowflakeIdType,
    NonPaginatableList,
    PaginatableList,
)

#: Where endpoint methods are defined (module name prefixes).
_AREAS = ("mastodon.api", "mastodon.auth", "mastodon.streaming")


def _defined_in_areas(func):
    module = getattr(inspect.unwrap(func), "__module__", "") or ""
    return module == "mastodon.auth" or module == "mastodon.streaming" or module.startswith("mastodon.api.") \
        or module == "mastodon.api"


def typed_methods():
    """name -> resolved return hint, for every public method of Mastodon whose annotation names an entity."""
    found = {}
    for name in sorted(dir(Mastodon)):
        if name.startswith("_"):
            continue
        attr = inspect.getattr_static(Mastodon, name)
        if isinstance(attr, (staticmethod, classmethod, property)) or not callable(attr):
            continue
        if not _defined_in_areas(attr):
            continue
        hint = resolve_return_hint(inspect.unwrap(attr))
        if is_typed(hint):
            found[name] = hint
    return found


TYPED = typed_methods()

# -- payloads ---------------------------------------------------------------------------------------
#: Entity class name -> the server docs' example (tests/fixtures/entities/<file>.json), where the
#: names differ. Classes named like their file need no entry; ``AdminX`` maps to ``Admin_X``.
EXAMPLES = {
    "UserList": "List",
    "FilterV2": "Filter",
    "Filter": "V1_Filter",
    "Instance": "V1_Instance",
    "InstanceV2": "Instance",
    "SearchV2": "Search",
    "AdminRetention": "Admin_Cohort",  # the docs' Admin::Cohort; its data items are our AdminCohort
}
#: Classes with an example file of their name that is not an example of the class.
NOT_EXAMPLES = {"Search"}  # Search.json is the v2 result (hashtags as Tags), our SearchV2

_STAMP = "2024-05-01T12:34:56.789Z"


def _example_file(cls):
    name = cls.__name__
    if name in NOT_EXAMPLES:
        return None
    name = EXAMPLES.get(name, name)
    if name.startswith("Admin") and name not in EXAMPLES.values():
        name = "Admin_" + name[len("Admin"):]
    try:
        entity(name)
    except FileNotFoundError:
        return None
    return name


def _hints(cls):
    ns = hint_namespace()
    return typing.get_type_hints(cls, globalns=ns, localns=ns)


def _is_entity(hint):
    return isinstance(hint, type) and issubclass(hint, AttribAccessDict) and bool(hint._mastopy_entity)


def _optional(hint):
    return typing.get_origin(hint) is typing.Union and type(None) in typing.get_args(hint)


def _strip(hint):
    if typing.get_origin(hint) is typing.Union:
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return hint


def _value_of(hint, key, depth):
    """A JSON value of a declared type (for :func:`minimal`)."""
    hint = _strip(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union:
        return _value_of(args[0], key, depth)
    if origin is typing.Literal:
        return args[0]
    if _is_entity(hint):
        return minimal(hint, depth + 1)
    if isinstance(origin, type) and issubclass(origin, list):
        return [_value_of(args[0], key, depth)] if args else []
    if isinstance(origin, type) and issubclass(origin, dict):
        return {"k": _value_of(args[1], key, depth)} if len(args) == 2 else {}
    if hint is datetime:
        return _STAMP
    if hint is MaybeSnowflakeIdType:
        return "109000000000000001"
    if hint is bool:
        return True
    if hint is int:
        return 1
    if hint is float:
        return 1.5
    if hint is str:
        # A str field under a key that usually holds a date: must stay a string.
        return _STAMP if key in DATETIME_KEYS else "x"
    return {} if isinstance(hint, type) and issubclass(hint, dict) else "x"


def minimal(cls, depth=0):
    """A payload built from the declared fields of ``cls``: the required ones, Optional ones left out."""
    out = {}
    hints = _hints(cls)
    for attr, key in _field_keys(cls).items():
        hint = hints.get(attr)
        if hint is None or _optional(hint):
            continue
        inner = _strip(hint)
        if depth > 3 and (_is_entity(inner) or typing.get_origin(inner) is not None):
            continue  # deep enough: a nested required entity left out (reads as None, still checked)
        out[key] = _value_of(hint, key, depth)
    return out


def _drop_one(cls, payload):
    """Remove one declared field from an example payload (an Optional one where possible); its attribute name."""
    hints = _hints(cls)
    present = [(attr, key) for attr, key in _field_keys(cls).items() if key in payload]
    optional = [(attr, key) for attr, key in present if _optional(hints.get(attr))]
    chosen = (optional or present or [(None, None)])[-1]
    if chosen[0] is not None and hasattr(dict, chosen[0]):
        return None
    if chosen[1] is not None:
        del payload[chosen[1]]
    return chosen[0]


def entity_payload(cls, drop=True):
    """(payload, dropped attribute) for an entity class."""
    name = _example_file(cls)
    if name is None:
        return minimal(cls), None
    payload = entity(name)
    if isinstance(payload, list):  # some docs show a list of the entity
        payload = payload[0]
    dropped = _drop_one(cls, payload) if drop else None
    return payload, dropped


# -- what each method answers, when the declared type leaves a choice ------------------------------
#: Methods whose annotation is a Union: the member the test serves (and expects back).
UNION_CHOICES = {
    "instance": return_types.InstanceV2,
    "search": return_types.SearchV2,
    "status_post": return_types.Status,
    "status_reply": return_types.Status,
    "notifications": PaginatableList[return_types.Notification],
    "admin_domain_blocks": PaginatableList[return_types.AdminDomainBlock],
    "suggestions": NonPaginatableList[return_types.Suggestion],
    "oauth_authorization_server_info": return_types.OAuthServerInfo,
}


def expected_type(name, hint):
    if name in UNION_CHOICES:
        return UNION_CHOICES[name]
    return _strip(hint)


def payload_for(hint):
    """(JSON body, the element type whose payload had a field dropped, dropped attribute name)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(origin, type) and issubclass(origin, list):
        item, dropped = entity_payload(args[0])
        return [item], dropped
    if isinstance(origin, type) and issubclass(origin, dict):
        item, _ = entity_payload(args[1], drop=False)
        return {"home": item, "notifications": item}, None
    if hint is EmptyResponse:
        return {}, None
    return entity_payload(hint)


# -- arguments --------------------------------------------------------------------------------------
#: A value for each annotation of a required parameter (annotations are strings in the source).
ARGUMENTS = {
    "IdLike": "1",
    "str": "x",
    "TagLike": "python",
    "Union[IdLike, Sequence[IdLike]]": "1",
    "Sequence[IdLike]": ["1", "2"],
    "Union[int, str]": 2024,
    "Union[int, Sequence[int]]": 0,
    "Union[str, Sequence[str]]": "home",
    "Union[str, Mapping[str, Any]]": "favourite-1",
    "Union[str, Mapping[str, Any], Any]": "refresh-1",
    "Union[Mapping[str, Any], IdLike]": "1",
    "Day": date(2024, 5, 1),
    "datetime": datetime(2030, 1, 1, tzinfo=timezone.utc),
}
#: Required parameters whose value must be more than "something of the right type".
NAMED_ARGUMENTS = {
    ("admin_create_ip_block", "severity"): "no_access",
    ("admin_create_ip_block", "ip"): "192.0.2.0/24",
    ("create_filter_v2", "filter_action"): "warn",
    ("status_update_quote_approval_policy", "quote_approval_policy"): "public",
    ("follows", "uri"): "alice@example.social",
    ("account_lookup", "acct"): "alice",
    ("admin_test_canonical_email_block", "email"): "a@example.com",
    ("collection_create", "name"): "x",
    ("timeline_link", "url"): "https://blog.example/post",
}


#: Optional parameters without which a method refuses the call (one of several is required).
EXTRA_ARGUMENTS = {
    "admin_create_canonical_email_block": {"email": "a@example.com"},
    "admin_dimensions": {"languages": True},
    "admin_measures": {"active_users": True},
}


def generic_arguments(name, func):
    """Keyword arguments for the required parameters of ``func``; KeyError names an unknown annotation."""
    kwargs = dict(EXTRA_ARGUMENTS.get(name, {}))
    for param in list(inspect.signature(func).parameters.values())[1:]:
        if param.default is not param.empty or param.kind not in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
            continue
        if (name, param.name) in NAMED_ARGUMENTS:
            kwargs[param.name] = NAMED_ARGUMENTS[(name, param.name)]
        else:
            kwargs[param.name] = ARGUMENTS[str(param.annotation)]
    return kwargs


def _status_payload():
    return entity("Status")


def _call_media_post(api):
    return api.media_post(b"\x89PNG\r\n\x1a\n" + b"\0" * 16, mime_type="image/png")


def _call_push_subscription_set(api):
    _, public = api.push_subscription_generate_keys()
    return api.push_subscription_set("https://relay.example/push/1", public)


def _call_create_account(api):
    # The detailed form returns (token, AccountCreationError): served a token, the error part is None.
    return api.create_account("shark", "hunter2hunter2", "s@example.com", agreement=True,
                              return_detailed_error=True)


def _call_get_async_refresh_info(api):
    return api.get_async_refresh_info('id="refresh-1", retry=3, result_count=2')


def _call_follows(api):
    return api.follows("alice@example.social")


def _follows_answers(request):
    # follows() looks the address up with account_search, then follows the account found.
    if "/accounts/search" in request.url:
        return [dict(entity("Account"), acct="alice@example.social")]
    return entity("Relationship")


def _status_card_answer(request):
    # status_card() reads the status and returns its card.
    return entity("Status") | {"card": entity("PreviewCard")}


def _call_filters_apply(api):
    statuses = api.timeline_home()
    return api.filters_apply(statuses, [entity("V1_Filter")], "home")


#: Methods that cannot be called with generated arguments, or that make requests whose answers
#: are of other types: their own call, the body served to every request they make (None: the
#: declared entity's payload; a function of the request: per request), and the type expected
#: back (None: the declared one).
SPECIAL_CALLS = {
    "follows": (_call_follows, _follows_answers, None),
    "status_card": (lambda api: api.status_card("1"), _status_card_answer, return_types.PreviewCard),
    "media_post": (_call_media_post, None, return_types.MediaAttachment),
    "push_subscription_set": (_call_push_subscription_set, None, return_types.WebPushSubscription),
    # Two requests: the account token, then the account creation; both served the Token example.
    "create_account": (_call_create_account, lambda request: entity("Token"), None),
    # No request at all: reads the Mastodon-Async-Refresh header text.
    "get_async_refresh_info": (_call_get_async_refresh_info, lambda request: {}, None),
    # Filters a page fetched first (served Status examples); no request of its own.
    "filters_apply": (_call_filters_apply, lambda request: [_status_payload()], PaginatableList[return_types.Status]),
}
#: Methods that make no request, or one `responses` cannot stand for: tested where they are checked
#: against real data (the reason, and the test that covers the result type).
NOT_CALLED_HERE = {
    "push_subscription_decrypt_push": "decrypts a Web Push body, no HTTP: see test_decrypt_push_is_typed below",
    "instance_nodeinfo": "two different answers (the well-known links, then the document): see test_nodeinfo_is_typed",
}


def test_every_typed_method_is_known():
    """A new typed method must be callable with generated arguments, or listed in SPECIAL_CALLS/NOT_CALLED_HERE."""
    unknown = []
    for name in TYPED:
        if name in SPECIAL_CALLS or name in NOT_CALLED_HERE:
            continue
        try:
            generic_arguments(name, inspect.unwrap(getattr(Mastodon, name)))
        except KeyError as e:
            unknown.append(f"{name}: no value for a required parameter annotated {e}")
        origin = typing.get_origin(TYPED[name])
        members = [a for a in typing.get_args(TYPED[name]) if a is not type(None)]
        if origin is typing.Union and len(members) > 1 and name not in UNION_CHOICES:
            unknown.append(f"{name}: returns a Union; say in UNION_CHOICES which member to serve")
    assert not unknown, "\n".join(unknown)
    assert not (set(SPECIAL_CALLS) | set(NOT_CALLED_HERE)) - set(TYPED), "tables name methods that are gone"


def test_the_walk_finds_the_areas():
    # The walk is not vacuous: typed methods of every area are found.
    modules = {inspect.unwrap(getattr(Mastodon, n)).__module__ for n in TYPED}
    assert {"mastodon.api.statuses", "mastodon.api.accounts", "mastodon.api.admin.accounts",
            "mastodon.auth"} <= modules
    assert len(TYPED) > 200


# -- checking a result ------------------------------------------------------------------------------
def _aware(value):
    return isinstance(value, datetime) and value.tzinfo is not None and value.utcoffset() is not None


def check(value, hint, where, depth=0):
    """Assert that ``value`` has the declared type ``hint``, at every depth (see the module docstring)."""
    if value is None or depth > 8:
        return
    hint = _strip(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union:
        members = [a for a in args if a is not type(None)]
        entities = [m for m in members if _is_entity(m)]
        if isinstance(value, dict) and entities:
            assert type(value) in entities, f"{where}: {type(value).__name__} is none of {entities}"
            check(value, type(value), where, depth)
        elif isinstance(value, list):
            lists = [m for m in members if isinstance(typing.get_origin(m), type)
                     and issubclass(typing.get_origin(m), list)]
            for m in lists:
                if typing.get_origin(m) is type(value):
                    check(value, m, where, depth)
                    break
        return
    if _is_entity(hint):
        assert type(value) is hint, f"{where}: {type(value).__name__}, declared {hint.__name__}"
        hints = _hints(hint)
        for attr, key in _field_keys(hint).items():
            field_hint = hints.get(attr)
            if field_hint is None:
                continue
            if hasattr(dict, attr):
                # A field named like a dict method (WebPushSubscriptionAlerts.update): the method wins
                # as an attribute (documented), the field is read by key.
                check(value.get(key), field_hint, f"{where}[{key!r}]", depth + 1)
            elif key not in value:
                assert getattr(value, attr) is None, f"{where}.{attr}: absent, yet reads as {getattr(value, attr)!r}"
            else:
                check(getattr(value, attr), field_hint, f"{where}.{attr}", depth + 1)
        return
    if isinstance(origin, type) and issubclass(origin, list):
        if origin in (PaginatableList, NonPaginatableList):
            assert type(value) is origin, f"{where}: {type(value).__name__}, declared {origin.__name__}"
        else:
            assert isinstance(value, list), f"{where}: {type(value).__name__}, declared a list"
        for i, item in enumerate(value):
            check(item, args[0] if args else typing.Any, f"{where}[{i}]", depth + 1)
        return
    if isinstance(origin, type) and issubclass(origin, dict):
        assert isinstance(value, dict), f"{where}: {type(value).__name__}, declared a dict"
        for key, item in value.items():
            check(item, args[1] if len(args) == 2 else typing.Any, f"{where}[{key!r}]", depth + 1)
        return
    if origin is tuple:
        for i, (item, item_hint) in enumerate(zip(value, args)):
            check(item, item_hint, f"{where}[{i}]", depth + 1)
        return
    if hint is datetime:
        assert _aware(value), f"{where}: {value!r}, declared an aware datetime"
    elif hint is str:
        assert not isinstance(value, datetime), f"{where}: declared str, converted to {value!r}"
    elif isinstance(hint, type) and issubclass(hint, AttribAccessDict) and hint is not AttribAccessDict:
        assert type(value) is hint, f"{where}: {type(value).__name__}, declared {hint.__name__}"


# -- the calls ----------------------------------------------------------------------------------------
_ANY_URL = re.compile(re.escape(BASE) + r"(/.*)?$")


@pytest.fixture
def serve():
    """A client whose every request to BASE (any path, any method) gets ``state["body"]``."""
    state = {"body": None, "calls": 0, "headers": {}}

    def answer(request):
        state["calls"] += 1
        body = state["body"](request) if callable(state["body"]) else state["body"]
        return 200, dict(state["headers"], **{"Content-Type": "application/json"}), json.dumps(body)

    with responses_lib.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            mock.add_callback(method, _ANY_URL, callback=answer)
        api = Mastodon(client_id="client-id", client_secret="client-secret", access_token=TOKEN,
                       api_base_url=BASE)
        yield api, state


GENERIC = sorted(n for n in TYPED if n not in SPECIAL_CALLS and n not in NOT_CALLED_HERE)


@pytest.mark.parametrize("name", GENERIC)
def test_generic_call_returns_the_declared_types(serve, name):
    api, state = serve
    hint = TYPED[name]
    expected = expected_type(name, hint)
    body, dropped = payload_for(expected)
    state["body"] = body
    result = getattr(api, name)(**generic_arguments(name, inspect.unwrap(getattr(Mastodon, name))))
    assert state["calls"] >= 1
    check(result, expected, name)
    _check_dropped(result, dropped, name)


def _check_dropped(result, dropped, name):
    if dropped is None:
        return
    target = result[0] if isinstance(result, list) else result
    assert getattr(target, dropped) is None, f"{name}: the removed field {dropped} reads as {getattr(target, dropped)!r}"


@pytest.mark.parametrize("name", sorted(SPECIAL_CALLS))
def test_special_call_returns_the_declared_types(serve, name):
    api, state = serve
    call, body, expected = SPECIAL_CALLS[name]
    if expected is None:
        expected = TYPED[name]
    dropped = None
    if body is None:
        state["body"], dropped = payload_for(expected)
    else:
        state["body"] = body
    result = call(api)
    check(result, expected, name)
    _check_dropped(result, dropped, name)


def test_create_account_error_is_typed(serve):
    api, state = serve
    # The error form: a 422 with details, served by a dedicated mock on top of the catch-all.
    with responses_lib.RequestsMock(assert_all_requests_are_fired=True) as mock:
        mock.add(responses_lib.POST, BASE + "/oauth/token", json=entity("Token"))
        mock.add(responses_lib.POST, BASE + "/api/v1/accounts", status=422, json={
            "error": "Validation failed", "details": {"email": [{"error": "ERR_TAKEN", "description": "taken"}]}})
        token, error = api.create_account("a", "b", "c@example.com", agreement=True, return_detailed_error=True)
    assert token is None
    check((token, error), TYPED["create_account"], "create_account")
    assert type(error) is return_types.AccountCreationError


def test_decrypt_push_is_typed(serve):
    pytest.importorskip("http_ece")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        from test_push import PUSH, server_encrypt
    finally:
        sys.path.pop(0)
    api, state = serve
    private, public = api.push_subscription_generate_keys()
    body, encryption, crypto_key = server_encrypt(public, json.dumps(PUSH).encode("utf-8"), False)
    push = api.push_subscription_decrypt_push(body, private, encryption, crypto_key)
    check(push, TYPED["push_subscription_decrypt_push"], "push_subscription_decrypt_push")
    assert state["calls"] == 0


def test_nodeinfo_is_typed(serve):
    api, state = serve
    answers = [{"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": BASE + "/nodeinfo/2.0"}]},
               minimal(return_types.Nodeinfo)]
    state["body"] = lambda request: answers.pop(0)
    info = api.instance_nodeinfo()
    assert state["calls"] == 2
    check(info, TYPED["instance_nodeinfo"], "instance_nodeinfo")


def test_instance_v1_answer_is_an_instance(serve):
    api, state = serve
    # instance() asks v2 first; a server without it answers 404 there, then v1.
    with responses_lib.RequestsMock(assert_all_requests_are_fired=True) as mock:
        mock.add(responses_lib.GET, BASE + "/api/v2/instance", status=404, json={"error": "not found"})
        mock.add(responses_lib.GET, BASE + "/api/v1/instance", json=entity("V1_Instance"))
        result = api.instance()
    check(result, return_types.Instance, "instance")


# -- recorded GoToSocial answers ------------------------------------------------------------------------
#: Recorded fixture -> (method, keyword arguments).
RECORDED = {
    "account": ("account", {"id": "1"}),
    "account_statuses": ("account_statuses", {"id": "1"}),
    "account_verify_credentials": ("account_verify_credentials", {}),
    "admin_accounts_v2": ("admin_accounts_v2", {}),
    "custom_emojis": ("custom_emojis", {}),
    "filters_v2": ("filters_v2", {}),
    "instance_v1": ("instance_v1", {}),
    "instance_v2": ("instance_v2", {}),
    "lists": ("lists", {}),
    "markers": ("markers_get", {}),
    "notifications": ("notifications", {}),
    "preferences": ("preferences", {}),
    "relationships": ("account_relationships", {"id": "1"}),
    "search_v2": ("search_v2", {"q": "x"}),
    "status": ("status", {"id": "1"}),
    "status_context": ("status_context", {"id": "1"}),
    "status_favourited_by": ("status_favourited_by", {"id": "1"}),
    "status_post": ("status_post", {"status": "x"}),
    "status_post_poll": ("status_post", {"status": "x", "poll": None}),
    "status_post_reply": ("status_post", {"status": "x", "in_reply_to_id": "1"}),
    "timeline_home_bob": ("timeline_home", {}),
    "timeline_public": ("timeline_public", {}),
    "timeline_tag": ("timeline_hashtag", {"hashtag": "x"}),
}


@pytest.mark.parametrize("fixture", sorted(RECORDED))
def test_recorded_answers_have_the_declared_types(serve, fixture):
    api, state = serve
    name, kwargs = RECORDED[fixture]
    answer = recorded(fixture)
    state["body"] = answer["body"]
    state["headers"] = {k: v for k, v in answer.get("headers", {}).items() if k.lower() == "link"}
    result = getattr(api, name)(**kwargs)
    check(result, expected_type(name, TYPED[name]), f"{name} ({fixture})")


def test_the_checker_catches_wrong_types():
    # check() fails on what it must catch, so the tests above cannot pass vacuously.
    status = return_types.Status(entity("Status"))
    check(status, return_types.Status, "status")
    for broken in (
        lambda s: dict.__setitem__(s, "account", AttribAccessDict(s["account"])),  # nested class lost
        lambda s: dict.__setitem__(s, "created_at", "2024-01-01T00:00:00Z"),  # datetime not converted
        lambda s: dict.__setitem__(s, "media_attachments", [AttribAccessDict(id="1")]),  # list items untyped
    ):
        copy = return_types.Status(entity("Status"))
        broken(copy)
        with pytest.raises(AssertionError):
            check(copy, return_types.Status, "status")
    with pytest.raises(AssertionError):
        check(AttribAccessDict(entity("Status")), return_types.Status, "status")
    with pytest.raises(AssertionError):
        check([status], NonPaginatableList[return_types.Status], "list")


def test_search_class_follows_the_endpoint_that_answered(serve):
    api, state = serve
    # A v2 answer without ``collections`` (servers before 4.5) fits Search's keys as well as
    # SearchV2's: the class comes from the endpoint, not from the keys.
    v2 = {"accounts": [], "statuses": [], "hashtags": [entity("Tag")]}
    state["body"] = v2
    result = api.search("x")
    check(result, return_types.SearchV2, "search")
    assert type(result.hashtags[0]) is return_types.Tag
    with responses_lib.RequestsMock(assert_all_requests_are_fired=True) as mock:
        mock.add(responses_lib.GET, BASE + "/api/v2/search", status=404, json={"error": "not found"})
        mock.add(responses_lib.GET, BASE + "/api/v1/search", json={"accounts": [], "statuses": [],
                                                                   "hashtags": ["python"]})
        old = api.search("x")
    check(old, return_types.Search, "search")
    assert old.hashtags == ["python"]


def test_suggestions_from_the_v1_endpoint_are_accounts(serve):
    api, state = serve
    with responses_lib.RequestsMock(assert_all_requests_are_fired=True) as mock:
        mock.add(responses_lib.GET, BASE + "/api/v2/suggestions", status=404, json={"error": "not found"})
        mock.add(responses_lib.GET, BASE + "/api/v1/suggestions", json=[entity("Account")])
        result = api.suggestions()
    check(result, NonPaginatableList[return_types.Account], "suggestions")
