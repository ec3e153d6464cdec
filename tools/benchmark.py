"""Benchmark: the add-on in a real Anki and the headless server, beside floors measured in the same run.

    python3 tools/dev.py bench [--quick] [--json FILE] [--host anki|headless] [--only GROUP]

Starts a bare Waitress app answering the same JSON (the floor for the HTTP
path), then, one after the other, a throwaway Anki with the add-on and the
headless server (``ankiconnect serve`` on a new collection), each a separate
process, as for a real client, and measures the server path and every
group's scenarios on each. Figures are quoted as ratios to their floor.

Group scenarios live in ``tools/bench/<group>.py``. Such a module is two things:

1. An AnkiConnect plugin, dropped into the benchmarked Anki's and the
   headless server's plugin folders (as ``bench_<group>``): its actions
   (named ``benchFloor...`` or ``benchSetup...``) run inside the server, doing the
   same work as the API call directly on the collection and returning the
   seconds it took (floors), or preparing data quickly (setups)::

       import time
       import pluggy
       hookimpl = pluggy.HookimplMarker("ankiconnect")

       def benchFloorFindNotes(query, *, col):
           start = time.perf_counter()
           col.find_notes(query)
           return time.perf_counter() - start

       @hookimpl
       def register_actions(register):
           register(benchFloorFindNotes)

2. A ``scenarios(bench)`` function, called in the benchmark process::

       def scenarios(bench):
           bench.measure("findNotes of everything",
                         {"action": "findNotes", "version": 6, "params": {"query": ""}},
                         floor={"action": "benchFloorFindNotes", "params": {"query": ""}},
                         target=0.01)

   ``bench.call(action, **params)`` returns an action's result (raising on
   an error reply); ``bench.measure`` times the request over HTTP (the best of
   ``repeat`` runs, ``setup()`` before each), asks the floor action for its
   in-process time, and records a row with the ratio and the target.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, List, Mapping, Optional, Union

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tools" / "bench"
VERSION_REQUEST = json.dumps({"action": "version", "version": 6}).encode()


@dataclass
class Row:
    label: str
    seconds: float  # per request (or per run), best of the repeats
    floor: Optional[float] = None
    target: Optional[float] = None
    max_ratio: Optional[float] = None  # seconds may be at most this many times the floor's
    note: str = ""
    paired_ratio: Optional[float] = None  # median of per-round ratios, when rounds took turns

    @property
    def ratio(self) -> Optional[float]:
        if self.paired_ratio is not None:
            return self.paired_ratio
        return self.seconds / self.floor if self.floor else None

    @property
    def ok(self) -> Optional[bool]:
        if self.target is None and self.max_ratio is None:
            return None
        fast_enough = self.target is None or self.seconds <= self.target
        close_enough = self.max_ratio is None or (self.ratio or 0) <= self.max_ratio
        return fast_enough and close_enough


class BenchError(Exception):
    pass


class Bench:
    """Measures one host (the add-on in Anki, or the headless server) on its port."""

    def __init__(self, port: int, host: str, rows: List[Row], repeat: int = 3):
        self.port = port
        self.host = host
        self.repeat = repeat
        self.rows = rows  # shared by both hosts' benches: one table, one verdict

    def add(self, row: Row) -> Row:
        row.label = f"[{self.host}] {row.label}"
        self.rows.append(row)
        print(_format(row), flush=True)
        return row

    def request(self, body: Union[dict, bytes], timeout: float = 600) -> Any:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("POST", "/", data)
            return json.loads(connection.getresponse().read())
        finally:
            connection.close()

    def call(self, action: str, **params: Any) -> Any:
        reply = self.request({"action": action, "version": 6, "params": params})
        if reply.get("error") is not None:
            raise BenchError(f"{action}: {reply['error']}")
        return reply["result"]

    def measure(self, label: str, request: Union[dict, Callable[[], dict]], *,
                floor: Optional[dict] = None, target: Optional[float] = None,
                max_ratio: Optional[Mapping[str, float]] = None,
                setup: Optional[Callable[[], Any]] = None, repeat: Optional[int] = None) -> Row:
        """Time a request; ``max_ratio`` maps a host's name to how many times
        its floor the request may take there."""
        best = best_floor = float("inf")
        for _ in range(repeat or self.repeat):
            if setup:
                setup()
            body = request() if callable(request) else request
            data = json.dumps(body).encode()
            start = time.perf_counter()
            reply = self.request(data)
            elapsed = time.perf_counter() - start
            if isinstance(reply, dict) and reply.get("error") is not None:
                raise BenchError(f"{label}: {reply['error']}")
            best = min(best, elapsed)
            if floor is not None:
                if setup:
                    setup()
                best_floor = min(best_floor, self.call(floor["action"], **floor.get("params", {})))
        return self.add(Row(label, best, None if floor is None else best_floor, target,
                            (max_ratio or {}).get(self.host)))


# The server path -----------------------------------------------------------

def sequential_new_connections(port: int, count: int) -> float:
    """Requests per second, one new TCP connection per request (as most clients do)."""
    start = time.perf_counter()
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request("POST", "/", VERSION_REQUEST)
        reply = connection.getresponse().read()
        connection.close()
        if b'"error": null' not in reply:
            raise BenchError(f"bad reply {reply!r}")
    return count / (time.perf_counter() - start)


def sequential_keep_alive(port: int, count: int) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    start = time.perf_counter()
    for _ in range(count):
        connection.request("POST", "/", VERSION_REQUEST)
        reply = connection.getresponse().read()
        if b'"error": null' not in reply:
            raise BenchError(f"bad reply {reply!r}")
    elapsed = time.perf_counter() - start
    connection.close()
    return count / elapsed


def concurrent_clients(port: int, clients: int, count: int) -> tuple:
    """(requests per second, errors) for `clients` threads, each on its own connection."""
    errors: List[str] = []
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        barrier.wait()
        for _ in range(count):
            try:
                connection.request("POST", "/", VERSION_REQUEST)
                reply = connection.getresponse().read()
                if b'"error": null' not in reply:
                    errors.append(reply.decode(errors="replace"))
            except Exception as exc:  # noqa: BLE001 - every failure counts
                errors.append(repr(exc))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return clients * count / (time.perf_counter() - start), len(errors)


def warm_up(bench: Bench, floor_port: int, settle_seconds: float = 3.0) -> None:
    """Let Anki finish starting (webviews, first deck list) and warm both servers."""
    time.sleep(settle_seconds)
    sequential_new_connections(bench.port, 200)
    sequential_new_connections(floor_port, 200)


def interleaved(measure: Callable[[int], float], anki_port: int, floor_port: int,
                rounds: int) -> tuple:
    """(median rate, median floor rate, median ratio) over rounds that take turns,
    so that both sides see the same moments of the machine's load."""
    rates, floor_rates, ratios = [], [], []
    for round_ in range(rounds):
        if round_ % 2:
            floor_rates.append(measure(floor_port))
            rates.append(measure(anki_port))
        else:
            rates.append(measure(anki_port))
            floor_rates.append(measure(floor_port))
        ratios.append(rates[-1] / floor_rates[-1])
    return statistics.median(rates), statistics.median(floor_rates), statistics.median(ratios)


# Targets for the server path, as (new connections, 8 concurrent clients): the
# least rate, as a share of the bare Waitress floor's. The headless server
# has no Qt hop and sits near the floor; inside Anki, Qt's event loop costs.
SERVER_PATH_TARGETS = {"anki": (0.7, None), "headless": (0.9, 0.8)}


def server_path(bench: Bench, floor_port: int, quick: bool) -> None:
    warm_up(bench, floor_port)
    count = 500 if quick else 3000
    rounds = 3 if quick else 9
    sequential_share, concurrent_share = SERVER_PATH_TARGETS[bench.host]
    for name, measure, target, share in [
        ("version, new connection each", sequential_new_connections, 1 / 1000, sequential_share),
        ("version, one keep-alive connection", sequential_keep_alive, None, None),
        ("version, 8 concurrent clients", _concurrent_rate, None, concurrent_share),
    ]:
        # measure=measure binds this iteration's function (B023), though interleaved calls it at once.
        rate, floor_rate, ratio = interleaved(
            lambda port, measure=measure: measure(port, count // rounds * 3),
            bench.port, floor_port, rounds)
        # Judged on the median of the rounds' ratios: each round's pair ran back to back.
        bench.add(Row(name, 1 / rate, 1 / floor_rate, target, 1 / share if share else None,
                      paired_ratio=1 / ratio,
                      note=f"{rate:,.0f} req/s vs floor {floor_rate:,.0f} req/s "
                           f"(median of {rounds} rounds: {ratio:.2f} x the floor's rate)"))
    bench.measure("multi of 100 version actions",
                  {"action": "multi", "version": 6,
                   "params": {"actions": [{"action": "version", "version": 6}] * 100}},
                  repeat=20)


def _concurrent_rate(port: int, count: int) -> float:
    rate, errors = concurrent_clients(port, 8, count // 8)
    if errors:
        raise BenchError(f"{errors} errors with 8 concurrent clients on port {port}")
    return rate


# Processes -----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


FLOOR_APP = """
import logging
import sys
from waitress import serve
logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # as the add-on's server does
BODY = b'{"result": 6, "error": null}'
def app(environ, start_response):
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Access-Control-Allow-Origin", "http://localhost"),
                              ("Access-Control-Allow-Headers", "*"),
                              ("Content-Length", str(len(BODY)))])
    return [BODY]
serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=8, ident="", _quiet=True)
"""


def start_floor_server(port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", FLOOR_APP, str(port)])
    _wait_for_port(port, process)
    return process


def start_anki(port: int, plugins: List[Path]) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "tools" / "throwaway_anki.py"), "--port", str(port)]
    for plugin in plugins:
        command += ["--plugin", str(plugin)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return _wait_for_line(process, "AnkiConnect is listening", "AnkiConnect could not start", "did not load")


def _wait_for_line(process: subprocess.Popen, ready: str, *failures: str) -> subprocess.Popen:
    """Wait until the server prints ready; raise on a failure line or an early exit."""
    assert process.stdout is not None
    for line in process.stdout:
        if ready in line:
            break
        if any(failure in line for failure in failures):
            raise BenchError(line.strip())
    else:
        raise BenchError("the server exited before it listened")
    # Keep draining the output so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    return process


def start_headless(port: int, plugins: List[Path], folder: Path) -> subprocess.Popen:
    """``ankiconnect serve`` on a new collection, with the scenario modules as drop-in plugins
    (named bench_<group>: a plugin named after a built-in group would be refused)."""
    (folder / "package").mkdir()
    (folder / "package" / "ankiconnect").symlink_to(ROOT, target_is_directory=True)
    (folder / "plugins").mkdir()
    for plugin in plugins:
        shutil.copy(plugin, folder / "plugins" / f"bench_{plugin.name}")
    env = dict(os.environ, PYTHONPATH=str(folder / "package"), XDG_DATA_HOME=str(folder / "data"))
    process = subprocess.Popen(
        [sys.executable, "-m", "ankiconnect", "--log-level", "warning", "serve", "--port", str(port),
         "--plugins", str(folder / "plugins")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return _wait_for_line(process, "AnkiConnect is listening", "ankiconnect:")


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError("the floor server exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise BenchError(f"nothing listens on {port}")


def _format(row: Row) -> str:
    parts = [f"{row.label:<48} {row.seconds * 1000:10.3f} ms"]
    if row.floor:
        parts.append(f"floor {row.floor * 1000:9.3f} ms  x{row.ratio:6.2f}")
    if row.target is not None:
        parts.append(f"target <= {row.target * 1000:g} ms")
    if row.max_ratio is not None and row.paired_ratio is not None:  # the server path: rates
        parts.append(f"target >= {1 / row.max_ratio:.2g} x the floor's rate")
    elif row.max_ratio is not None:
        parts.append(f"target <= {row.max_ratio:.2g} x the floor's time")
    if row.ok is not None:
        parts.append("OK" if row.ok else "MISSED")
    if row.note:
        parts.append(row.note)
    return "  ".join(parts)


def _load_scenarios(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)  # Anki saves and quits; the headless server closes its collection
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def scenario_modules() -> List[Path]:
    return sorted(p for p in SCENARIOS.glob("*.py") if not p.name.startswith("_"))


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the add-on in a real Anki and headless.")
    parser.add_argument("--quick", action="store_true", help="fewer requests (a smoke run)")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument("--only", help="run only the scenario module with this name (and the server path)")
    parser.add_argument("--host", action="append", choices=["anki", "headless"],
                        help="benchmark only this host (default: both)")
    args = parser.parse_args()

    modules = [p for p in scenario_modules() if not args.only or p.stem == args.only]
    hosts = args.host or ["anki", "headless"]
    floor_port = free_port()
    floor = start_floor_server(floor_port)
    rows: List[Row] = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="ankiconnect-bench-") as folder:
        for host in hosts:
            port = free_port()
            process = (start_anki(port, modules) if host == "anki"
                       else start_headless(port, modules, Path(folder)))
            bench = Bench(port, host, rows)
            try:
                print(f"{host} on {port}, bare Waitress floor on {floor_port}", flush=True)
                server_path(bench, floor_port, args.quick)
                for path in modules:
                    print(f"-- {host}: {path.stem}", flush=True)
                    _load_scenarios(path).scenarios(bench)
            except BenchError as exc:
                print(f"FAILED: {exc}", flush=True)
                failed = True
            finally:
                _stop(process)
    floor.terminate()
    if args.json:
        args.json.write_text(json.dumps([{**asdict(r), "ratio": r.ratio, "ok": r.ok} for r in rows],
                                        indent=2))
    missed = [r.label for r in rows if r.ok is False]
    if missed:
        print("Missed targets: " + ", ".join(missed))
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
