"""The bridge across a profile switch, without Anki: a posted queue stands in for Qt's loop."""

from __future__ import annotations

import importlib
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
        except Exception as exc:  # the outcome under test
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
    bridge_module = importlib.import_module(f"{addon.__name__}.core.bridge")
    return bridge_module.MainThreadBridge(posted.post)


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
