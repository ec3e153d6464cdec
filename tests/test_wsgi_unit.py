"""The WSGI app and dispatcher on a real Waitress server, without Anki.

The environment here has no collection (like a server before any profile
opens) and runs actions on the HTTP thread through the InlineBridge.
"""

from __future__ import annotations

import types
from concurrent.futures import Future

import pluggy
import pytest
from support import free_port, http_request

hookimpl = pluggy.HookimplMarker("ankiconnect")


class NoCollection:
    """An Environment without Anki: actions needing the collection are refused."""

    def __init__(self, plugins, config):
        self.plugins = plugins
        self._config = config
        self.refreshed = []
        self.asked = []

    def registry(self):
        return self.plugins.registry

    def config(self):
        return self._config.current()

    def injected(self, name):
        from ankiconnect_unit.core.actions import ActionError

        raise ActionError("collection is not available")

    def require_gui(self):
        from ankiconnect_unit.core.actions import ActionError

        raise ActionError("Anki's main window is not available")

    def ask_permission(self, origin):
        self.asked.append(origin)
        answer = Future()
        answer.set_result(origin.endswith(".friendly"))
        return answer

    def plugin_report(self):
        return self.plugins.report()

    def refresh(self, changes):
        self.refreshed.append(changes)


def plugin_with_test_actions():
    module = types.ModuleType("testing")

    def needsCollection(*, col):
        return 1

    def needsWindow(*, mw):
        return 1

    def slow(*, host):
        later = Future()
        return host.defer(later, timeout=0.2, timeout_result="gave up")

    @hookimpl
    def register_actions(register):
        register(needsCollection)
        register(needsWindow, gui=True)
        register(slow)

    module.register_actions = register_actions
    return module


@pytest.fixture
def server(addon):
    plugins = addon("core.plugins")
    plugins_set = plugins.PluginSet(builtins=("misc",), entry_points=False)
    plugins_set.register(plugin_with_test_actions(), name="testing")
    environment = NoCollection(plugins_set, addon("core.config").FixedConfig(apiKey=None))
    app = addon("core.wsgi").ApiApp(addon("core.protocol").Dispatcher(environment),
                                    addon("core.bridge").InlineBridge(), environment.config)
    server = addon("core.server").ApiServer(app, "127.0.0.1", free_port())
    server.start()
    server.environment = environment
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
