"""getChanges with wait: the reply comes as soon as something changes, costs nothing while it
waits, and a limited number of requests may wait at once."""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from cards_helpers import add_note
from changes_helpers import FeedReader, lists_of, nothing
from notes_helpers import note_object
from support import http_request

WAITERS = 32  # the default changeWaiters


def waiting_request(port, cursor, wait=30):
    """A getChanges that waits; answers (the reply, the monotonic time it came)."""
    body = json.dumps({"action": "getChanges", "version": 6, "params": {"since": cursor, "wait": wait}})
    reply = http_request(port, body, timeout=wait + 30).json()
    return reply, time.monotonic()


def until_waiting(server, count, timeout=30):
    server.waiter.wait_until(lambda: server.runtime.api.service.waiting == count, timeout=timeout)


def test_a_waiting_getChanges_answers_within_100_ms_of_the_request_that_changed_something(server, client,
                                                                                           col):
    reader = FeedReader(client, col)
    pool = ThreadPoolExecutor(1)
    waiting = pool.submit(waiting_request, server.port, reader.cursor)
    until_waiting(server, 1)
    note = client.result("addNote", note=note_object("wakes the waiter"))
    changed_at = time.monotonic()
    server.waiter.wait_until(waiting.done, timeout=10)
    reply, answered_at = waiting.result()
    assert lists_of(reply["result"])["notes"] == {"changed": [note], "deleted": []}
    assert answered_at - changed_at < 0.1, f"{(answered_at - changed_at) * 1000:.1f} ms"
    pool.shutdown()


def test_a_wait_that_runs_out_answers_empty_lists(server, client, col):
    reader = FeedReader(client, col)
    started = time.monotonic()
    reply = client.result("getChanges", since=reader.cursor, wait=1)
    assert 1 <= time.monotonic() - started < 3
    assert reply == {"cursor": reader.cursor, "reset": False, "more": False, **nothing()}
    assert server.runtime.api.service.waiting == 0


def test_a_change_made_straight_on_the_collection_wakes_a_waiter_within_a_second_or_two(server, client, col):
    """Nobody signals it (as another add-on writing to the collection): the once-a-second check sees it."""
    reader = FeedReader(client, col)
    pool = ThreadPoolExecutor(1)
    waiting = pool.submit(waiting_request, server.port, reader.cursor)
    until_waiting(server, 1)
    note = add_note(col, {"Front": "unsignalled"})
    changed_at = time.monotonic()
    server.waiter.wait_until(waiting.done, timeout=10)
    reply, answered_at = waiting.result()
    assert lists_of(reply["result"])["notes"] == {"changed": [note.id], "deleted": []}
    assert answered_at - changed_at < 2.5
    pool.shutdown()


def test_beyond_changeWaiters_a_waiting_request_is_refused_at_once(server, client, col):
    server.set_config(changeWaiters=2)
    reader = FeedReader(client, col)
    pool = ThreadPoolExecutor(2)
    waiting = [pool.submit(waiting_request, server.port, reader.cursor) for _ in range(2)]
    until_waiting(server, 2)
    started = time.monotonic()
    assert client.call("getChanges", since=reader.cursor, wait=30) == {"result": None, "error": (
        "2 requests are waiting for changes already, as many as the changeWaiters setting allows; "
        "try again later")}
    assert time.monotonic() - started < 1
    client.result("createDeck", deck="Wake")
    server.waiter.wait_until(lambda: all(w.done() for w in waiting), timeout=10)
    assert [w.result()[0]["error"] for w in waiting] == [None, None]
    pool.shutdown()


def test_32_waiters_do_not_slow_other_requests(server, client, col):
    reader = FeedReader(client, col)

    def median_reply_time():
        times = []
        for _ in range(40):
            started = time.perf_counter()
            client.result("findNotes", query="deck:Default")
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    alone = median_reply_time()
    pool = ThreadPoolExecutor(WAITERS)
    waiting = [pool.submit(waiting_request, server.port, reader.cursor) for _ in range(WAITERS)]
    until_waiting(server, WAITERS)
    beside_waiters = median_reply_time()
    assert beside_waiters < alone * 2 + 0.005, (alone, beside_waiters)
    client.result("createDeck", deck="Wake")
    server.waiter.wait_until(lambda: all(w.done() for w in waiting), timeout=20)
    assert {w.result()[0]["error"] for w in waiting} == {None}
    pool.shutdown()


def _cpu_seconds(thread_ids):
    """User and system CPU time of these threads of this process, in seconds."""
    ticks = 0
    for native_id in thread_ids:
        try:
            with open(f"/proc/self/task/{native_id}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _server_threads():
    names = ("waitress", "ankiconnect")  # workers, the server's loop, the check, the collection's thread
    return [t.native_id for t in threading.enumerate() if t.name.startswith(names)]


def test_an_idle_server_with_32_waiters_uses_no_measurable_cpu(server, client, col):
    reader = FeedReader(client, col)
    pool = ThreadPoolExecutor(WAITERS)
    waiting = [pool.submit(waiting_request, server.port, reader.cursor, 40) for _ in range(WAITERS)]
    until_waiting(server, WAITERS)
    threads = _server_threads()
    before = _cpu_seconds(threads)
    server.waiter.pump(10)
    used = _cpu_seconds(threads) - before
    print(f"CPU used by the server's {len(threads)} threads in 10 s with {WAITERS} waiters: {used:.3f} s")
    assert used < 0.05
    client.result("createDeck", deck="Wake")
    server.waiter.wait_until(lambda: all(w.done() for w in waiting), timeout=20)
    pool.shutdown()
