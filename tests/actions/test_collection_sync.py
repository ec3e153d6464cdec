"""sync over real HTTP, against Anki's own sync server running locally.

AnkiWeb is out of reach; ``python -m anki.syncserver`` speaks the same
protocol, so these are real syncs. A proxy that slows the server's answers
stands in for a slow network, and a server that answers HTTP 500 for one in
trouble. Every test signs the profile out again, so nothing syncs afterwards.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from collection_helpers import (
    UPSTREAM_FULL_SYNC_TEXT,
    FailingSyncServer,
    SlowProxy,
    SyncServer,
    sign_in,
    sign_out,
)
from doc_examples import check_example
from support import free_port, http_request, wait_for_refresh

FULL_UPLOAD_NEEDED = UPSTREAM_FULL_SYNC_TEXT.format(4) + (
    ". Only a full sync can go on: the server has no collection yet, so this one can only be uploaded"
    ": click Sync in Anki's window to upload it")
FULL_DOWNLOAD_NEEDED = UPSTREAM_FULL_SYNC_TEXT.format(3) + (
    ". Only a full sync can go on: this collection is empty, so it can only download the server's"
    ": click Sync in Anki's window to download it")


@pytest.fixture
def sync_server(tmp_path):
    server = SyncServer(tmp_path / "sync-server")
    yield server
    server.stop()


@pytest.fixture
def signed_in(anki, col, sync_server, monkeypatch):
    """The profile logged in to a fresh local sync server (and out again afterwards)."""
    # Anki asks the server for its sync status in the background after changes
    # (the toolbar's sync button); racing a full upload, that check can fail and
    # Anki shows "Please sync again" in a message box. Not what these tests test.
    monkeypatch.setattr(anki.mw.toolbar, "update_sync_status", lambda: None)
    sign_in(anki.mw, sync_server.endpoint)
    yield sync_server
    anki.waiter.wait_until(lambda: not anki.mw.media_syncer.is_syncing(), timeout=30)
    # Anki checks the sync status after changes (the add-on's refresh runs just
    # after a request); let that happen while signed in and the server is up,
    # or the check fails later and Anki shows its error in a message box.
    wait_for_refresh(anki.mw)
    sign_out(anki.mw)
    anki.waiter.pump(0.5)
    close_media_sync_resync_notice()


def close_media_sync_resync_notice():
    """Anki 25.02's media sync, started after a sync as Anki does, sometimes
    answers "Please sync again" against a local server whose collection was just
    replaced by a full upload; Anki shows that in a message box of its own. It is
    about Anki's media sync, not the sync action, so it is closed here."""
    from aqt.qt import QApplication, QMessageBox
    from aqt.utils import tr

    for widget in QApplication.topLevelWidgets():
        if (isinstance(widget, QMessageBox) and widget.isVisible()
                and widget.text() == tr.sync_resync_required()):
            widget.close()


@pytest.fixture
def in_sync(anki, signed_in):
    """The collection uploaded in full, so that syncs from here on are normal syncs.

    Afterwards a full sync is due again, as in the session's never-synced profile:
    otherwise Anki would ask the user (a modal question) before the schema
    changes later tests make.
    """
    from aqt.sync import full_upload

    done = []
    full_upload(anki.mw, None, lambda: done.append(True))
    anki.waiter.wait_until(lambda: done and not anki.mw.media_syncer.is_syncing(), timeout=60)
    yield signed_in
    anki.mw.col.mod_schema(check=False)
    assert anki.mw.col.schema_changed()


def add_note(col, front):
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"] = front
    note["Back"] = "back"
    col.add_note(note, 1)
    return note


def test_sync_without_a_sync_login_is_an_error(client, anki):
    assert anki.mw.pm.sync_auth() is None
    assert client.call("sync") == {"result": None, "error": "sync: auth not configured"}


def test_sync_carries_new_notes_to_the_server(client, col, in_sync):
    add_note(col, "synced over the API")
    assert client.call("sync") == {"result": None, "error": None}
    assert "synced over the API\x1fback" in in_sync.note_fields()


def test_sync_documented_example(client, col, in_sync):
    add_note(col, "documented")
    check_example(client, "collection", "sync")
    assert "documented\x1fback" in in_sync.note_fields()


def test_sync_starts_the_media_sync_as_anki_does(client, anki, col, in_sync):
    col.media.write_data("synced-picture.png", b"picture bytes")
    add_note(col, '<img src="synced-picture.png">')
    assert client.call("sync") == {"result": None, "error": None}
    anki.waiter.wait_until(lambda: "synced-picture.png" in in_sync.media_files(), timeout=30)


def test_sync_that_needs_a_full_upload_is_refused(client, col, signed_in):
    add_note(col, "never synced before")  # the server is empty: only a full upload could sync
    assert client.call("sync") == {"result": None, "error": FULL_UPLOAD_NEEDED}
    assert signed_in.note_fields() == []


def test_a_first_sync_of_an_empty_collection_says_to_download_in_anki(client, col, signed_in):
    signed_in.upload_from_another_device("from another device")
    assert col.card_count() == 0
    assert client.call("sync") == {"result": None, "error": FULL_DOWNLOAD_NEEDED}
    assert col.card_count() == 0  # the client does not choose a full sync: the user does, in Anki


def test_sync_with_a_login_the_server_refuses_is_anki_s_error(client, anki, signed_in):
    anki.mw.pm.set_sync_key("not-a-valid-key")
    assert client.call("sync") == {
        "result": None, "error": "Email or password was incorrect; please try again."}
    assert anki.mw.pm.sync_auth().hkey == "not-a-valid-key"  # a client does not log the user out


def test_sync_with_a_server_in_trouble_is_anki_s_error(client, anki, signed_in):
    failing = FailingSyncServer()
    try:
        anki.mw.pm.set_custom_sync_url(failing.endpoint)
        assert client.call("sync") == {
            "result": None, "error": "AnkiWeb encountered a problem. Please try again in a few minutes."}
    finally:
        failing.stop()


def test_sync_with_no_server_listening_is_anki_s_network_error_naming_the_server(client, anki, signed_in):
    endpoint = f"http://127.0.0.1:{free_port()}/"
    anki.mw.pm.set_custom_sync_url(endpoint)
    assert client.call("sync") == {  # Anki's words, without the invisible marks around the details
        "result": None,
        "error": "A network error occurred.\n\nError details: error sending request for url () (the sync "
                 f"server at {endpoint} could not be reached: check the address and that the server runs)"}


def test_sync_the_user_cancels_in_anki_is_an_error(client, anki, col, in_sync):
    from aqt.qt import QTimer

    proxy = SlowProxy(in_sync.port, delay=0.25)
    anki.mw.pm.set_custom_sync_url(proxy.endpoint)
    add_note(col, "cancelled")
    QTimer.singleShot(500, lambda: anki.mw.progress._win.close())  # the user closes the progress window
    try:
        assert client.call("sync") == {"result": None, "error": "sync was cancelled in Anki"}
        # The cancelled window may still be closing: it must not cancel the next sync.
        assert client.call("sync") == {"result": None, "error": None}
    finally:
        proxy.stop()
    assert "cancelled\x1fback" in in_sync.note_fields()  # the second sync carried it


def test_a_sync_that_outlasts_its_reply_timeout_is_an_error_and_goes_on(
        client, anki, col, in_sync, monkeypatch):
    import importlib

    from aqt import gui_hooks

    actions = importlib.import_module(f"{anki.addon_module}.actions_builtin.collection")
    monkeypatch.setattr(actions, "SYNC_REPLY_MINUTES", 0.01)  # 0.6 s instead of 30 minutes
    proxy = SlowProxy(in_sync.port, delay=0.25)
    anki.mw.pm.set_custom_sync_url(proxy.endpoint)
    add_note(col, "slower than its reply")
    finished = []

    def on_sync_finished():
        finished.append(True)

    gui_hooks.sync_did_finish.append(on_sync_finished)
    try:
        assert client.call("sync") == {
            "result": None, "error": "sync did not finish within 0.01 minutes; it goes on in the background"}
        assert not finished
        anki.waiter.wait_until(lambda: finished, timeout=60)
    finally:
        gui_hooks.sync_did_finish.remove(on_sync_finished)
        proxy.stop()
    assert "slower than its reply\x1fback" in in_sync.note_fields()


def test_a_failed_sync_lets_the_next_requests_run(client, anki, signed_in):
    anki.mw.pm.set_sync_key("not-a-valid-key")
    client.call("sync")
    assert client.call("getActiveProfile") == {"result": "test", "error": None}


class MainThreadWatch:
    """Records how long Qt's main thread went without running its event loop."""

    def __init__(self, mw):
        from aqt.qt import QTimer

        self.ticks = [time.monotonic()]
        self._timer = QTimer(mw)
        self._timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))
        self._timer.start(20)

    def longest_pause(self):
        self._timer.stop()
        self._timer.deleteLater()
        return max(b - a for a, b in zip(self.ticks, self.ticks[1:]))


def test_requests_during_a_slow_sync_wait_for_it_without_freezing_anki(client, anki, col, in_sync, tmp_path):
    from aqt import gui_hooks

    proxy = SlowProxy(in_sync.port, delay=0.25)
    anki.mw.pm.set_custom_sync_url(proxy.endpoint)
    add_note(col, "slow")
    synced_at = []

    def on_sync_finished():
        synced_at.append(time.monotonic())

    gui_hooks.sync_did_finish.append(on_sync_finished)
    export = {"action": "exportPackage", "version": 6,
              "params": {"deck": "Default", "path": str(tmp_path / "Default.apkg")}}

    def send(request):
        reply = http_request(anki.port, request, timeout=60).json()
        return reply, time.monotonic()

    def scenario():
        started.append(time.monotonic())
        with ThreadPoolExecutor(4) as pool:
            first = pool.submit(send, {"action": "sync", "version": 6})
            time.sleep(0.5)  # the sync is under way: the proxy delays every answer
            exported = pool.submit(send, export)  # needs the collection the sync holds
            profile = pool.submit(send, {"action": "getActiveProfile", "version": 6})
            second = pool.submit(send, {"action": "sync", "version": 6})
            return first.result(), exported.result(), profile.result(), second.result()

    started = []
    watch = MainThreadWatch(anki.mw)
    try:
        first, exported, profile, second = client.in_thread(scenario)
    finally:
        gui_hooks.sync_did_finish.remove(on_sync_finished)
        proxy.stop()
    longest_pause = watch.longest_pause()

    assert first[0] == {"result": None, "error": None}
    assert exported[0] == {"result": True, "error": None}
    assert profile[0] == {"result": "test", "error": None}
    assert second[0] == {"result": None, "error": None}
    assert proxy.sync_sessions == 2  # the second request got a sync of its own
    assert synced_at[0] - started[0] > 1.0  # the scenario is real: the first sync was slow
    assert exported[1] > synced_at[0] and profile[1] > synced_at[0]  # they waited for the first sync
    assert longest_pause < 0.75, f"Anki's main thread was blocked for {longest_pause:.2f} s"
