"""The add-on's life inside Anki: profile, config changes, busy ports, timeouts, logs, memory."""

from __future__ import annotations

import gc
import json
import socket
import time
import types

import pytest
from support import free_port, http_request

VERSION = {"action": "version", "version": 6}
VERSION_REPLY = {"result": 6, "error": None}


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return False
    except OSError:
        return True


@pytest.fixture
def counter_plugin(anki):
    """A plugin registered at runtime whose action counts its calls."""
    calls = []
    plugin = types.ModuleType("counter")

    @anki.mw.ankiconnect.hookimpl
    def register_actions(register):
        def countCall():
            calls.append(1)
            return len(calls)

        register(countCall)

    plugin.register_actions = register_actions
    anki.mw.ankiconnect.register_plugin(plugin, name="counter")
    yield calls
    anki.mw.ankiconnect.unregister_plugin("counter")


@pytest.mark.usefixtures("example_plugin")  # its deckNoteCount needs the collection
def test_actions_needing_the_collection_say_when_it_is_closed(anki, client, col):
    mw = anki.mw
    closed = []
    mw.unloadCollection(lambda: closed.append(True))
    anki.waiter.wait_until(lambda: closed)
    try:
        assert client.call("deckNoteCount", deck="Default") == {
            "result": None, "error": "collection is not available"}
        assert client.send(VERSION) == VERSION_REPLY  # needs no collection
    finally:
        mw.loadCollection()
    assert client.call("deckNoteCount", deck="Default") == {"result": 0, "error": None}


def test_a_request_anki_does_not_pick_up_in_time_is_withdrawn_unrun(anki, client, counter_plugin):
    anki.set_config(apiQueueTimeout=200)
    pending = client.start({"action": "countCall", "version": 6})
    time.sleep(0.6)  # the main thread (this one) is busy: nothing reaches Anki
    anki.waiter.wait_until(pending.done)
    assert pending.result().json() == {"result": None, "error": (
        "Anki was busy and did not take the request within 0.2 seconds (apiQueueTimeout); it was not run")}
    anki.waiter.pump(0.2)
    assert counter_plugin == []
    assert client.call("countCall") == {"result": 1, "error": None}


def test_changing_the_port_restarts_the_server_there(anki, client):
    old, new = anki.port, free_port()
    anki.set_config(webBindPort=new)
    try:
        assert anki.mw.ankiconnect.url == f"http://127.0.0.1:{new}"
        assert client.in_thread(lambda: http_request(new, VERSION).json()) == VERSION_REPLY
        assert refused(old)
    finally:
        anki.set_config(webBindPort=old)
    assert client.send(VERSION) == VERSION_REPLY


def test_a_busy_port_is_reported_and_anki_keeps_working(anki, client):
    from aqt.qt import QMessageBox

    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    busy = blocker.getsockname()[1]
    try:
        anki.set_config(webBindPort=busy)
        api = anki.mw.ankiconnect
        assert api.url is None
        assert api.start_error.startswith(f"AnkiConnect could not listen on 127.0.0.1:{busy}: ")
        warning = anki.runtime._warning
        assert warning.isVisible() and not warning.isModal()
        assert warning.text() == api.start_error
        assert anki.mw.col.decks.all_names_and_ids()  # Anki works
        warning.button(QMessageBox.StandardButton.Ok).click()
    finally:
        blocker.close()
        anki.set_config(webBindPort=anki.port)
    assert client.send(VERSION) == VERSION_REPLY


def test_the_server_follows_the_profile(anki, client):
    mw = anki.mw
    mw.unloadProfileAndShowProfileManager()
    anki.waiter.wait_until(lambda: mw.col is None and mw.ankiconnect.url is None)
    assert refused(anki.port)
    mw.pm.load("test")
    mw.loadProfile()
    mw.profileDiag.closeWithoutQuitting()
    anki.waiter.wait_until(lambda: mw.ankiconnect.url is not None)
    assert client.send(VERSION) == VERSION_REPLY


def test_the_api_log_records_requests_and_replies_without_keys(anki, client, tmp_path):
    log = tmp_path / "api.log"
    anki.set_config(apiLogPath=str(log), apiKey="s3cret")
    client.send({"action": "multi", "version": 6, "key": "s3cret",
                 "params": {"actions": [{"action": "version", "key": "s3cret"}]}})
    text = log.read_text()
    assert "s3cret" not in text
    entries = [json.loads(chunk.split("\n", 1)[1]) for chunk in text.strip().split("\n\n")]
    kinds = [chunk.split("\n", 1)[0] for chunk in text.strip().split("\n\n")]
    assert kinds == ["[request]", "[reply]", "[request]", "[reply]"]
    assert entries == [
        {"action": "version", "key": "<redacted>"}, 6,
        {"action": "multi", "key": "<redacted>", "version": 6,
         "params": {"actions": [{"action": "version", "key": "<redacted>"}]}},
        {"result": [6], "error": None},
    ]


@pytest.mark.usefixtures("example_plugin")  # among the requests: its deckNoteCount
def test_requests_leave_no_reference_cycles_behind(anki, client, counter_plugin):
    """Anki turns Python's cyclic garbage collector off: cycles made per request would pile up."""
    requests = [
        VERSION, {"action": "nope"}, {"action": "countCall", "version": 6},
        {"action": "multi", "params": {"actions": [VERSION, {"action": "nope"}]}},
        {"action": "apiReflect", "params": {"scopes": ["actions", "actionDetails"]}},
        {"action": "deckNoteCount", "params": {"deck": "Default"}},
        {"action": "version", "params": {"bad": 1}},
        {"action": "addTags", "params": {"notes": [], "tags": "changes"}},
        {"action": "storeMediaFile", "params": {"filename": "x.mp3", "url": "http://127.0.0.1:1/refused"}},
    ]

    def send_all(times):
        for _ in range(times):
            for request in requests:
                http_request(anki.port, request)

    client.in_thread(lambda: send_all(5))  # warm-up: caches, lazy imports
    anki.waiter.pump(0.2)
    gc.collect()
    client.in_thread(lambda: send_all(30))
    anki.waiter.pump(0.2)
    # 270 requests: a cycle per request would leave hundreds of objects (0 seen here);
    # the slack is for Anki's own background work.
    assert gc.collect() < 20


def test_saving_a_new_port_in_ankis_config_editor_moves_the_server(anki, client):
    from aqt.addons import AddonsDialog, ConfigEditor

    old, new = anki.port, free_port()
    manager = anki.mw.addonManager
    addons_dialog = AddonsDialog(manager)
    config = manager.getConfig(anki.addon_module)
    editor = ConfigEditor(addons_dialog, anki.addon_module, config)
    try:
        editor.form.editor.setPlainText(json.dumps({**config, "webBindPort": new}))
        editor.accept()  # what the OK button does: validate, write, tell the add-on
        assert anki.mw.ankiconnect.url == f"http://127.0.0.1:{new}"
        assert client.in_thread(lambda: http_request(new, VERSION).json()) == VERSION_REPLY
        assert refused(old)
    finally:
        addons_dialog.close()
        anki.set_config(webBindPort=old)
    assert client.send(VERSION) == VERSION_REPLY


def test_a_burst_of_changes_refreshes_anki_after_the_replies_not_per_request(anki, client, col):
    from aqt import gui_hooks
    from support import wait_for_refresh

    refreshes = []
    gui_hooks.operation_did_execute.append(lambda changes, handler: refreshes.append(changes))
    note = {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "", "Back": "b"}}

    def burst():
        return [http_request(anki.port, {"action": "addNote", "version": 6, "params": {"note": {
            **note, "fields": {"Front": f"word {i}", "Back": "b"}}}}).json()["error"] for i in range(20)]

    try:
        assert client.in_thread(burst) == [None] * 20
        wait_for_refresh(anki.mw)
    finally:
        gui_hooks.operation_did_execute._hooks.pop()
    assert 1 <= len(refreshes) < 10
    assert all(changes.note_text for changes in refreshes)


@pytest.mark.usefixtures("example_plugin")  # its deckNoteCount needs the collection
def test_a_collection_closed_for_a_full_sync_is_not_available(anki, client, col):
    # During a full sync Anki's close_for_full_sync() drops col.db while mw.col
    # stays; the backend closes and reopens the file itself. The same Python-side
    # state, without the sync:
    db, col.db = col.db, None
    try:
        assert client.call("deckNoteCount", deck="Default") == {
            "result": None, "error": "collection is not available"}
    finally:
        col.db = db
    assert client.call("deckNoteCount", deck="Default") == {"result": 0, "error": None}



def test_a_second_copy_of_the_add_on_stays_inactive(anki, client):
    import importlib
    import sys

    from support import ROOT

    link = anki.base / "second-copy"
    link.mkdir(exist_ok=True)
    (link / "ankiconnect_second").symlink_to(ROOT, target_is_directory=True)
    sys.path.insert(0, str(link))
    try:
        importlib.import_module("ankiconnect_second")  # Anki loading a second copy
    finally:
        sys.path.remove(str(link))
    assert anki.mw.ankiconnect._runtime.module == anki.addon_module
    assert client.send(VERSION) == VERSION_REPLY
