"""How WebSocket messages name their stream, as servers really send it, and the subscription they reach."""

import json

import pytest

from mastodon import Mastodon, StreamListener
from mastodon.streaming.streams import key_of
from mastodon.streaming.websocket import WebSocketStreamHandle


@pytest.mark.parametrize("for_stream, key", [
    (["list", "01AB"], ("list", "01AB")),
    (["list:01AB"], ("list", "01AB")),            # GoToSocial: one string
    (["hashtag", "Python"], ("hashtag", "python")),
    (["hashtag:local", "Python"], ("hashtag:local", "python")),
    (["hashtag:local:Python"], ("hashtag:local", "python")),
    (["public:local"], ("public:local",)),        # a flag, not a parameter
    (["public:remote:media"], ("public:remote:media",)),
    (["user"], ("user",)),
    (["user:notification"], ("user:notification",)),
    (["something:new"], ("something:new",)),
])
def test_key_of(for_stream, key):
    assert key_of(for_stream) == key


class Recorder(StreamListener):
    def __init__(self):
        self.ids = []

    def on_update(self, status):
        self.ids.append(status.id)


def test_a_list_event_named_in_one_string_reaches_the_list_subscription():
    api = Mastodon(access_token="t", api_base_url="http://127.0.0.1:9")
    handle = WebSocketStreamHandle(api)
    home, listed = Recorder(), Recorder()
    handle.subscribe("user", home)
    handle.subscribe("list", listed, list="01AB")
    for stream, sid in ((["list:01AB"], "1"), (["user"], "2"), (["list", "01AB"], "3")):
        handle._route(json.dumps({"stream": stream, "event": "update",
                                  "payload": json.dumps({"id": sid, "content": ""})}))
    assert listed.ids == ["1", "3"]
    assert home.ids == ["2"]
