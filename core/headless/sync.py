"""The ``sync`` action without Anki's window: AnkiWeb or a self-hosted sync server.

Credentials come from the settings (``syncUser``/``syncPassword``, best from
the environment or the config file) or from the sync key that
``ankiconnect login`` stores beside the collection; ``syncEndpoint`` names a
self-hosted server (``python -m anki.syncserver``), none means AnkiWeb.

The collection is synced on the collection's thread, so requests sent
meanwhile wait their turn, as they do while Anki syncs. The reply comes once
the media are synced too: a script that syncs and then stops the server
leaves nothing half sent. A full sync is never chosen on the client's
behalf: the reply says one is needed and how to choose its direction.
"""

from __future__ import annotations

import json
import os
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable, Dict, Optional

from ..actions import ActionError
from ..config import Config
from ..logs import get_logger
from ..syncing import (
    AUTH_NOT_CONFIGURED,
    FULL_DOWNLOAD,
    FULL_SYNC,
    FULL_UPLOAD,
    full_sync_required,
    full_sync_status,
    sync_error,
)

log = get_logger(__name__)

STATE_FILE = "ankiconnect-sync.json"  # beside the collection, like Anki's profile keeps its key
# What to send, after core/syncing.py's words on what happened.
HOW_TO_CHOOSE = {
    FULL_SYNC: ': send sync with "fullSync": "upload" to replace the server\'s copy with this '
               'collection, or "fullSync": "download" to replace this collection with the server\'s '
               "(a backup is made first)",
    FULL_DOWNLOAD: ': send sync with "fullSync": "download"',
    FULL_UPLOAD: ': send sync with "fullSync": "upload"',
}
NO_AUTH_HINT = " (set syncUser and syncPassword, or run: ankiconnect login)"
MEDIA_CHECK_SECONDS = 0.1  # the backend syncs media in the background and only says how it is doing
MEDIA_TIMEOUT_SECONDS = 25 * 60


def state_path(collection_path: Path) -> Path:
    return collection_path.parent / STATE_FILE


def store_key(path: Path, hkey: str, endpoint: Optional[str], user: str) -> None:
    """Keep a sync key (not the password) where only this user can read it."""
    data = {"hkey": hkey, "endpoint": endpoint, "user": user}
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(data, file)


def login(username: str, password: str, endpoint: Optional[str]) -> str:
    """A sync key for this account, from the server (no collection needed)."""
    from anki._backend import RustBackend
    from anki.sync_pb2 import SyncLoginRequest

    backend = RustBackend()
    return backend.sync_login(SyncLoginRequest(username=username, password=password,
                                               endpoint=endpoint)).hkey


class HeadlessSync:
    """
    :param state: the file ``ankiconnect login`` writes (sync key and server).
    :param config: the current settings.
    """

    def __init__(self, state: Path, config: Callable[[], Config]):
        self._state = state
        self._config = config
        self._logged_in: Dict[tuple, str] = {}  # (user, endpoint) -> key, for this process only

    def sync(self, col: Any, full_sync: Optional[str]) -> Future:
        """Sync now (on the collection's thread); the Future ends when the media are synced."""
        auth = self._auth(col)
        out = _backend_call(lambda: col.sync_collection(auth, True), auth.endpoint)
        if out.new_endpoint:
            self._moved_to(out.new_endpoint)
        status = full_sync_status(out)
        if status is not None:
            if full_sync is None:
                raise ActionError(full_sync_required(status) + HOW_TO_CHOOSE.get(status, ""))
            self._full_sync(col, auth, out, upload=full_sync == "upload")
        if out.server_message:
            log.info("the sync server says: %s", out.server_message)
        return _when_media_synced(col, auth.endpoint or None)

    # Credentials -------------------------------------------------------------

    def _auth(self, col: Any) -> Any:
        from anki.sync_pb2 import SyncAuth

        config = self._config()
        endpoint = config.syncEndpoint or None
        stored = self._stored()
        if stored.get("hkey") and (endpoint is None or stored.get("endpoint") == endpoint):
            return SyncAuth(hkey=stored["hkey"], endpoint=stored.get("endpoint"))
        if config.syncUser and config.syncPassword:
            key = (config.syncUser, endpoint)
            if key not in self._logged_in:
                self._logged_in[key] = _backend_call(
                    lambda: col.sync_login(config.syncUser, config.syncPassword, endpoint), endpoint).hkey
            return SyncAuth(hkey=self._logged_in[key], endpoint=endpoint)
        raise ActionError(AUTH_NOT_CONFIGURED + NO_AUTH_HINT)

    def _stored(self) -> Dict[str, Any]:
        try:
            data = json.loads(self._state.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.error("cannot read %s: %s", self._state, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def _moved_to(self, endpoint: str) -> None:
        """AnkiWeb answered from another address: use that one from now on, as Anki does."""
        stored = self._stored()
        if stored.get("hkey"):
            store_key(self._state, stored["hkey"], endpoint, stored.get("user", ""))

    # Full sync ---------------------------------------------------------------

    def _full_sync(self, col: Any, auth: Any, out: Any, *, upload: bool) -> None:
        if not upload:  # what the download replaces can be had back, as in Anki
            backups = Path(col.path).parent / "backups"
            backups.mkdir(exist_ok=True)
            _backend_call(lambda: col.create_backup(backup_folder=str(backups), force=True,
                                                    wait_for_completion=True), auth.endpoint)
        col.close_for_full_sync()
        try:
            _backend_call(lambda: col.full_upload_or_download(
                auth=auth, server_usn=out.server_media_usn, upload=upload), auth.endpoint)
        finally:
            col.reopen(after_full_sync=True)


def _backend_call(call: Callable[[], Any], endpoint: Optional[str]) -> Any:
    """Run a sync call; the backend's error text (Anki's words) is the reply's.

    :param endpoint: the sync server's URL (None: AnkiWeb), named when it cannot be reached.
    """
    try:
        return call()
    except ActionError:
        raise
    except Exception as exc:  # every sync failure is the client's to read
        raise ActionError(sync_error(exc, endpoint or None)) from None


def _when_media_synced(col: Any, endpoint: Optional[str]) -> Future:
    """A Future that ends when the backend's background media sync has."""
    done: Future = Future()
    done.set_running_or_notify_cancel()
    threading.Thread(target=_watch_media_sync, args=(col, done, endpoint), name="ankiconnect-media-sync",
                     daemon=True).start()
    return done


def _watch_media_sync(col: Any, done: Future, endpoint: Optional[str]) -> None:
    deadline = time.monotonic() + MEDIA_TIMEOUT_SECONDS
    try:
        while col.media_sync_status().active:
            if time.monotonic() > deadline:
                raise ActionError("the media sync did not finish in time; it goes on in the background")
            time.sleep(MEDIA_CHECK_SECONDS)
    except ActionError as exc:
        done.set_exception(exc)
        return
    except Exception as exc:  # the backend raises the media sync's own error here
        done.set_exception(ActionError(sync_error(exc, endpoint)))
        return
    done.set_result(None)
