"""Helpers for the collection group's tests: a local sync server, a slow proxy
in front of it, a failing one, and a reviewed note with media.

Everything listens on 127.0.0.1 only and stops when its test is done.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, List, Optional, Tuple

from support import free_port

SYNC_USER = "user"
SYNC_PASSWORD = "pass"
# The words of upstream's refusal of a sync that must be full, which clients may match on.
UPSTREAM_FULL_SYNC_TEXT = (
    "Sync status {} not one of [0, 1] - see SyncCollectionResponse.ChangesRequired for list of sync "
    "statuses: https://github.com/ankitects/anki/blob/e41c4573d789afe8b020fab5d9d1eede50c3fa3d/proto"
    "/anki/sync.proto#L57-L65"
)


def wait_for_port(port: int, timeout: float = 30, process: Optional[subprocess.Popen] = None) -> bool:
    """Whether something listens on port within timeout; False at once if process ends first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                return False
            time.sleep(0.05)


class SyncServer:
    """Anki's own sync server (``python -m anki.syncserver``) in a child process.

    The port is free when chosen, but another process may take it before the
    server binds it (the suite starts servers side by side): then the server
    exits, and it is started again on another port.
    """

    def __init__(self, base: Path, attempts: int = 3):
        self.base = base
        for _ in range(attempts):
            self.port = free_port()
            env = dict(os.environ, SYNC_USER1=f"{SYNC_USER}:{SYNC_PASSWORD}", SYNC_BASE=str(base),
                       SYNC_HOST="127.0.0.1", SYNC_PORT=str(self.port))
            log = tempfile.TemporaryFile()  # not a pipe: the server logs every request
            self.process = subprocess.Popen([sys.executable, "-m", "anki.syncserver"], env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
            if wait_for_port(self.port, process=self.process):
                return
            self.process.kill()
            self.process.wait()
            log.seek(0)
            errors = log.read().decode(errors="replace")
        raise RuntimeError(f"anki.syncserver did not start: {errors[-2000:]}")

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def note_fields(self) -> List[str]:
        """The fields of every note on the server, as a second device would download them."""
        from anki.collection import Collection

        device = Collection(tempfile.mkdtemp(prefix="second-device-") + "/collection.anki2")
        try:
            auth = device.sync_login(SYNC_USER, SYNC_PASSWORD, self.endpoint)
            if device.sync_collection(auth, False).required != 0:  # anything but NO_CHANGES
                device.close_for_full_sync()
                device.full_upload_or_download(auth=auth, server_usn=None, upload=False)
                device.reopen(after_full_sync=True)
            return device.db.list("select flds from notes order by id")
        finally:
            device.close()

    def upload_from_another_device(self, front: str) -> None:
        """Give the server a collection of one note, as a first device's full upload would."""
        from anki.collection import Collection

        device = Collection(tempfile.mkdtemp(prefix="first-device-") + "/collection.anki2")
        try:
            note = device.new_note(device.models.by_name("Basic"))
            note["Front"] = front
            device.add_note(note, 1)
            auth = device.sync_login(SYNC_USER, SYNC_PASSWORD, self.endpoint)
            out = device.sync_collection(auth, False)
            device.close_for_full_sync()
            device.full_upload_or_download(auth=auth, server_usn=out.server_media_usn, upload=True)
            device.reopen(after_full_sync=True)
        finally:
            device.close()

    def media_files(self) -> List[str]:
        folder = self.base / SYNC_USER / "media"
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class SlowProxy:
    """Forwards to a server, delaying each piece of its answers: a slow network.

    Counts the sync sessions that pass (each starts with a ``/sync/meta`` request).
    """

    def __init__(self, target_port: int, delay: float):
        self.target_port = target_port
        self.delay = delay
        self.sync_sessions = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stopped = False
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pipe, args=(client, server, 0.0), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, self.delay), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, delay: float) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if not delay and b"/sync/meta" in data:
                    with self._lock:
                        self.sync_sessions += 1
                time.sleep(delay)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def stop(self) -> None:
        self._stopped = True
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() that close() alone leaves blocked
        except OSError:
            pass
        self._listener.close()


class FailingSyncServer:
    """Answers every request with HTTP 500, as a sync server in trouble would."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(500)
                self.send_header("Content-Length", "4")
                self.end_headers()
                self.wfile.write(b"boom")

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def sign_in(mw: Any, endpoint: str) -> None:
    """Log the open profile in to a sync server, as Anki's login dialog does."""
    auth = mw.col.sync_login(SYNC_USER, SYNC_PASSWORD, endpoint)
    mw.pm.set_custom_sync_url(endpoint)
    mw.pm.set_sync_key(auth.hkey)
    mw.pm.set_sync_username(SYNC_USER)


def sign_out(mw: Any) -> None:
    mw.pm.clear_sync_auth()
    mw.pm.set_custom_sync_url(None)


def add_reviewed_note(col: Any, deck_name: str, media_name: str, media_data: bytes) -> Tuple[int, int]:
    """A Basic note in its own deck whose card was answered Easy once, showing a picture.

    Returns (note id, card id).
    """
    from anki.scheduler.v3 import CardAnswer

    deck_id = col.decks.id(deck_name)
    stored = col.media.write_data(media_name, media_data)
    assert stored == media_name
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"] = f'capital of France <img src="{media_name}">'
    note["Back"] = "Paris"
    col.add_note(note, deck_id)
    card = note.cards()[0]
    card.start_timer()
    col.sched.answer_card(col.sched.build_answer(
        card=card, states=col._backend.get_scheduling_states(card.id), rating=CardAnswer.EASY))
    return note.id, card.id
