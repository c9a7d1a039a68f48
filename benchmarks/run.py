"""Benchmarks of the mastodon client against the floor (plain requests + json.loads), and optionally
against other clients installed in other virtual environments.

    python benchmarks/run.py [--quick] [--compare-python PATH ...] [--json FILE]

A loopback HTTP server runs in a process of its own (benchmarks/server.py) and serves canned,
realistic answers (benchmarks/payloads.py): 100 pages of 40 home-timeline statuses linked by
Link headers, and a server-sent-events stream of ``update`` events. Each client runs in a
driver process (benchmarks/driver.py) that measures its own CPU time only; the floor and the
library take turns in the same driver process, round after round, so that both see the same
machine. Figures are medians over rounds. The table gives each figure next to the floor's and
their ratio.

Figures:

- CPU per ``timeline_home(limit=40)`` (one request, one page of 40 statuses);
- CPU of ``timeline_home(limit=40)`` + ``fetch_remaining`` over 100 pages (4,000 statuses), and
  the TCP connections that walk opens (counted by the server);
- streamed ``update`` events: parsing + dispatch per event (benchmarks/bench_streaming.py, by the
  streaming package's author), and the same end to end over HTTP with ``stream_user``;
- ``import mastodon`` (wall time in a fresh interpreter, bytecode cached) against
  ``import requests, dateutil``;
- the memory of the 4,000-status walk: tracemalloc peak, and the growth of the process's peak RSS;
- the async client (``AsyncMastodon``, benchmarks/driver_async.py) against its own floor, a bare
  ``aiohttp.ClientSession`` + ``json.loads`` in the same process and event loop: CPU per
  ``timeline_home(limit=40)``, CPU of the 4,000-status walk, and the wall time of 400 ``status()``
  calls made 50 at a time on one session.

``--compare-python PATH`` runs the same drivers under another interpreter whose ``mastodon`` is
another client (Mastodon.py from PyPI imports as ``mastodon`` too, hence the other venv); its
figures are set against the floor measured side by side in that interpreter.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import payloads  # noqa: E402
from server import BenchServer  # noqa: E402

DRIVER = os.path.join(HERE, "driver.py")
ASYNC_DRIVER = os.path.join(HERE, "driver_async.py")

#: The targets of issue 5, as ratios to the floor measured in the same run (and absolute where given).
TARGETS = {
    "timeline": ("<= 1.2x floor", lambda r: r["ratio"] <= 1.2),
    "remaining": ("<= 1.3x floor, 1 conn", lambda r: r["ratio"] <= 1.3 and r.get("connections") == 1),
    "stream": (">= 50,000 /s", lambda r: r["value"] >= 50000),
    "import": ("<= floor + 20 ms", lambda r: r["value"] - r["floor"] <= 0.020),
}
#: The async client's targets (issue 16), as ratios to aiohttp + json.loads in the same process.
ASYNC_TARGETS = {
    "timeline": ("<= 1.25x floor", lambda ratio: ratio <= 1.25),
    "remaining": ("<= 1.35x floor", lambda ratio: ratio <= 1.35),
    "concurrent": ("<= 1.5x floor", lambda ratio: ratio <= 1.5),
}


def log(*args: Any) -> None:
    print(*args, file=sys.stderr, flush=True)


def run_driver(python: str, clients: str, task: str, url: str, driver: str = DRIVER, **options: Any) -> Dict[str, Any]:
    cmd = [python, driver, clients, task, url, json.dumps(options)]
    # cwd: a neutral directory, so that "import mastodon" finds the interpreter's own package.
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def count_connections(server: BenchServer, python: str, client: str) -> int:
    before = server.connections
    run_driver(python, client, "walk", server.url)
    return server.connections - before


def import_times(python: str, statements: Dict[str, str], n: int) -> Dict[str, float]:
    """Median wall time of each import statement, each in a fresh interpreter, taking turns.

    Bytecode is cached (in a scratch PYTHONPYCACHEPREFIX, written by a warm-up run) as it is for
    any installed package, even where PYTHONDONTWRITEBYTECODE is set for development.
    """
    cache = tempfile.mkdtemp(prefix="bench-pycache-")
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache
    samples: Dict[str, List[float]] = {k: [] for k in statements}
    try:
        for i in range(n + 2):
            for name in (list(statements) if i % 2 == 0 else list(reversed(statements))):
                code = f"import time; t = time.perf_counter(); {statements[name]}; print(time.perf_counter() - t)"
                done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env,
                                      cwd=tempfile.gettempdir())
                if done.returncode != 0:
                    raise RuntimeError(f"{statements[name]!r} failed under {python}:\n{done.stderr[-2000:]}")
                if i >= 2:  # the first two runs write the bytecode cache
                    samples[name].append(float(done.stdout.strip()))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return {k: statistics.median(v) for k, v in samples.items()}


def streaming_parse(n_events: int) -> Optional[Dict[str, Any]]:
    """benchmarks/bench_streaming.py's measure(), in a process of its own, if the file is there."""
    if not os.path.exists(os.path.join(HERE, "bench_streaming.py")):
        return None
    code = (f"import json, sys; sys.path.insert(0, {HERE!r}); import bench_streaming; "
            f"print(json.dumps(bench_streaming.measure(n_events={n_events})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tempfile.gettempdir())
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_client(server: BenchServer, python: str, quick: bool, label: str) -> Dict[str, Any]:
    """Every figure of ``python``'s ``mastodon`` next to the floor measured in the same processes."""
    out: Dict[str, Any] = {"python_path": python}
    budget = 30.0 if quick else 150.0
    log(f"[{label}] timeline_home(limit=40) ...")
    out["timeline"] = run_driver(python, "floor,mastodon", "timeline", server.url,
                                 rounds=5 if quick else 15, calls=10 if quick else 20, budget=budget)
    log(f"[{label}] timeline_home + fetch_remaining, 4,000 statuses ...")
    out["remaining"] = run_driver(python, "floor,mastodon", "remaining", server.url,
                                  rounds=3 if quick else 15, budget=budget)
    log(f"[{label}] TCP connections of one walk ...")
    out["connections"] = {c: count_connections(server, python, c) for c in ("floor", "mastodon")}
    log(f"[{label}] memory of one walk ...")
    out["memory"] = {c: run_driver(python, c, "memory", server.url)[c] for c in ("floor", "mastodon")}
    log(f"[{label}] streamed update events over HTTP ...")
    try:
        out["stream"] = run_driver(python, "floor,mastodon", "stream", server.url, rounds=1 if quick else 3)
    except RuntimeError as e:
        out["stream"] = {"error": str(e).strip().splitlines()[-1]}
    out["event_bytes"] = len(payloads.sse_events(server.n_events)) / server.n_events
    log(f"[{label}] import time ...")
    out["import"] = import_times(python, {"floor": "import requests, dateutil", "mastodon": "import mastodon"},
                                 5 if quick else 15)
    return out


def measure_async(server: BenchServer, quick: bool) -> Dict[str, Any]:
    """The async client's figures next to aiohttp + json.loads, measured in the same processes."""
    out: Dict[str, Any] = {}
    budget = 30.0 if quick else 150.0
    clients = "aiofloor,aiomastodon"
    log("[async] timeline_home(limit=40) ...")
    out["timeline"] = run_driver(sys.executable, clients, "timeline", server.url, ASYNC_DRIVER,
                                 rounds=5 if quick else 15, calls=10 if quick else 20, budget=budget)
    log("[async] timeline_home + fetch_remaining, 4,000 statuses ...")
    out["remaining"] = run_driver(sys.executable, clients, "remaining", server.url, ASYNC_DRIVER,
                                  rounds=3 if quick else 15, budget=budget)
    log("[async] 400 status() calls, 50 at a time, one session ...")
    out["concurrent"] = run_driver(sys.executable, clients, "concurrent", server.url, ASYNC_DRIVER,
                                   rounds=3 if quick else 9, budget=budget)
    return out


def async_rows(res: Dict[str, Any]) -> List[List[str]]:
    rows = []
    for key, title, figure, show in (
            ("timeline", "CPU per timeline_home(limit=40)", "cpu_per_call", _ms),
            ("remaining", "fetch_remaining, 4,000 statuses (CPU)", "cpu_per_walk", _s),
            ("concurrent", "400 status(), 50 at a time, one session (wall)", "wall_per_burst", _s)):
        r = res[key]
        ratio = paired_ratio(r, "aiofloor", "aiomastodon")
        target, met = ASYNC_TARGETS[key]
        rows.append([title, show(r["aiofloor"][figure]), show(r["aiomastodon"][figure]), f"{ratio:.2f}x",
                     target + ("  ok" if met(ratio) else "  MISSED")])
    return rows


# -- the report ---------------------------------------------------------------------------------
def _ms(x: float) -> str:
    return f"{x * 1e3:.2f} ms"


def _s(x: float) -> str:
    return f"{x:.3f} s"


def _rate(us_per_event: float) -> str:
    return f"{1 / us_per_event:,.0f} /s"


def _mib(b: float) -> str:
    return f"{b / 2 ** 20:.1f} MiB"


def paired_ratio(figure: Dict[str, Any], floor: str = "floor", client: str = "mastodon") -> float:
    """Median of the per-round ratios library/floor.

    The two take turns round after round, so each ratio compares runs made a moment apart; on a
    machine whose speed drifts (a shared VM) that is steadier than the ratio of the two medians.
    """
    pairs = [m / f for f, m in zip(figure[floor]["samples"], figure[client]["samples"]) if f > 0]
    return statistics.median(pairs)


def rows_for(res: Dict[str, Any], streaming: Optional[Dict[str, Any]]) -> List[List[str]]:
    rows: List[List[str]] = []

    def row(name: str, floor: str, value: str, ratio: str, target: str = "", met: Optional[bool] = None) -> None:
        mark = "" if met is None else ("  ok" if met else "  MISSED")
        rows.append([name, floor, value, ratio, target + mark])

    t = res["timeline"]
    f, m = t["floor"]["cpu_per_call"], t["mastodon"]["cpu_per_call"]
    r = {"ratio": paired_ratio(t)}
    row("CPU per timeline_home(limit=40)", _ms(f), _ms(m), f"{r['ratio']:.2f}x", TARGETS["timeline"][0],
        TARGETS["timeline"][1](r))
    w = res["remaining"]
    f, m = w["floor"]["cpu_per_walk"], w["mastodon"]["cpu_per_walk"]
    conns = res["connections"]
    r = {"ratio": paired_ratio(w), "connections": conns["mastodon"]}
    row("fetch_remaining, 4,000 statuses (CPU)", _s(f), _s(m), f"{r['ratio']:.2f}x", TARGETS["remaining"][0],
        TARGETS["remaining"][1](r))
    row("  TCP connections for those 100 requests", str(conns["floor"]), str(conns["mastodon"]), "")
    mem = res["memory"]
    f, m = mem["floor"]["tracemalloc_peak"], mem["mastodon"]["tracemalloc_peak"]
    row("  peak memory of the walk (tracemalloc)", _mib(f), _mib(m), f"{m / f:.2f}x")
    f, m = mem["floor"]["maxrss_growth_kib"] * 1024, mem["mastodon"]["maxrss_growth_kib"] * 1024
    row("  growth of the process's peak RSS", _mib(f), _mib(m), f"{m / f:.2f}x" if f else "")
    if streaming is None:
        row("streamed update events (parse + dispatch)", "-", "-", "", "benchmarks/bench_streaming.py not there yet")
    elif "error" in streaming:
        row("streamed update events (parse + dispatch)", "-", "-", "", "bench_streaming failed: " + streaming["error"])
    else:
        f, m = streaming["bare_us_per_event"] * 1e-6, streaming["library_us_per_event"] * 1e-6
        row(f"streamed update events, ~{streaming['payload_bytes']} B (parse+dispatch)", _rate(f), _rate(m),
            f"{streaming['ratio']:.2f}x", TARGETS["stream"][0], TARGETS["stream"][1]({"value": 1 / m}))
    s = res.get("stream", {})
    if "error" in s:
        row("streamed update events over HTTP (stream_user)", "-", "-", "", "not measured: " + s["error"][:60])
    elif s:
        f, m = s["floor"]["cpu_per_event"], s["mastodon"]["cpu_per_event"]
        size = res.get("event_bytes", 0)
        row(f"streamed update events over HTTP, ~{size / 1024:.1f} KB (stream_user)", _rate(f), _rate(m),
            f"{paired_ratio(s):.2f}x")
    imp = res["import"]
    f, m = imp["floor"], imp["mastodon"]
    row("import mastodon (wall, fresh interpreter)", _ms(f), _ms(m), f"+{(m - f) * 1e3:.1f} ms",
        TARGETS["import"][0], TARGETS["import"][1]({"value": m, "floor": f}))
    return rows


def comparison_rows(res: Dict[str, Any]) -> List[List[str]]:
    rows = []
    t = res["timeline"]
    rows.append(["CPU per timeline_home(limit=40)", _ms(t["floor"]["cpu_per_call"]),
                 _ms(t["mastodon"]["cpu_per_call"]), f"{paired_ratio(t):.1f}x"])
    w = res["remaining"]
    rows.append(["fetch_remaining, 4,000 statuses (CPU)", _s(w["floor"]["cpu_per_walk"]),
                 _s(w["mastodon"]["cpu_per_walk"]), f"{paired_ratio(w):.1f}x"])
    c = res["connections"]
    rows.append(["  TCP connections", str(c["floor"]), str(c["mastodon"]), ""])
    mem = res["memory"]
    rows.append(["  peak memory of the walk (tracemalloc)", _mib(mem["floor"]["tracemalloc_peak"]),
                 _mib(mem["mastodon"]["tracemalloc_peak"]),
                 f"{mem['mastodon']['tracemalloc_peak'] / mem['floor']['tracemalloc_peak']:.2f}x"])
    s = res.get("stream", {})
    if s and "error" not in s:
        rows.append(["streamed update events over HTTP (stream_user)", _rate(s["floor"]["cpu_per_event"]),
                     _rate(s["mastodon"]["cpu_per_event"]), f"{paired_ratio(s):.1f}x"])
    elif s:
        rows.append(["streamed update events over HTTP", "-", "-", s["error"][:50]])
    imp = res["import"]
    rows.append(["import mastodon (wall)", _ms(imp["floor"]), _ms(imp["mastodon"]),
                 f"+{(imp['mastodon'] - imp['floor']) * 1e3:.1f} ms"])
    return rows


def table(header: List[str], rows: List[List[str]]) -> str:
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 or i == len(r) - 1 else c.rjust(w)  # noqa: E731
                              for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    return "\n".join([fmt(header), line] + [fmt(r) for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare-python", action="append", default=[], metavar="PATH",
                        help="another interpreter whose 'mastodon' is another client (repeatable)")
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    parser.add_argument("--events", type=int, default=20000, help="events for the streaming parse benchmark")
    parser.add_argument("--only", choices=("sync", "async"), help="measure only the sync or only the async client")
    args = parser.parse_args()

    results: Dict[str, Any] = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": os.uname().machine,
                               "cpus": os.cpu_count()}
    with BenchServer() as server:
        log(f"benchmark server at {server.url} (pid {server._process.pid})")
        results["compare"] = {}
        if args.only != "async":
            results["this"] = measure_client(server, sys.executable, args.quick, "mastodon")
            log("[mastodon] streaming parse + dispatch (bench_streaming.measure) ...")
            results["streaming_parse"] = streaming_parse(2000 if args.quick else args.events)
            for python in args.compare_python:
                results["compare"][python] = measure_client(server, python, args.quick, python)
        if args.only != "sync":
            results["async"] = measure_async(server, args.quick)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    if "this" in results:
        report_sync(results)
    if "async" in results:
        print()
        print(f"AsyncMastodon on Python {results['async']['timeline']['python']}; floor = aiohttp.ClientSession + "
              "json.loads in the same process and event loop (CPU time, but wall time for the 400 calls)")
        print()
        print(table(["figure", "floor", "AsyncMastodon", "ratio", "target"], async_rows(results["async"])))


def report_sync(results: Dict[str, Any]) -> None:
    this = results["this"]
    version = this["timeline"]["mastodon"].get("version", "?")
    print()
    print(f"mastodon {version} on Python {this['timeline']['python']} ({results['machine']}, "
          f"{results['cpus']} CPUs); client CPU time, medians; floor = requests.Session + json.loads")
    print("(ratios: median of the per-round ratios, floor and client taking turns in one process)")
    print()
    print(table(["figure", "floor", "mastodon", "ratio", "target"], rows_for(this, results["streaming_parse"])))
    for python, res in results["compare"].items():
        v = res["timeline"]["mastodon"].get("version", "?")
        print()
        print(f"compared: Mastodon.py {v} ({python}, Python {res['timeline']['python']}), "
              f"against the floor measured in the same processes")
        print()
        print(table(["figure", "floor", f"Mastodon.py {v}", "ratio"], comparison_rows(res)))


if __name__ == "__main__":
    main()
