"""Streaming benchmark: client CPU time to parse and dispatch ``update`` events from a server-sent-event stream.

Measures, on the same bytes cut into the same chunks:

- the library: :class:`mastodon.streaming.sse.SSEParser` feeding the
  :class:`~mastodon.streaming.dispatch.EventDispatcher` of a stream handle (listener
  methods guarded as a running handle guards them), payloads decoded as REST answers of
  their entity are (``decode_json_raw``, then cast to :class:`~mastodon.return_types.Status`
  with its declared datetimes and nested classes), delivered to a listener's ``on_update``;
- a bare loop: split the chunks into lines and ``json.loads`` every ``data:`` line (no
  event names, no datetimes, no dispatch), the floor any Python SSE client stands on.

Run it on its own (``python benchmarks/bench_streaming.py [n_events]``) to print the
figures, or import it and call :func:`measure`.
"""

import gc
import json
import os
import statistics
import sys
import time
from typing import Any, Callable, Dict, List

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from mastodon.streaming.dispatch import EventDispatcher  # noqa: E402
from mastodon.streaming.handles import StreamHandle  # noqa: E402
from mastodon.streaming.listener import StreamListener  # noqa: E402
from mastodon.streaming.sse import SSEParser  # noqa: E402

__all__ = ["measure", "make_stream", "status_payload"]

#: Bytes per chunk handed to the parser (what one socket read returns on a busy stream).
CHUNK_SIZE = 16384


def status_payload(i: int, rich: bool = False) -> Dict[str, Any]:
    """A status as the streaming server sends it; ``rich`` adds media, a mention, a tag and a card."""
    created = f"2024-05-01T12:{(i // 60) % 60:02d}:{i % 60:02d}.{i % 1000:03d}Z"
    status: Dict[str, Any] = {
        "id": str(112000000000000000 + i), "created_at": created, "in_reply_to_id": None,
        "in_reply_to_account_id": None, "sensitive": False, "spoiler_text": "", "visibility": "public",
        "language": "en", "uri": f"https://example.social/users/alice/statuses/{112000000000000000 + i}",
        "url": f"https://example.social/@alice/{112000000000000000 + i}", "replies_count": 0, "reblogs_count": 1,
        "favourites_count": 3, "edited_at": None,
        "content": f"<p>Benchmark status number {i}, with a little text in it as statuses have.</p>",
        "reblog": None,
        "account": {"id": "109000000000000001", "username": "alice", "acct": "alice@example.social",
                    "display_name": "Alice", "locked": False, "bot": False, "created_at": "2022-11-05T00:00:00.000Z",
                    "note": "<p>Writes benchmarks.</p>", "url": "https://example.social/@alice",
                    "avatar": "https://files.example.social/avatars/alice.png", "followers_count": 120,
                    "following_count": 80, "statuses_count": 4000, "last_status_at": "2024-05-01",
                    "emojis": [], "fields": []},
        "media_attachments": [], "mentions": [], "tags": [], "emojis": [], "card": None, "poll": None,
    }
    if rich:
        status["media_attachments"] = [{"id": str(500 + i), "type": "image",
                                        "url": "https://files.example.social/media/original/a.png",
                                        "preview_url": "https://files.example.social/media/small/a.png",
                                        "description": "a picture", "blurhash": "UEHLh[WB2yk8pyoJadR*.7kCMdnj",
                                        "meta": {"original": {"width": 1200, "height": 800}}}]
        status["mentions"] = [{"id": "109000000000000002", "username": "bob", "acct": "bob@other.example",
                               "url": "https://other.example/@bob"}]
        status["tags"] = [{"name": "python", "url": "https://example.social/tags/python"}]
        status["card"] = {"url": "https://blog.example/post", "title": "A post", "description": "About things",
                          "type": "link", "published_at": "2024-04-30T10:00:00.000Z"}
    return status


def make_stream(n_events: int, rich: bool = False, heartbeat_every: int = 50) -> bytes:
    """``n_events`` update events as a streaming server writes them, with ``:thump`` heartbeats between."""
    parts: List[bytes] = []
    for i in range(n_events):
        if heartbeat_every and i % heartbeat_every == 0:
            parts.append(b":thump\n")
        payload = json.dumps(status_payload(i, rich), separators=(",", ":"))
        parts.append(b"event: update\ndata: " + payload.encode("utf-8") + b"\n\n")
    return b"".join(parts)


def _chunks(data: bytes, size: int = CHUNK_SIZE) -> List[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


class _Counter(StreamListener):
    def __init__(self) -> None:
        self.updates = 0

    def on_update(self, status: Any) -> None:
        self.updates += 1


def run_library(chunks: List[bytes]) -> int:
    listener = _Counter()
    # The dispatcher exactly as a running stream handle builds it (listener methods guarded).
    handle = StreamHandle(None, listener, None, False, 0)
    dispatcher = EventDispatcher(listener, ["public"], wrap=handle.guard)
    feed = SSEParser(dispatcher.dispatch, dispatcher.heartbeat).feed
    for chunk in chunks:
        feed(chunk)
    return listener.updates


def run_bare(chunks: List[bytes]) -> int:
    loads = json.loads
    count = 0
    rest = b""
    for chunk in chunks:
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        for line in lines:
            if line.startswith(b"data: "):
                loads(line[6:])
                count += 1
    return count


def _cpu_time(fn: Callable[[List[bytes]], int], chunks: List[bytes], expected: int) -> float:
    """CPU time of one run of ``fn`` over the chunks, from a collected heap."""
    gc.collect()
    start = time.process_time()
    count = fn(chunks)
    elapsed = time.process_time() - start
    if count != expected:
        raise AssertionError(f"{fn.__name__} saw {count} events, expected {expected}")
    return elapsed


def measure(n_events: int = 20000, rich: bool = False, rounds: int = 7) -> Dict[str, Any]:
    """Events per second of CPU time: the library's parse + dispatch, and the bare loop, on the same stream.

    The two take turns, round after round (as the other figures of ``run.py`` do), so that a
    machine whose speed drifts slows both alike; the ratio is the median of the per-round ratios.

    :param n_events: ``update`` events in the stream.
    :param rich: use statuses with media, mention, tag and card (about twice the bytes).
    :param rounds: rounds of one run each (after one warm-up run of each).
    :returns: a dict with ``library_events_per_s``, ``bare_events_per_s`` (from the median
        times), ``ratio`` (median of the per-round library / bare times),
        ``library_us_per_event``, ``bare_us_per_event``, ``payload_bytes`` (mean event size),
        ``n_events``, ``chunk_size``, ``rounds``.
    """
    data = make_stream(n_events, rich)
    chunks = _chunks(data)
    _cpu_time(run_library, chunks, n_events)
    _cpu_time(run_bare, chunks, n_events)
    library: List[float] = []
    bare: List[float] = []
    for i in range(rounds):
        order = ((run_library, library), (run_bare, bare))
        for fn, times in (order if i % 2 == 0 else order[::-1]):
            times.append(_cpu_time(fn, chunks, n_events))
    library_time, bare_time = statistics.median(library), statistics.median(bare)
    return {
        "n_events": n_events,
        "payload_bytes": len(data) // n_events,
        "chunk_size": CHUNK_SIZE,
        "rounds": rounds,
        "library_events_per_s": n_events / library_time,
        "bare_events_per_s": n_events / bare_time,
        "library_us_per_event": library_time / n_events * 1e6,
        "bare_us_per_event": bare_time / n_events * 1e6,
        "ratio": statistics.median(lib / raw for lib, raw in zip(library, bare)),
    }


def _report(result: Dict[str, Any], label: str) -> None:
    print(f"{label}: {result['n_events']} update events of ~{result['payload_bytes']} bytes, "
          f"{result['chunk_size']}-byte chunks (CPU time, medians of {result['rounds']} alternating rounds)")
    print(f"  library (parse + typed decode + dispatch): {result['library_events_per_s']:>9,.0f} events/s "
          f"({result['library_us_per_event']:.1f} us/event)")
    print(f"  bare (split lines + json.loads):          {result['bare_events_per_s']:>10,.0f} events/s "
          f"({result['bare_us_per_event']:.1f} us/event)")
    print(f"  library / bare time: {result['ratio']:.2f}x (median of the per-round ratios)")


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    _report(measure(n), "typical statuses")
    _report(measure(n, rich=True), "rich statuses")
