"""The asyncio side of the benchmark, in a process of its own: ``driver_async.py CLIENTS TASK URL [OPTIONS]``.

``CLIENTS`` is a comma-separated list of ``aiofloor`` (a bare ``aiohttp.ClientSession`` +
``json.loads``, following ``Link`` headers with aiohttp's own parsing) and ``aiomastodon``
(:class:`mastodon.AsyncMastodon`). As in driver.py, the clients take turns round after round in
one process and one event loop, and every figure but ``concurrent`` is this process's CPU time.
Prints one JSON object, ``{client: {figure: value}}``.

Tasks:

- ``timeline``: CPU per ``timeline_home(limit=40)``, median over rounds of several calls.
- ``remaining``: CPU of ``timeline_home(limit=40)`` + ``fetch_remaining`` (100 requests, 4,000
  statuses) with a fresh client each round, median over rounds.
- ``concurrent``: wall time of 400 ``status()`` calls, 50 at a time (a semaphore), on one session.
"""

import asyncio
import gc
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from driver import TOKEN, _check, _enough, _turns  # noqa: E402 - the same rules as the sync driver


class AioFloorClient:
    """The work with no client library: aiohttp + json.loads + aiohttp's own Link parsing."""

    name = "aiofloor"

    def __init__(self, url):
        import aiohttp
        self.url = url
        self.session = aiohttp.ClientSession()
        self.headers = {"Authorization": "Bearer " + TOKEN, "User-Agent": "benchmark-floor"}

    async def _get(self, url, params=None):
        async with self.session.get(url, params=params, headers=self.headers) as r:
            if r.status >= 400:
                raise RuntimeError(f"HTTP {r.status}")
            body = await r.read()
            link = r.links.get("next")
            return json.loads(body), (str(link["url"]) if link else None)

    async def timeline_home(self):
        return await self._get(self.url + "/api/v1/timelines/home", {"limit": 40})

    async def walk(self):
        items, nxt = await self.timeline_home()
        while nxt:
            page, nxt = await self._get(nxt)
            items.extend(page)
        return items

    async def status(self, i):
        return (await self._get(f"{self.url}/api/v1/statuses/{i}"))[0]

    async def close(self):
        await self.session.close()


class AioLibraryClient:
    """This library's AsyncMastodon."""

    name = "aiomastodon"

    def __init__(self, url):
        from mastodon import AsyncMastodon
        self.api = AsyncMastodon(access_token=TOKEN, api_base_url=url, mastodon_version="4.3.0")

    async def timeline_home(self):
        return await self.api.timeline_home(limit=40)

    async def walk(self):
        return await self.api.fetch_remaining(await self.api.timeline_home(limit=40))

    async def status(self, i):
        return await self.api.status(i)

    async def close(self):
        await self.api.close()


CLIENTS = {"aiofloor": AioFloorClient, "aiomastodon": AioLibraryClient}


async def task_timeline(names, url, rounds=15, calls=20, budget=120.0):
    clients = {n: CLIENTS[n](url) for n in names}
    for c in clients.values():
        for _ in range(calls):
            await c.timeline_home()
    samples = {n: [] for n in names}
    started = time.monotonic()
    index = 0
    while not _enough(index, rounds, started, budget):
        spent = dict.fromkeys(names, 0.0)
        gc.collect()
        for i in range(calls):
            for n in _turns(names, index + i):
                t0 = time.process_time()
                await clients[n].timeline_home()
                spent[n] += time.process_time() - t0
        for n in names:
            samples[n].append(spent[n] / calls)
        index += 1
    for c in clients.values():
        await c.close()
    return {n: {"cpu_per_call": statistics.median(s), "samples": s} for n, s in samples.items()}


async def task_remaining(names, url, rounds=7, budget=240.0):
    for n in names:  # warm up
        c = CLIENTS[n](url)
        _check(await c.walk())
        await c.close()
    samples = {n: [] for n in names}
    started = time.monotonic()
    index = 0
    while not _enough(index, rounds, started, budget):
        for n in _turns(names, index):
            c = CLIENTS[n](url)
            gc.collect()
            t0 = time.process_time()
            items = await c.walk()
            samples[n].append(time.process_time() - t0)
            _check(items)
            await c.close()
            del items, c
        index += 1
    return {n: {"cpu_per_walk": statistics.median(s), "samples": s} for n, s in samples.items()}


async def task_concurrent(names, url, rounds=7, calls=400, at_once=50, budget=120.0):
    clients = {n: CLIENTS[n](url) for n in names}

    async def burst(client):
        gate = asyncio.Semaphore(at_once)

        async def one(i):
            async with gate:
                return await client.status(i)
        results = await asyncio.gather(*(one(i) for i in range(calls)))
        if len(results) != calls or any(r["id"] is None for r in results):
            raise RuntimeError("a status call gave no status")

    for c in clients.values():  # warm up: the connection pool fills
        await burst(c)
    samples = {n: [] for n in names}
    started = time.monotonic()
    index = 0
    while not _enough(index, rounds, started, budget):
        for n in _turns(names, index):
            gc.collect()
            t0 = time.perf_counter()
            await burst(clients[n])
            samples[n].append(time.perf_counter() - t0)
        index += 1
    for c in clients.values():
        await c.close()
    return {n: {"wall_per_burst": statistics.median(s), "samples": s} for n, s in samples.items()}


TASKS = {"timeline": task_timeline, "remaining": task_remaining, "concurrent": task_concurrent}


def main(argv):
    names, task, url = argv[1].split(","), argv[2], argv[3]
    options = json.loads(argv[4]) if len(argv) > 4 else {}
    result = asyncio.run(TASKS[task](names, url, **options))
    result["python"] = sys.version.split()[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
