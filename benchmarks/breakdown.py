"""Where the CPU time of a request goes: ``python benchmarks/breakdown.py [timeline|walk] [--top N]``.

Runs the library against the benchmark server (benchmarks/server.py) under cProfile and sorts
the time by layer: requests/urllib3/http.client, the JSON scanner, this library's own code
(object hook, pagination, rate limits, parameters, ...), and the cyclic garbage collector
(timed with ``gc.callbacks``, which cProfile does not see). cProfile adds a constant to every
Python-level call, so Python code looks dearer than it is; the shares are a map, the benchmark
(benchmarks/run.py) is the measurement.
"""

import argparse
import cProfile
import gc
import os
import pstats
import sys
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from server import BenchServer  # noqa: E402

LAYERS = [
    ("mastodon: JSON object hook (AttribAccessDict, datetimes)", ("mastodon/core/values.py:", "_object_hook")),
    ("mastodon: decode_json + JSON scanner (C)", ("mastodon/core/values.py:", "decode_json")),
    ("mastodon: pagination (Link header)", ("mastodon/core/pagination.py",)),
    ("mastodon: rate limiter", ("mastodon/core/ratelimit.py",)),
    ("mastodon: parameters", ("mastodon/core/params.py",)),
    ("mastodon: request path, endpoint method", ("mastodon/",)),
    ("requests", ("requests/",)),
    ("urllib3", ("urllib3/",)),
    ("http.client + email (header parsing)", ("http/client.py", "email/")),
    ("socket I/O", ("socket.py", "'recv_into'", "'sendall'", "'readinto'", "selectors.py")),
    ("os.environ (requests' proxy lookup)", ("<frozen os>", "urllib/request.py", "_collections_abc")),
    ("urllib.parse", ("urllib/parse.py",)),
]


def layer_of(func):
    filename, line, name = func
    where = f"{filename}:{line}({name})"
    for label, needles in LAYERS:
        if label.startswith("mastodon: JSON object hook"):
            if "mastodon/core/values.py" in filename and name == "_object_hook":
                return label
            continue
        if label.startswith("mastodon: decode_json"):
            if "mastodon/core/values.py" in filename and name == "decode_json":
                return label
            continue
        if any(n in where for n in needles):
            return label
    return "other (builtins, stdlib)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", default="timeline", choices=["timeline", "walk"])
    parser.add_argument("--top", type=int, default=15, help="also list the N functions with the most own time")
    args = parser.parse_args()

    from mastodon import Mastodon
    gc_time = [0.0]
    started = [0.0]

    def on_gc(phase, info):
        if phase == "start":
            started[0] = time.process_time()
        else:
            gc_time[0] += time.process_time() - started[0]

    with BenchServer() as server:
        api = Mastodon(access_token="x", api_base_url=server.url, mastodon_version="4.3.0")
        run = (lambda: api.timeline_home(limit=40)) if args.what == "timeline" else \
            (lambda: api.fetch_remaining(api.timeline_home(limit=40)))
        n = 200 if args.what == "timeline" else 3
        for _ in range(3 if args.what == "timeline" else 1):
            run()
        gc.collect()
        gc.callbacks.append(on_gc)
        profiler = cProfile.Profile()
        t0 = time.process_time()
        profiler.enable()
        for _ in range(n):
            run()
        profiler.disable()
        total = time.process_time() - t0
        gc.callbacks.remove(on_gc)

    stats = pstats.Stats(profiler)
    layers = defaultdict(float)
    for func, (cc, nc, tt, ct, callers) in stats.stats.items():
        layer = layer_of(func)
        if func[0] == "~" and callers:
            # A builtin (a set test, a dict copy, a socket read) counts for the layer that called it.
            caller = max(callers.items(), key=lambda kv: kv[1][2])[0]
            layer = layer_of(caller)
        layers[layer] += tt
    profiled = sum(layers.values())
    print(f"{args.what}: {n} runs, {total / n * 1e3:.2f} ms CPU per run under the profiler")
    print(f"  cyclic GC (gc.callbacks): {gc_time[0] / n * 1e3:.2f} ms per run, {gc_time[0] / total:.0%}")
    print("  own time by layer (cProfile; GC time is spread over whatever ran when it struck):")
    for label, tt in sorted(layers.items(), key=lambda kv: -kv[1]):
        print(f"    {tt / profiled:5.1%}  {tt / n * 1e3:7.3f} ms  {label}")
    if args.top:
        print()
        print(f"  the {args.top} functions with the most own time:")
        top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:args.top]
        for (filename, line, name), (cc, nc, tt, ct, callers) in top:
            where = name if filename == "~" else f"{os.path.basename(filename)}:{line}({name})"
            print(f"    {tt / n * 1e3:7.3f} ms  {nc:>8} calls  {where}")


if __name__ == "__main__":
    main()
