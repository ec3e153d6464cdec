"""Actions that wait for a change (host.wait_for_change), event streams (event_stream=) and the
collection_did_change hook, served without Anki: what any plugin gets from the core."""

from __future__ import annotations

import threading
import time
import types
from concurrent.futures import ThreadPoolExecutor

import pluggy
import pytest
from changes_helpers import EventStreamReader
from support import free_port, http_request, post_inline

hookimpl = pluggy.HookimplMarker("ankiconnect")


def counting_plugin():
    """``bump`` changes the (pretend) collection; ``bumps`` waits until the count is not ``seen``;
    ``counter`` serves it as an event stream; a watcher records each change it is told of."""
    module = types.ModuleType("counting")
    module.count = 0
    module.watched = []

    def bump(*, changes):
        module.count += 1
        return module.count

    def bumps(seen, wait=5, *, host):
        if module.count == seen and not host.wait_over:
            return host.wait_for_change(wait)
        return module.count

    def counter(since=None, wait=0, *, host):
        if since == str(module.count) and wait and not host.wait_over:
            return host.wait_for_change(wait)
        return {"cursor": str(module.count), "count": module.count}

    @hookimpl
    def register_actions(register):
        register(bump)
        register(bumps)
        register(counter, event_stream="counter")

    @hookimpl
    def collection_did_change(col):
        module.watched.append(col)

    module.register_actions = register_actions
    module.collection_did_change = collection_did_change
    return module


class Collection:
    """What the watchers are handed (the once-a-second check finds no stamp on it)."""


class PretendEnvironment:
    """An Environment with a pretend collection and nothing else of Anki's."""

    def __init__(self):
        self.col = Collection()

    def collection(self):
        return self.col

    def refresh(self, changes):
        pass

    def save_typing(self):
        return None



@pytest.fixture
def served(addon):
    environment = PretendEnvironment()
    config = addon("core.config").FixedConfig(webBindPort=free_port(), changeWaiters=3)
    api = addon("core.assembly").ServedApi(environment, post_inline(), config, entry_points=False,
                                           builtins=("misc",))
    plugin = counting_plugin()
    api.plugins.register(plugin, name="counting")
    server = api.listen(api.config())
    server.start()
    api.server, api.plugin = server, plugin
    yield api
    api.close()
    server.stop()


def call(api, action, **params):
    request = {"action": action, "version": 6, "params": params}
    return http_request(api.server.port, request, timeout=30).json()


def until(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.005)


def test_a_waiting_action_answers_right_after_the_change(served):
    pool = ThreadPoolExecutor(1)
    waiting = pool.submit(lambda: (call(served, "bumps", seen=0), time.monotonic()))
    until(lambda: served.service.waiting == 1)
    assert call(served, "bump") == {"result": 1, "error": None}
    changed = time.monotonic()
    reply, answered = waiting.result(timeout=5)
    assert reply == {"result": 1, "error": None}
    assert answered - changed < 0.1


def test_a_wait_runs_out_and_the_action_answers_then(served):
    started = time.monotonic()
    assert call(served, "bumps", seen=0, wait=0.3) == {"result": 0, "error": None}
    assert 0.3 <= time.monotonic() - started < 2
    assert served.service.waiting == 0


def test_inside_multi_an_action_cannot_wait(served):
    started = time.monotonic()
    reply = call(served, "multi", actions=[{"action": "bumps", "version": 6, "params": {"seen": 0}}])
    assert reply == {"result": [{"result": 0, "error": None}], "error": None}
    assert time.monotonic() - started < 1


def test_beyond_change_waiters_the_next_one_is_refused_at_once(served):
    pool = ThreadPoolExecutor(3)
    waiting = [pool.submit(call, served, "bumps", seen=0) for _ in range(3)]
    until(lambda: served.service.waiting == 3)
    assert call(served, "bumps", seen=0) == {"result": None, "error": (
        "3 requests are waiting for changes already, as many as the changeWaiters setting allows; "
        "try again later")}
    call(served, "bump")
    assert [w.result(timeout=5) for w in waiting] == [{"result": 1, "error": None}] * 3


def test_ending_the_waits_answers_every_waiter_at_once(served):
    pool = ThreadPoolExecutor(2)
    waiting = [pool.submit(call, served, "bumps", seen=0, wait=30) for _ in range(2)]
    until(lambda: served.service.waiting == 2)
    served.end_waits()
    assert [w.result(timeout=2) for w in waiting] == [{"result": 0, "error": None}] * 2


def test_closing_answers_waiters_that_the_collection_is_gone(served):
    pool = ThreadPoolExecutor(1)
    waiting = pool.submit(call, served, "bumps", seen=0, wait=30)
    until(lambda: served.service.waiting == 1)
    served.close()
    assert waiting.result(timeout=2) == {"result": None, "error": "collection is not available"}


def test_a_changing_request_is_told_to_the_watchers(served):
    call(served, "bump")
    assert served.plugin.watched == [served.service._environment.col]


def test_a_watcher_that_raises_does_not_stop_the_others(served):
    broken = types.ModuleType("broken")

    @hookimpl
    def collection_did_change(col):
        raise RuntimeError("a broken watcher")

    broken.collection_did_change = collection_did_change
    served.plugins.register(broken, name="broken")
    assert call(served, "bump") == {"result": 1, "error": None}
    assert served.plugin.watched == [served.service._environment.col]


def test_a_plugins_action_can_be_an_event_stream(served):
    stream = EventStreamReader(served.server.port, "/counter")
    try:
        assert stream.status == 200
        assert stream.next() == {"event": "counter", "id": "0", "data": {"cursor": "0", "count": 0}}
        threading.Timer(0.05, call, [served, "bump"]).start()
        assert stream.next() == {"event": "counter", "id": "1", "data": {"cursor": "1", "count": 1}}
    finally:
        stream.close()


def test_an_event_stream_is_only_served_at_its_own_path(served):
    assert http_request(served.server.port, None, method="GET", path="/count").json() == {
        "apiVersion": "AnkiConnect v.6"}


@pytest.mark.parametrize("options, problem", [
    ({"event_stream": "Counter"}, "event_stream must be a short name of lower-case letters, digits and '-'"),
    ({"event_stream": "x" * 41}, "event_stream must be a short name"),
])
def test_an_event_stream_name_must_be_a_plain_path(addon, options, problem):
    actions = addon("core.actions")
    with pytest.raises(TypeError) as caught:
        actions.Action.from_function(lambda since=None, wait=0: {}, plugin="p", **options)
    assert problem in str(caught.value)


def test_an_event_streams_action_takes_since_and_wait(addon):
    actions = addon("core.actions")

    def events(since=None):
        return {}

    with pytest.raises(TypeError) as caught:
        actions.Action.from_function(events, plugin="p", event_stream="events")
    assert str(caught.value) == "action events: an event stream's action takes since and wait; it lacks wait"


def test_two_plugins_cannot_serve_the_same_event_stream(served):
    other = types.ModuleType("other")

    def tally(since=None, wait=0):
        return {"cursor": ""}

    @hookimpl
    def register_actions(register):
        register(tally, event_stream="counter")

    other.register_actions = register_actions
    with pytest.raises(ValueError) as caught:
        served.plugins.register(other, name="other")
    assert str(caught.value) == ("action 'GET /counter' of plugin 'other' is already registered by "
                                 "plugin 'counting'")
