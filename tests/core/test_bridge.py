"""The bridge to the collection's thread, without Anki: across a profile switch
and during a sync (a queue stands in for Qt's loop)."""

from __future__ import annotations

import queue
import threading

import pytest


class PostedWork:
    """What the bridge posts to the owning thread, run when the test says so."""

    def __init__(self):
        self.queue = queue.Queue()

    def post(self, closure):
        self.queue.put(closure)

    def run_next(self, timeout=5):
        self.queue.get(timeout=timeout)()


def call_in_thread(bridge, work, timeout=5):
    """Start bridge.call on a helper thread; returns a function giving its outcome."""
    outcome = {}

    def target():
        try:
            outcome["result"] = bridge.call(work, timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            outcome["error"] = str(exc)

    thread = threading.Thread(target=target)
    thread.start()

    def result():
        thread.join(timeout + 5)
        return outcome

    return result


@pytest.fixture
def posted():
    return PostedWork()


@pytest.fixture
def bridge(addon, posted):
    return addon("core.bridge").MainThreadBridge(posted.post)


def test_work_posted_before_a_close_never_runs_after_the_reopen(bridge, posted):
    ran = []
    outcome = call_in_thread(bridge, lambda: ran.append("old profile") or "done")
    closure = posted.queue.get(timeout=5)  # posted, not yet run
    bridge.close()  # the profile closes ...
    bridge.reopen()  # ... and the next one opens in the same turn of the loop
    closure()
    assert outcome() == {"error": "collection is not available"}
    assert ran == []


def test_work_posted_after_the_reopen_runs(bridge, posted):
    bridge.close()
    bridge.reopen()
    outcome = call_in_thread(bridge, lambda: "new profile")
    posted.run_next()
    assert outcome() == {"result": "new profile"}


def test_held_back_work_runs_in_order_after_the_release(bridge, posted):
    ran = []
    bridge.hold()
    first = call_in_thread(bridge, lambda: ran.append(1) or "first")
    posted.run_next()  # reaches the owning thread while held: not run
    second = call_in_thread(bridge, lambda: ran.append(2) or "second")
    posted.run_next()
    assert ran == []
    bridge.release()
    posted.run_next()
    posted.run_next()
    assert (first(), second(), ran) == ({"result": "first"}, {"result": "second"}, [1, 2])


def test_held_back_work_past_its_queue_timeout_is_withdrawn_unrun(bridge, posted):
    ran = []
    bridge.hold()
    outcome = call_in_thread(bridge, lambda: ran.append(1), timeout=0.2)
    posted.run_next()
    assert outcome() == {"error": "Anki was busy and did not take the request within 0.2 seconds "
                                  "(apiQueueTimeout); it was not run"}
    bridge.release()
    posted.run_next()
    assert ran == []


def test_held_back_work_is_answered_collection_is_not_available_when_the_profile_closes(bridge, posted):
    ran = []
    bridge.hold()
    outcome = call_in_thread(bridge, lambda: ran.append(1))
    posted.run_next()
    bridge.close()
    assert outcome() == {"error": "collection is not available"}
    bridge.reopen()
    bridge.release()
    assert posted.queue.empty() and ran == []


def test_holds_nest(bridge, posted):
    bridge.hold()
    bridge.hold()
    outcome = call_in_thread(bridge, lambda: "done")
    posted.run_next()
    bridge.release()
    assert posted.queue.empty()
    bridge.release()
    posted.run_next()
    assert outcome() == {"result": "done"}
