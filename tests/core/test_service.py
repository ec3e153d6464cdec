"""The served API (core/assembly.py) on a real Waitress server, without Anki.

The environment here has no collection (like a server before any profile
opens), and work is posted to the HTTP thread itself, one request at a time.
"""

from __future__ import annotations

import threading
import time
import types
from concurrent.futures import Future

import pluggy
import pytest
from support import free_port, http_request, post_inline

hookimpl = pluggy.HookimplMarker("ankiconnect")


class NoCollection:
    """An Environment without Anki: actions needing the collection are refused."""

    def __init__(self):
        self.refreshed = []
        self.asked = []
        self.typing = None  # what save_typing answers: None, or a Future of the editors' save
        self.typing_asked = 0

    def collection(self):
        from ankiconnect_unit.core.actions import ActionError

        raise ActionError("collection is not available")

    def main_window(self):
        from ankiconnect_unit.core.actions import ActionError

        raise ActionError("Anki's main window is not available")

    def has_window(self):
        return False

    def require_gui(self, action):
        self.main_window()

    def editors(self):
        from ankiconnect_unit.core.environment import NoOpenEditors

        return NoOpenEditors()

    def profile_name(self):
        return None

    def profile_names(self):
        return []

    def switch_profile(self, name):
        return False

    def ask_permission(self, origin):
        self.asked.append(origin)
        answer = Future()
        answer.set_result(origin.endswith(".friendly"))
        return answer

    def refresh(self, changes):
        self.refreshed.append(changes)

    def save_typing(self):
        self.typing_asked += 1
        return self.typing


def plugin_with_test_actions():
    module = types.ModuleType("testing")

    def needsCollection(*, col):
        return 1

    def needsWindow(*, mw):
        return 1

    def slow(*, host):
        later = Future()
        return host.defer(later, timeout=0.2, timeout_result="gave up")

    def touch(*, changes):
        module.touched += 1
        return module.touched

    @hookimpl
    def register_actions(register):
        register(needsCollection)
        register(needsWindow, gui=True)
        register(slow)
        register(touch)

    module.register_actions = register_actions
    module.touched = 0
    return module



@pytest.fixture
def server(addon):
    environment = NoCollection()
    config = addon("core.config").FixedConfig(apiKey=None, webBindPort=free_port())
    api = addon("core.assembly").ServedApi(environment, post_inline(), config, entry_points=False,
                                           builtins=("misc",))
    server_plugin = plugin_with_test_actions()
    api.plugins.register(server_plugin, name="testing")
    server = api.listen(api.config())
    server.start()
    server.environment = environment
    server.plugin = server_plugin
    yield server
    server.stop()


def post(server, body, **kwargs):
    return http_request(server.port, body, **kwargs)


def test_version_is_served_without_anki(server):
    assert post(server, {"action": "version", "version": 6}).json() == {"result": 6, "error": None}


def test_actions_needing_the_collection_are_refused_without_one(server):
    assert post(server, {"action": "needsCollection"}).json() == {
        "result": None, "error": "collection is not available"}


def test_gui_actions_are_refused_without_a_main_window(server):
    assert post(server, {"action": "needsWindow"}).json() == {
        "result": None, "error": "Anki's main window is not available"}


def test_a_deferred_result_that_never_comes_gets_its_timeout_result(server):
    assert post(server, {"action": "slow", "version": 6}).json() == {"result": "gave up", "error": None}


def test_a_changing_request_runs_once_the_editors_have_saved_the_users_typing(server):
    typing = server.environment.typing = Future()
    started = time.monotonic()  # before the timer starts: the save comes 0.1 s after this at the earliest
    threading.Timer(0.1, typing.set_result, [None]).start()
    assert post(server, {"action": "touch", "version": 6}).json() == {"result": 1, "error": None}
    assert time.monotonic() - started >= 0.1  # it waited for the save
    assert server.environment.typing_asked == 1 and server.plugin.touched == 1  # run once, after it


def test_a_change_inside_multi_waits_for_the_typing_too(server):
    server.environment.typing = typing = Future()
    typing.set_result(None)
    reply = post(server, {"action": "multi", "params": {"actions": [
        {"action": "version"}, {"action": "multi", "params": {"actions": [{"action": "touch"}]}}]}})
    assert reply.json() == [6, [1]]
    assert server.environment.typing_asked == 1


def test_requests_that_change_nothing_do_not_wait_for_editors(server):
    server.environment.typing = Future()  # never saved: waiting would show
    for request in [{"action": "version"},
                    {"action": "multi", "params": {"actions": [{"action": "version"}]}},
                    {"action": "multi", "params": {"actions": "touch"}},
                    {"action": ["touch"]},
                    {"action": "touch", "version": "6"}]:
        post(server, request)
    assert server.environment.typing_asked == 0
    assert server.plugin.touched == 0


def test_an_editor_that_never_saves_delays_the_change_but_does_not_stop_it(addon, server, monkeypatch):
    monkeypatch.setattr(addon("core.service"), "TYPING_SAVE_TIMEOUT", 0.2)
    server.environment.typing = Future()
    assert post(server, {"action": "touch", "version": 6}).json() == {"result": 1, "error": None}


def test_permission_answers_come_from_the_environment(server):
    request = {"action": "requestPermission", "version": 6}
    assert post(server, request, headers={"Origin": "https://site.friendly"}).json()["result"][
        "permission"] == "granted"
    assert post(server, request, headers={"Origin": "https://site.hostile"}).json() == {
        "result": {"permission": "denied"}, "error": None}
    assert server.environment.asked == ["https://site.friendly", "https://site.hostile"]


def test_stopping_frees_the_port_at_once(addon, server):
    server.stop()
    again = addon("core.server").ApiServer(lambda e, s: [], "127.0.0.1", server.port)
    again.start()
    again.stop()
