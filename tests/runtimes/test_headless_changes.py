"""The change feed of ``ankiconnect serve`` in a process of its own: across restarts, with a second
device syncing through Anki's own sync server, and what waiting costs the process."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from changes_helpers import EventStreamReader, lists_of, nothing
from collection_helpers import SYNC_PASSWORD, SYNC_USER, SyncServer
from headless_helpers import HeadlessServer, note
from support import http_request

WAITERS = 32


@pytest.fixture
def sync_server(tmp_path):
    server = SyncServer(tmp_path / "sync-server")
    yield server
    server.stop()


def credentials(sync_server):
    return {"ANKICONNECT_SYNC_ENDPOINT": sync_server.endpoint, "ANKICONNECT_SYNC_USER": SYNC_USER,
            "ANKICONNECT_SYNC_PASSWORD": SYNC_PASSWORD}


class Device:
    """Another copy of the collection, syncing with the same server as Anki would."""

    def __init__(self, folder, sync_server):
        from anki.collection import Collection

        folder.mkdir(parents=True)
        self.col = Collection(str(folder / "collection.anki2"))
        self.auth = self.col.sync_login(SYNC_USER, SYNC_PASSWORD, sync_server.endpoint)

    def sync(self, upload=False):
        out = self.col.sync_collection(self.auth, False)
        if out.required not in (out.NO_CHANGES, out.NORMAL_SYNC):
            self.col.close_for_full_sync()
            self.col.full_upload_or_download(auth=self.auth, server_usn=None, upload=upload)
            self.col.reopen(after_full_sync=True)

    def close(self):
        self.col.close()


def changes(server, cursor, **params):
    reply = server.result("getChanges", since=cursor, **params)
    return reply, lists_of(reply)


def test_a_cursor_read_before_a_restart_still_works_after_it(tmp_path):
    server = HeadlessServer(tmp_path)
    try:
        gone = server.result("addNote", note=note("deleted before the restart"))
        cursor = server.result("getChanges")["cursor"]
        server.result("deleteNotes", notes=[gone])
    finally:
        assert server.stop() == 0
    server = HeadlessServer(tmp_path)
    try:
        added = server.result("addNote", note=note("added after the restart"))
        reply, lists = changes(server, cursor)
        assert reply["reset"] is False
        assert (lists["notes"], len(lists["cards"]["changed"])) == (
            {"changed": [added], "deleted": [gone]}, 1)
    finally:
        assert server.stop() == 0


def test_what_a_second_device_syncs_in_is_listed_and_a_full_download_starts_over(tmp_path, sync_server):
    server = HeadlessServer(tmp_path, **credentials(sync_server))
    device = None
    try:
        kept = server.result("addNote", note=note("kept"))
        doomed = server.result("addNote", note=note("deleted on the other device"))
        assert server.call("sync", fullSync="upload") == {"result": None, "error": None}
        device = Device(tmp_path / "device", sync_server)
        device.sync()
        cursor = server.result("getChanges")["cursor"]

        new = device.col.new_note(device.col.models.by_name("Basic"))
        new["Front"] = "made on the other device"
        device.col.add_note(new, 1)
        device.col.remove_notes([doomed])
        card = device.col.get_card(device.col.card_ids_of_note(kept)[0])
        card.start_timer()
        device.col.sched.answerCard(card, 3)
        device.sync()

        assert server.call("sync") == {"result": None, "error": None}
        reply, lists = changes(server, cursor)
        assert reply["reset"] is False
        assert lists["notes"] == {"changed": [new.id], "deleted": [doomed]}
        assert sorted(lists["cards"]["changed"]) == sorted([card.id, *device.col.card_ids_of_note(new.id)])
        assert lists["reviews"] == 1
        cursor = reply["cursor"]
        assert changes(server, cursor)[1] == nothing()

        device.col.mod_schema(check=False)  # a change only a full sync carries
        device.sync(upload=True)
        assert server.call("sync")["error"].startswith("Sync status ")
        assert server.call("sync", fullSync="download") == {"result": None, "error": None}
        reply, lists = changes(server, cursor)
        assert (reply["reset"], lists) == (True, nothing())
        assert changes(server, reply["cursor"])[0]["reset"] is False
    finally:
        if device is not None:
            device.close()
        server.stop()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def waiting_getChanges(port, cursor, wait):
    body = json.dumps({"action": "getChanges", "version": 6, "params": {"since": cursor, "wait": wait}})
    return http_request(port, body, timeout=wait + 30).json()


def test_an_idle_server_with_32_waiters_uses_no_measurable_cpu(tmp_path):
    server = HeadlessServer(tmp_path)
    pool = ThreadPoolExecutor(WAITERS)
    try:
        cursor = server.result("getChanges")["cursor"]
        waiting = [pool.submit(waiting_getChanges, server.port, cursor, 40) for _ in range(WAITERS)]
        time.sleep(2)  # they all reached the server and wait
        assert not any(w.done() for w in waiting)
        before = cpu_seconds(server.process.pid)
        time.sleep(10)
        used = cpu_seconds(server.process.pid) - before
        print(f"the server process used {used:.3f} s of CPU in 10 s with {WAITERS} waiters")
        assert used < 0.05
        server.result("createDeck", deck="Wake")
        assert {w.result(timeout=10)["error"] for w in waiting} == {None}
    finally:
        pool.shutdown(wait=False)
        assert server.stop() == 0


def test_stopping_the_server_ends_waiters_and_streams_at_once(tmp_path):
    server = HeadlessServer(tmp_path)
    pool = ThreadPoolExecutor(WAITERS)
    try:
        cursor = server.result("getChanges")["cursor"]
        waiting = [pool.submit(waiting_getChanges, server.port, cursor, 60) for _ in range(WAITERS - 1)]
        stream = EventStreamReader(server.port)
        assert stream.next()["event"] == "changes"
        ended = []
        threading.Thread(target=lambda: (_drain(stream), ended.append(time.monotonic())), daemon=True).start()
        time.sleep(1)
        stopping = time.monotonic()
        assert server.stop(signal.SIGTERM) == 0
        took = time.monotonic() - stopping
        assert took < 4, took
        for w in waiting:
            assert w.result(timeout=5)["error"] == "collection is not available"
        deadline = time.monotonic() + 5
        while not ended and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ended and ended[0] - stopping < 4
    finally:
        pool.shutdown(wait=False)
        server.stop()


def _drain(stream):
    try:
        while True:
            stream.next()
    except (EOFError, OSError):
        pass
