"""sync on the headless server, against Anki's own sync server (``python -m anki.syncserver``).

A second device is a plain collection in the test, syncing with the same
server the way Anki does; the headless server is ``ankiconnect serve`` in a
process of its own, with its credentials in the environment.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest
from collection_helpers import SYNC_PASSWORD, SYNC_USER, UPSTREAM_FULL_SYNC_TEXT, SyncServer
from headless_helpers import HeadlessServer, fronts_in, note, run_cli
from support import free_port

FULL_UPLOAD_NEEDED = UPSTREAM_FULL_SYNC_TEXT.format(4) + (
    ". Only a full sync can go on: the server has no collection yet, so this one can only be uploaded"
    ': send sync with "fullSync": "upload"')
FULL_DOWNLOAD_NEEDED = UPSTREAM_FULL_SYNC_TEXT.format(3) + (
    ". Only a full sync can go on: this collection is empty, so it can only download the server's"
    ': send sync with "fullSync": "download"')
FULL_SYNC_NEEDED = UPSTREAM_FULL_SYNC_TEXT.format(2) + (
    ". Only a full sync can go on: this collection and the server's have changes a normal sync cannot "
    "merge (or were never synced together), so one must replace the other: send sync with "
    '"fullSync": "upload" to replace the server\'s copy with this collection, or "fullSync": "download" '
    "to replace this collection with the server's (a backup is made first)")
PICTURE = b"\x89PNG picture bytes"


@pytest.fixture
def sync_server(tmp_path):
    server = SyncServer(tmp_path / "sync-server")
    yield server
    server.stop()


def credentials(sync_server: SyncServer, password: str = SYNC_PASSWORD) -> dict:
    return {"ANKICONNECT_SYNC_ENDPOINT": sync_server.endpoint, "ANKICONNECT_SYNC_USER": SYNC_USER,
            "ANKICONNECT_SYNC_PASSWORD": password}


class Device:
    """Another copy of the collection, syncing with the same server as Anki would."""

    def __init__(self, folder: Path, sync_server: SyncServer):
        from anki.collection import Collection

        folder.mkdir(parents=True)
        self.col = Collection(str(folder / "collection.anki2"))
        self.auth = self.col.sync_login(SYNC_USER, SYNC_PASSWORD, sync_server.endpoint)

    def sync(self) -> None:
        out = self.col.sync_collection(self.auth, True)
        if out.required not in (out.NO_CHANGES, out.NORMAL_SYNC):  # a new device downloads in full
            self.col.close_for_full_sync()
            self.col.full_upload_or_download(auth=self.auth, server_usn=out.server_media_usn, upload=False)
            self.col.reopen(after_full_sync=True)
        while self.col.media_sync_status().active:
            pass

    def fronts(self) -> list:
        return sorted(f.split("\x1f")[0] for f in self.col.db.list("select flds from notes"))

    def close(self) -> None:
        self.col.close()


def test_a_note_and_a_picture_added_headless_reach_another_device_and_its_change_comes_back(
        tmp_path, sync_server):
    server = HeadlessServer(tmp_path, **credentials(sync_server))
    device = None
    try:
        picture = {"data": base64.b64encode(PICTURE).decode(), "filename": "headless.png", "fields": ["Back"]}
        server.result("addNote", note={**note("made headless"), "picture": [picture]})

        # The server has nothing yet: only a full upload can sync, and it is the client's to choose.
        assert server.call("sync") == {"result": None, "error": FULL_UPLOAD_NEEDED}
        assert sync_server.note_fields() == []
        assert server.call("sync", fullSync="upload") == {"result": None, "error": None}
        assert sync_server.media_files() == ["headless.png"]  # the reply came once the media were synced

        device = Device(tmp_path / "device", sync_server)
        device.sync()
        assert device.fronts() == ["made headless"]
        assert Path(device.col.media.dir(), "headless.png").read_bytes() == PICTURE

        new = device.col.new_note(device.col.models.by_name("Basic"))
        new["Front"] = "made on the other device"
        device.col.add_note(new, 1)
        device.sync()

        assert server.call("sync") == {"result": None, "error": None}
        assert server.call("findNotes", query='"front:made on the other device"') == {
            "result": [new.id], "error": None}
    finally:
        if device is not None:
            device.close()
        assert server.stop() == 0


def test_sync_without_credentials_says_how_to_give_them(tmp_path):
    server = HeadlessServer(tmp_path)
    try:
        assert server.call("sync") == {"result": None, "error": (
            "sync: auth not configured (set syncUser and syncPassword, or run: ankiconnect login)")}
    finally:
        server.stop()


def test_a_password_the_server_refuses_is_its_error(tmp_path, sync_server):
    server = HeadlessServer(tmp_path, **credentials(sync_server, password="wrong"))
    try:
        assert server.call("sync") == {
            "result": None, "error": "Email or password was incorrect; please try again."}
    finally:
        server.stop()


def test_a_full_sync_direction_must_be_upload_or_download(tmp_path, sync_server):
    server = HeadlessServer(tmp_path, **credentials(sync_server))
    try:
        assert server.call("sync", fullSync="sideways") == {
            "result": None, "error": 'fullSync must be "upload" or "download", not "sideways"'}
        assert sync_server.note_fields() == []
    finally:
        server.stop()


def test_download_replaces_the_collection_with_the_servers_after_a_backup(tmp_path, sync_server):
    device = Device(tmp_path / "device", sync_server)
    try:
        new = device.col.new_note(device.col.models.by_name("Basic"))
        new["Front"] = "on the server"
        device.col.add_note(new, 1)
        out = device.col.sync_collection(device.auth, False)
        device.col.close_for_full_sync()
        device.col.full_upload_or_download(auth=device.auth, server_usn=out.server_media_usn, upload=True)
        device.col.reopen(after_full_sync=True)
    finally:
        device.close()
    server = HeadlessServer(tmp_path, **credentials(sync_server))
    try:
        server.result("addNote", note=note("only here"))  # both sides changed: Anki would ask
        assert server.call("sync") == {"result": None, "error": FULL_SYNC_NEEDED}
        assert server.call("sync", fullSync="download") == {"result": None, "error": None}
        assert server.result("findNotes", query="") == [new.id]
    finally:
        server.stop()
    collection = tmp_path / "data" / "ankiconnect" / "headless" / "collection.anki2"
    assert fronts_in(collection) == ["on the server"]
    assert list((collection.parent / "backups").glob("*.colpkg"))  # "only here" can be had back


def test_a_first_sync_of_an_empty_collection_says_to_download(tmp_path, sync_server):
    sync_server.upload_from_another_device("from the first device")
    server = HeadlessServer(tmp_path, **credentials(sync_server))
    try:
        assert server.call("sync") == {"result": None, "error": FULL_DOWNLOAD_NEEDED}
        assert server.call("sync", fullSync="download") == {"result": None, "error": None}
        nids = server.result("findNotes", query="")
        assert [info["fields"]["Front"]["value"] for info in server.result("notesInfo", notes=nids)] == [
            "from the first device"]
    finally:
        server.stop()


def network_error(endpoint: str) -> str:
    """What a sync or a login answers when nothing listens at endpoint: Anki's words, without
    the invisible marks Anki puts around the details, and which server could not be reached."""
    return ("A network error occurred.\n\nError details: error sending request for url () "
            f"(the sync server at {endpoint} could not be reached: check the address and that the "
            "server runs)")


def test_sync_with_the_server_down_names_the_server(tmp_path):
    endpoint = f"http://127.0.0.1:{free_port()}/"
    server = HeadlessServer(tmp_path, ANKICONNECT_SYNC_ENDPOINT=endpoint, ANKICONNECT_SYNC_USER=SYNC_USER,
                            ANKICONNECT_SYNC_PASSWORD=SYNC_PASSWORD)
    try:
        assert server.call("sync") == {"result": None, "error": network_error(endpoint)}
    finally:
        server.stop()


def test_login_with_the_server_down_names_the_server_in_one_line(tmp_path):
    endpoint = f"http://127.0.0.1:{free_port()}/"
    result = run_cli(tmp_path, "login", "--endpoint", endpoint, "--user", SYNC_USER,
                     ANKICONNECT_SYNC_PASSWORD=SYNC_PASSWORD)
    assert result.returncode == 2
    assert result.stderr == "ankiconnect: login failed: " + " ".join(network_error(endpoint).split()) + "\n"


def test_login_reads_the_password_from_stdin(tmp_path, sync_server):
    result = run_cli(tmp_path, "login", "--endpoint", sync_server.endpoint, "--user", SYNC_USER,
                     "--password-stdin", stdin=SYNC_PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    server = HeadlessServer(tmp_path)  # the stored key is all it has
    try:
        server.result("addNote", note=note("logged in from stdin"))
        assert server.call("sync", fullSync="upload") == {"result": None, "error": None}
        assert sync_server.note_fields() == ["logged in from stdin\x1fback"]
    finally:
        server.stop()


def test_login_stores_a_sync_key_not_the_password_and_sync_uses_it(tmp_path, sync_server):
    result = run_cli(tmp_path, "login", "--endpoint", sync_server.endpoint, "--user", SYNC_USER,
                     ANKICONNECT_SYNC_PASSWORD=SYNC_PASSWORD)
    assert result.returncode == 0, result.stderr
    stored = tmp_path / "data" / "ankiconnect" / "headless" / "ankiconnect-sync.json"
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600
    saved = json.loads(stored.read_text())
    assert set(saved) == {"hkey", "endpoint", "user"} and saved["endpoint"] == sync_server.endpoint
    assert SYNC_PASSWORD not in stored.read_text()

    server = HeadlessServer(tmp_path)  # no password anywhere
    try:
        server.result("addNote", note=note("synced with the stored key"))
        assert server.call("sync", fullSync="upload") == {"result": None, "error": None}
        assert sync_server.note_fields() == ["synced with the stored key\x1fback"]
    finally:
        server.stop()


def test_login_with_a_wrong_password_is_refused_in_one_line(tmp_path, sync_server):
    result = run_cli(tmp_path, "login", "--endpoint", sync_server.endpoint, "--user", SYNC_USER,
                     ANKICONNECT_SYNC_PASSWORD="wrong")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "ankiconnect: login failed: Email or password was incorrect; please try again.")


def syncserver_address(tmp_path: Path, env: dict) -> str:
    """Where ``python -m anki.syncserver`` says it listens, started with these variables."""
    import subprocess
    import sys
    import time

    tmp_path.mkdir()
    log = tmp_path / "syncserver.log"
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "anki.syncserver"], stdout=output,
                                   stderr=subprocess.STDOUT, env={**os.environ, **env, "NO_COLOR": "1",
                                                                  "SYNC_BASE": str(tmp_path / "base")})
    try:
        deadline = time.monotonic() + 30
        while "listening" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        line = next(line for line in log.read_text().splitlines() if "listening" in line)
        return line.rsplit("addr=", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(10)


def test_the_documented_sync_server_listens_on_this_machine_only_and_would_not_without_sync_host(
        tmp_path):
    import re

    headless = (Path(__file__).resolve().parents[2] / "docs" / "headless.md").read_text()
    command = re.search(r"^(SYNC_USER1=\S+ SYNC_HOST=\S+ SYNC_PORT=\S+) python -m anki.syncserver$", headless,
                        re.M)
    documented = dict(pair.split("=", 1) for pair in command.group(1).split())
    port = str(free_port())
    as_documented = syncserver_address(tmp_path / "as-documented", {**documented, "SYNC_PORT": port})
    assert as_documented == f"127.0.0.1:{port}"
    without_host = {k: v for k, v in documented.items() if k != "SYNC_HOST"}
    assert syncserver_address(tmp_path / "without", {**without_host, "SYNC_PORT": port}) == f"0.0.0.0:{port}"
    assert "listens on every interface of the machine (port\n8080) unless `SYNC_HOST`" in headless
