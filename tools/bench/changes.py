"""Benchmark scenarios of the change feed (see tools/benchmark.py for the interface).

- getChanges after 1,000 notes were added (2,000 ids listed; target 0.05 s);
- the latency from the request that makes a change to the reply of a
  getChanges that waits for one (median of 20; target 0.1 s, the issue's figure);
- on a collection of 50,000 notes: getChanges with nothing new (target 10 ms)
  and after one added note (the scan of every modification time).

Floors read the same thing straight from the collection: the collection's
modification time for "nothing new", the ids with recent modification times
for the lists.
"""

from __future__ import annotations

import statistics
import threading
import time

import pluggy

hookimpl = pluggy.HookimplMarker("ankiconnect")


# In Anki ---------------------------------------------------------------------

def benchSetupChangesNotes(count, *, col):
    """Delete every note, then add count Basic notes; nothing is returned."""
    from anki.collection import AddNoteRequest

    col.remove_notes(col.find_notes(""))
    model = col.models.by_name("Basic")
    requests = []
    for i in range(count):
        note = col.new_note(model)
        note.fields[0], note.fields[1] = f"changes {i}", "back"
        requests.append(AddNoteRequest(note, 1))
    col.add_notes(requests)
    return None


def benchSetupChangesQuietSecond(*, col):
    """Wait for the next second, then change a config value: the feed's next
    cursor then lists nothing again from its own second."""
    second = int(time.time())
    while int(time.time()) == second:
        time.sleep(0.01)
    col.set_config("benchChangesTick", time.time())
    return None


def benchFloorChangesNothingNew(*, col):
    """One read of the collection's modification time, in seconds."""
    start = time.perf_counter()
    col.db.scalar("select mod from col")
    return time.perf_counter() - start


def benchFloorChangesListed(second, *, col):
    """The ids of notes and cards modified in second or later, in seconds."""
    start = time.perf_counter()
    col.db.list("select id from notes where mod >= ?", second)
    col.db.list("select id from cards where mod >= ?", second)
    return time.perf_counter() - start


@hookimpl
def register_actions(register):
    for action in (benchSetupChangesNotes, benchSetupChangesQuietSecond, benchFloorChangesNothingNew,
                   benchFloorChangesListed):
        register(action)


# Scenarios (in the benchmark process) -----------------------------------------

def _note(front):
    return {"deckName": "Default", "modelName": "Basic", "fields": {"Front": front, "Back": "back"}}


def _wait_for_changes(bench, body, answered):
    bench.request(body)
    answered.append(time.perf_counter())


def scenarios(bench):
    from benchmark import Row

    bench.call("benchSetupChangesNotes", count=0)
    bench.call("benchSetupChangesQuietSecond")
    cursor = bench.call("getChanges")["cursor"]
    second = int(time.time())
    bench.call("addNotes", notes=[_note(f"added {i}") for i in range(1000)])
    listed = bench.call("getChanges", since=cursor)
    assert len(listed["notes"]["changed"]) == 1000, listed["notes"]
    bench.measure("getChanges after 1,000 added notes",
                  {"action": "getChanges", "version": 6, "params": {"since": cursor}},
                  floor={"action": "benchFloorChangesListed", "params": {"second": second}},
                  target=0.05, repeat=10)

    latencies = []
    for i in range(20):
        cursor = bench.call("getChanges")["cursor"]
        answered: list = []
        body = {"action": "getChanges", "version": 6, "params": {"since": cursor, "wait": 10}}
        waiter = threading.Thread(target=_wait_for_changes, args=(bench, body, answered))
        waiter.start()
        time.sleep(0.05)  # it reached the server and waits
        bench.call("addNote", note=_note(f"wakes {i}"))
        changed = time.perf_counter()
        waiter.join(10)
        latencies.append(answered[0] - changed)
    bench.add(Row("latency from a change to a waiting getChanges", statistics.median(latencies),
                  target=0.1, note=f"median of 20 (the change's reply to the waiter's); "
                                   f"max {max(latencies) * 1000:.1f} ms"))

    bench.call("benchSetupChangesNotes", count=50000)
    bench.call("benchSetupChangesQuietSecond")
    cursor = bench.call("getChanges")["cursor"]
    bench.measure("getChanges with nothing new (50,000 notes)",
                  {"action": "getChanges", "version": 6, "params": {"since": cursor}},
                  floor={"action": "benchFloorChangesNothingNew"}, target=0.01, repeat=20)
    bench.call("addNote", note=_note("one more"))
    assert len(bench.call("getChanges", since=cursor)["notes"]["changed"]) == 1
    bench.measure("getChanges after one added note (50,000 notes)",
                  {"action": "getChanges", "version": 6, "params": {"since": cursor}},
                  floor={"action": "benchFloorChangesListed", "params": {"second": int(time.time())}},
                  target=0.05, repeat=10)
    bench.call("benchSetupChangesNotes", count=0)
