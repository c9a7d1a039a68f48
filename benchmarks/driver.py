"""The client side of the benchmark, run in a process of its own: ``driver.py CLIENTS TASK URL [OPTIONS]``.

``CLIENTS`` is a comma-separated list of ``floor`` (plain ``requests.Session`` + ``json.loads``)
and ``mastodon`` (whatever ``import mastodon`` finds in this interpreter: this library in the
dev venv, Mastodon.py from PyPI in another). Several clients in one run take turns, round
after round, so that they are measured side by side under the same conditions. Every figure
is this process's CPU time (``time.process_time``: user + system), never wall time; the server
runs in another process. Prints one JSON object, ``{client: {figure: value}}``.

Tasks:

- ``timeline``: CPU per ``timeline_home(limit=40)``, median over rounds of several calls.
- ``remaining``: CPU of ``timeline_home(limit=40)`` + ``fetch_remaining`` (100 requests,
  4,000 statuses) with a fresh client each round, median over rounds.
- ``walk``: one such walk, untimed (the parent counts the TCP connections it opens).
- ``memory``: the peak RSS of a process that imports, walks once and holds the result; then the
  tracemalloc peak of a second walk (one client per process).
- ``stream``: CPU per ``update`` event of the server's event stream delivered to a listener's
  ``on_update`` (the floor: split lines + ``json.loads`` every ``data:`` line).

Only the standard library and requests: it runs under any interpreter that has a client installed.
"""

import gc
import json
import statistics
import sys
import time

TOKEN = "benchmark-token"
PAGES = 100
PER_PAGE = 40


def _cpu() -> float:
    return time.process_time()


# -- the clients ------------------------------------------------------------------------------
class FloorClient:
    """The work with no client library at all: requests + json.loads + requests' own Link parsing."""

    name = "floor"

    def __init__(self, url: str) -> None:
        import requests
        self.url = url
        self.session = requests.Session()
        self.headers = {"Authorization": "Bearer " + TOKEN, "User-Agent": "benchmark-floor"}

    def _get(self, url, params=None):
        r = self.session.get(url, params=params, headers=self.headers, timeout=300)
        if r.status_code >= 400:
            raise RuntimeError(f"HTTP {r.status_code}")
        return r

    def timeline_home(self):
        r = self._get(self.url + "/api/v1/timelines/home", {"limit": 40})
        return json.loads(r.content), r.links.get("next", {}).get("url")

    def walk(self):
        items, nxt = self.timeline_home()
        while nxt:
            r = self._get(nxt)
            items.extend(json.loads(r.content))
            nxt = r.links.get("next", {}).get("url")
        return items

    def stream(self):
        """The bare loop: read the SSE stream, split lines, json.loads the ``data:`` of every update."""
        r = self.session.get(self.url + "/api/v1/streaming/user", headers=self.headers, stream=True, timeout=300)
        got = 0
        event = None
        rest = b""
        for chunk in r.iter_content(chunk_size=None):
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                if line.startswith(b"event:"):
                    event = line[6:].strip()
                elif line.startswith(b"data:") and event == b"update":
                    json.loads(line[5:])
                    got += 1
                elif not line:
                    event = None
        r.close()
        return got

    def close(self):
        self.session.close()


class LibraryClient:
    """The ``mastodon`` package this interpreter imports (this library, or Mastodon.py)."""

    name = "mastodon"

    def __init__(self, url: str) -> None:
        from mastodon import Mastodon
        self.url = url
        # The version is given so that no client looks it up; everything else is left at its default.
        self.api = Mastodon(access_token=TOKEN, api_base_url=url, mastodon_version="4.3.0")

    def timeline_home(self):
        return self.api.timeline_home(limit=40)

    def walk(self):
        return self.api.fetch_remaining(self.api.timeline_home(limit=40))

    def stream(self):
        import mastodon
        listener_class = getattr(mastodon, "StreamListener", None)
        if listener_class is None:
            from mastodon.streaming import StreamListener as listener_class
        count = [0]

        class Listener(listener_class):
            def on_update(self, status):
                count[0] += 1

        try:
            self.api.stream_user(Listener(), run_async=False, reconnect_async=False)
        except Exception as e:  # the server ends the stream when its events are out
            if count[0] == 0:
                raise RuntimeError(f"no event delivered: {e!r}") from e
        return count[0]

    def close(self):
        session = getattr(self.api, "session", None)
        if session is not None:
            session.close()


CLIENTS = {"floor": FloorClient, "mastodon": LibraryClient}


def _turns(names, index):
    """Alternate who goes first from round to round."""
    return names if index % 2 == 0 else list(reversed(names))


def _enough(index, rounds, started, budget, min_rounds=3):
    """Stop after ``rounds`` rounds, or earlier once past ``budget`` seconds with ``min_rounds`` done."""
    if index >= rounds:
        return True
    return index >= min_rounds and time.monotonic() - started > budget


# -- the tasks --------------------------------------------------------------------------------
def task_timeline(names, url, rounds=15, calls=20, budget=120.0):
    clients = {n: CLIENTS[n](url) for n in names}
    slow = {}
    for n, c in clients.items():  # warm up: connection, caches; slow clients get fewer calls per round
        t0 = time.monotonic()
        c.timeline_home()
        slow[n] = time.monotonic() - t0 > 0.02
        for _ in range(2 if slow[n] else calls):
            c.timeline_home()
    samples = {n: [] for n in names}
    started = time.monotonic()
    index = 0
    while not _enough(index, rounds, started, budget):
        # Within a round the clients alternate call by call, so that both see the machine as it
        # is during the same fraction of a second.
        k = 3 if any(slow.values()) else calls
        spent = dict.fromkeys(names, 0.0)
        gc.collect()  # every round starts from the same clean heap
        for i in range(k):
            for n in _turns(names, index + i):
                c = clients[n]
                t0 = _cpu()
                c.timeline_home()
                spent[n] += _cpu() - t0
        for n in names:
            samples[n].append(spent[n] / k)
        index += 1
    for c in clients.values():
        c.close()
    return {n: {"cpu_per_call": statistics.median(s), "samples": s} for n, s in samples.items()}


def task_remaining(names, url, rounds=7, budget=240.0):
    for n in names:  # warm up
        c = CLIENTS[n](url)
        _check(c.walk())
        c.close()
    samples = {n: [] for n in names}
    started = time.monotonic()
    index = 0
    while not _enough(index, rounds, started, budget):
        for n in _turns(names, index):
            c = CLIENTS[n](url)
            gc.collect()
            t0 = _cpu()
            items = c.walk()
            samples[n].append(_cpu() - t0)
            _check(items)
            c.close()
            del items, c
        index += 1
    return {n: {"cpu_per_walk": statistics.median(s), "samples": s} for n, s in samples.items()}


def task_walk(names, url):
    for n in names:
        c = CLIENTS[n](url)
        _check(c.walk())
        c.close()
    return {n: {} for n in names}


def task_memory(names, url):
    import resource
    import tracemalloc
    (n,) = names  # one client per process: ru_maxrss is the process's
    c = CLIENTS[n](url)
    c.timeline_home()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = c.walk()
    _check(items)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    del items
    tracemalloc.start()
    items = c.walk()
    _check(items)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    c.close()
    return {n: {"maxrss_kib": after, "maxrss_growth_kib": after - before, "tracemalloc_peak": peak,
                "tracemalloc_held": held}}


def task_stream(names, url, rounds=3, budget=60.0):
    samples = {n: [] for n in names}
    counts = {}
    started = time.monotonic()
    index = 0
    while not _enough(index, rounds, started, budget, min_rounds=1):
        for n in _turns(names, index):
            c = CLIENTS[n](url)
            gc.collect()
            t0 = _cpu()
            got = c.stream()
            samples[n].append((_cpu() - t0) / max(got, 1))
            counts[n] = got
            c.close()
        index += 1
    return {n: {"cpu_per_event": statistics.median(s), "events": counts[n], "samples": s}
            for n, s in samples.items()}


def _check(items):
    if len(items) != PAGES * PER_PAGE:
        raise RuntimeError(f"the walk gave {len(items)} statuses, not {PAGES * PER_PAGE}")


TASKS = {"timeline": task_timeline, "remaining": task_remaining, "walk": task_walk, "memory": task_memory,
         "stream": task_stream}


def main(argv):
    names, task, url = argv[1].split(","), argv[2], argv[3]
    options = json.loads(argv[4]) if len(argv) > 4 else {}
    result = TASKS[task](names, url, **options)
    if "mastodon" in names:
        import mastodon
        version = getattr(mastodon, "__version__", None)
        if version is None:
            try:
                from importlib.metadata import version as dist_version
                version = dist_version("Mastodon.py")
            except Exception:
                version = "?"
        result["mastodon"]["version"] = version
    result["python"] = sys.version.split()[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
