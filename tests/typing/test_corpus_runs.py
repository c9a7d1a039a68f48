"""The corpus scripts also run: against a server faked with `responses`, each gets what its types
promise (a typed script that cannot run would prove nothing about the types)."""

import importlib.util
import os
from datetime import datetime, timedelta, timezone
from types import ModuleType


from conftest import BASE, entity, sent_form
from mastodon.return_types import Notification, ScheduledStatus, Status
from mastodon.types_base import PaginatableList

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_" + name, os.path.join(CORPUS, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def status(id_: str, **fields):
    return entity("Status") | {"id": id_} | fields


def link(path: str, **params) -> dict:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return {"Link": f'<{BASE}{path}?{query}>; rel="next"'}


def test_the_mention_bot_answers_with_a_status(api, rsps):
    mention = entity("Notification") | {"id": "50", "status": status("103")}
    mention["account"] = mention["account"] | {"bot": False}
    rsps.get(BASE + "/api/v1/notifications", json=[mention])
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=entity("Account") | {"id": "999"})
    rsps.post(BASE + "/api/v1/statuses", json=status("77", url="https://mastodon.example/@me/77"))
    assert script("mention_bot").answer_mentions(api, None) == "50"
    assert sent_form(rsps.calls[-1])["in_reply_to_id"] == ["103"]


def test_the_scheduled_poster_gets_scheduled_statuses(api, rsps):
    answer = entity("ScheduledStatus")
    rsps.post(BASE + "/api/v1/statuses", json=answer)
    made = script("scheduled_poster").schedule_week(api, ["Good morning!"])
    assert len(made) == 1 and type(made[0]) is ScheduledStatus
    assert "scheduled_at" in sent_form(rsps.calls[0])


def test_the_deleter_pages_with_fetch_next(api, rsps):
    old = datetime.now(timezone.utc) - timedelta(days=400)
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=entity("Account") | {"id": "5"})
    first = [status("3", created_at=old.isoformat(), favourites_count=0, reblogs_count=0, pinned=False),
             status("2", created_at=old.isoformat(), favourites_count=50, reblogs_count=0, pinned=False)]
    rsps.get(BASE + "/api/v1/accounts/5/statuses", json=first,
             headers=link("/api/v1/accounts/5/statuses", max_id="2"))
    rsps.get(BASE + "/api/v1/accounts/5/statuses?max_id=2", json=[])
    rsps.delete(BASE + "/api/v1/statuses/3", json=first[0])
    assert script("deleter").delete_old(api, days=30) == 1


def test_the_digest_reads_one_notification_by_id(api, rsps):
    recent = entity("Notification") | {"id": "8", "created_at": datetime.now(timezone.utc).isoformat(),
                                       "status": status("103")}
    rsps.get(BASE + "/api/v1/notifications", json=[recent])
    rsps.get(BASE + "/api/v1/notifications/8", json=recent)
    rsps.get(BASE + "/api/v1/notifications/8", json=recent)
    assert script("notification_digest").digest(api) == {recent["type"]: 1}
    assert type(api.notifications(id="8")) is Notification


def test_the_archiver_saves_statuses_it_can_restore(api, rsps, tmp_path):
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=entity("Account") | {"id": "5"})
    rsps.get(BASE + "/api/v1/accounts/5/statuses", json=[status("2"), status("1")])
    archiver = script("archiver")
    path = str(tmp_path / "archive.jsonl")
    assert archiver.archive(api, path) == 2
    with open(path, encoding="utf-8") as f:
        restored = [archiver.restore(line) for line in f]
    assert [type(s) for s in restored] == [Status, Status] and restored[0].id == "2"


def test_the_paging_exporter_resumes_from_a_saved_page(api, rsps, tmp_path):
    rsps.get(BASE + "/api/v1/timelines/tag/python", json=[status("9"), status("8")],
             headers=link("/api/v1/timelines/tag/python", max_id="8"))
    rsps.get(BASE + "/api/v1/timelines/tag/python?max_id=8", json=[])
    resume = str(tmp_path / "resume.json")
    exporter = script("paging_exporter")
    assert exporter.export(api, "python", resume) == 2
    with open(resume, encoding="utf-8") as f:
        saved = f.read()
    assert exporter.is_saved_page(saved)
    assert type(PaginatableList[Status].from_json(saved)[0]) is Status
    rsps.get(BASE + "/api/v1/timelines/tag/python?max_id=8", json=[status("7")])
    assert exporter.export(api, "python", resume) == 1


def test_the_poll_bot_reads_the_results(api, rsps):
    poll = entity("Poll") | {"expired": True}
    rsps.get(BASE + "/api/v1/statuses/4", json=status("4", poll=poll))
    results = script("poll_bot").results(api, "4")
    assert results == {o["title"]: o["votes_count"] or 0 for o in poll["options"]}


def test_the_follower_exporter_writes_every_page(api, rsps, tmp_path):
    account = entity("Account") | {"id": "5"}
    rsps.get(BASE + "/api/v1/accounts/lookup", json=account)
    rsps.get(BASE + "/api/v1/accounts/5/followers", json=[account | {"id": "6", "acct": "a"}],
             headers=link("/api/v1/accounts/5/followers", max_id="6"))
    rsps.get(BASE + "/api/v1/accounts/5/followers?max_id=6", json=[account | {"id": "7", "acct": "b"}])
    path = tmp_path / "followers.csv"
    assert script("follower_exporter").export_followers(api, "someone", str(path)) == 2
    assert [line.split(",")[0] for line in path.read_text().splitlines()] == ["acct", "a", "b"]


def test_the_list_manager_adds_followed_accounts(api, rsps):
    rsps.get(BASE + "/api/v1/lists", json=[entity("List") | {"id": "3", "title": "friends"}])
    rsps.get(BASE + "/api/v1/lists/3/accounts", json=[])
    rsps.get(BASE + "/api/v1/accounts/lookup", json=entity("Account") | {"id": "9", "acct": "new"})
    rsps.get(BASE + "/api/v1/accounts/relationships", json=[entity("Relationship") | {"id": "9", "following": True}])
    rsps.post(BASE + "/api/v1/lists/3/accounts", json={})
    assert script("list_manager").fill_list(api, "friends", ["new"]) == 1
    assert sent_form(rsps.calls[-1]) == {"account_ids[]": ["9"]}


def test_the_follow_back_script_reads_relationships(api, rsps):
    me = entity("Account") | {"id": "5"}
    rsps.get(BASE + "/api/v1/accounts/verify_credentials", json=me)
    rsps.get(BASE + "/api/v1/accounts/5/followers", json=[me | {"id": "6", "bot": False}])
    rsps.get(BASE + "/api/v1/accounts/relationships",
             json=[entity("Relationship") | {"id": "6", "followed_by": True, "following": False, "requested": False}])
    assert script("follow_back").follow_back(api) == 1


def test_the_search_tool_prints_what_it_found(api, rsps, capsys):
    rsps.get(BASE + "/api/v2/search", json={"accounts": [entity("Account")], "hashtags": [entity("Tag")],
                                            "statuses": [status("1")]})
    script("search_tool").search(api, "python")
    out = capsys.readouterr().out
    assert out.count("\n") == 3 and f"#{entity('Tag')['name']}" in out


def test_the_conversation_cleaner_marks_unread_ones_read(api, rsps):
    talk = entity("Conversation") | {"id": "4", "unread": True, "last_status": status("1")}
    rsps.get(BASE + "/api/v1/conversations", json=[talk, talk | {"id": "5", "last_status": None}])
    rsps.post(BASE + "/api/v1/conversations/4/read", json=talk | {"unread": False})
    rsps.delete(BASE + "/api/v1/conversations/5", json={})
    assert script("conversation_cleaner").clean(api) == 2


def test_the_stream_printer_takes_typed_events(capsys):
    from mastodon.return_types import Account
    printer = script("stream_reader").Printer()
    printer.on_update(Status(status("1")))
    printer.on_notification(Notification(entity("Notification") | {"account": Account(entity("Account"))}))
    printer.on_delete("1")
    assert capsys.readouterr().out.splitlines()[-1] == "deleted: 1"


def test_the_media_uploader_posts_its_pictures(api, rsps, tmp_path):
    for name in ("a.png", "b.jpg", "notes.txt"):
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 16)
    rsps.post(BASE + "/api/v2/media", json=entity("MediaAttachment") | {"id": "21"})
    rsps.post(BASE + "/api/v2/media", json=entity("MediaAttachment") | {"id": "22"})
    rsps.post(BASE + "/api/v1/statuses", json=status("30"))
    posted = script("media_uploader").upload_folder(api, str(tmp_path))
    assert [type(p) for p in posted] == [Status]
    assert sent_form(rsps.calls[-1])["media_ids[]"] == ["21", "22"]
