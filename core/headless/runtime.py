"""One headless server: a collection file on a thread of its own, and the
served API (core/assembly.py) around it.

The Environment here answers what inside Anki the window would: there are no
editors to respect, no windows to refresh and nobody to ask. GUI actions are
still listed by ``apiReflect``; called, they answer that there is no window.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, List, Optional

from ..actions import ActionError
from ..assembly import ServedApi
from ..config import Config
from ..environment import NoOpenEditors, OpenEditors
from ..logs import get_logger
from ..security import is_loopback
from ..server import ApiServer, ServerStartError
from .collection_file import check_collection, open_collection, profile_name
from .collection_thread import CollectionThread
from .sync import HeadlessSync, state_path

log = get_logger(__name__)

NO_WINDOW = "this server runs without Anki's window"
# How long a stop waits for the request in progress (a sync is asked to give up after it).
FINISH_SECONDS = 3.0


class StartRefused(Exception):
    """The settings ask for something unsafe or impossible; the message says what to do."""


class HeadlessRuntime:
    """
    :param collection: the collection file to serve.
    :param config_source: gives the current Config (``current()``).
    :param create: create the collection if the file does not exist.
    :param plugin_folder: a folder of drop-in plugins, as ``user_files/plugins`` in Anki.
    :param entry_points: load installed plugin packages, as in Anki.
    """

    def __init__(self, collection: Path, config_source: Any, *, create: bool = False,
                 plugin_folder: Optional[Path] = None, entry_points: bool = True):
        self.collection_path = collection
        self._create = create
        self._profile = profile_name(collection)
        self.thread = CollectionThread()
        self.api = ServedApi(self, self.thread.post, config_source, plugin_folder=plugin_folder,
                             entry_points=entry_points)
        self._sync = HeadlessSync(state_path(collection), self.config)
        self._editors = NoOpenEditors()
        self._col: Any = None
        self.server: Optional[ApiServer] = None
        self._bound: Optional[Config] = None  # the settings the server listens with
        self._allow_no_api_key = False

    # Lifecycle ---------------------------------------------------------------

    @property
    def url(self) -> Optional[str]:
        return self.server.url if self.server else None

    def start(self, *, allow_no_api_key: bool = False) -> None:
        """Open the collection and listen.

        :raises CollectionError, ServerStartError, StartRefused: with the line to show.
        """
        self._allow_no_api_key = allow_no_api_key
        config = self.config()
        self._refuse_unsafe(config)
        if config.validateParams and not _has_jsonschema():
            raise StartRefused("validateParams needs the Python package jsonschema: "
                               "pip install jsonschema into this environment")
        server = self._listen(config)  # first: a busy port is refused before the collection is touched
        try:
            check_collection(self.collection_path, create=self._create)
            _set_language()
            self._col = self.thread.call(lambda: open_collection(self.collection_path))
        except BaseException:
            server.close_unstarted()
            raise
        self.server = server
        server.start()

    def apply_config(self) -> None:
        """Take up settings that need more than the next request (on SIGHUP):
        a new block list reloads the plugins, new bind settings restart the server.

        New bind settings that cannot be used (unsafe, or a busy port) are
        logged, and the server goes on listening as before.
        """
        config = self.api.reread_config()
        if self.server is None or self._bound is None or config.bind == self._bound.bind:
            return
        try:
            self._refuse_unsafe(config)
        except StartRefused as exc:
            log.error("%s; still listening on %s", exc, self.url)
            return
        old, self.server = self.server, None
        self.api.end_waits()
        old.stop()
        old.wait_stopped(5)
        previous = self._bound
        try:
            self.server = self._listen(config)
        except ServerStartError as exc:
            log.error("%s; listening on the address before instead", exc)
            self.server = self._listen(previous)
        self.server.start()

    def stop(self, timeout: float = 4.5) -> None:
        """Stop listening, answer or refuse what came in, close the collection.

        The request in progress finishes; requests that have not reached the
        collection yet are answered ``collection is not available``.
        """
        if self.server is not None:
            self.server.stop()
        self.api.close()
        self._finish_work_in_progress()
        self._close_collection()
        self.thread.stop(1.0)
        if self.server is not None:
            self.server.wait_stopped(max(0.1, timeout - FINISH_SECONDS - 1.0))
            self.server = None

    def _refuse_unsafe(self, config: Config) -> None:
        if not is_loopback(config.webBindAddress) and not config.apiKey and not self._allow_no_api_key:
            raise StartRefused(
                f"refusing to listen on {config.webBindAddress} without an apiKey: anyone who can "
                "reach it could read and change the collection. Set ANKICONNECT_API_KEY (or apiKey "
                "in the config file), or pass --allow-no-api-key")

    def _listen(self, config: Config) -> ApiServer:
        server = self.api.listen(config)
        self._bound = config
        return server

    def _finish_work_in_progress(self) -> None:
        try:
            self.thread.call(lambda: None, timeout=FINISH_SECONDS)
        except FutureTimeout:
            # Only the network can take this long: a sync. Ask it to give up.
            log.warning("a request is still running; asking a sync in progress to stop")
            if self._col is not None:
                self._col.abort_sync()
                self._col.abort_media_sync()
            try:
                self.thread.call(lambda: None, timeout=FINISH_SECONDS)
            except FutureTimeout:
                log.error("the request in progress did not end; closing anyway")

    def _close_collection(self) -> None:
        col, self._col = self._col, None
        if col is not None:
            self.thread.call(col.close, timeout=10)
            log.info("closed %s", self.collection_path)

    def config(self) -> Config:
        return self.api.config()

    # The Environment the service runs in -------------------------------------

    def collection(self) -> Any:
        if self._col is None or self._col.db is None:  # not open, or closed for a full sync
            raise ActionError("collection is not available")
        return self._col

    def main_window(self) -> Any:
        raise ActionError(NO_WINDOW)

    def has_window(self) -> bool:
        return False

    def require_gui(self, action: str) -> None:
        raise ActionError(f"{action} is not available: {NO_WINDOW}")

    def editors(self) -> OpenEditors:
        return self._editors

    def profile_name(self) -> Optional[str]:
        return self._profile

    def profile_names(self) -> List[str]:
        return [self._profile]

    def switch_profile(self, name: str) -> bool:
        if name == self._profile:
            return True
        raise ActionError(f"there is no profile {name!r} here: this server serves one collection, "
                          f"{self._profile!r} ({self.collection_path})")

    def ask_permission(self, origin: str) -> Future:
        # Nobody to ask: an origin that is not trusted already is denied at once.
        answer: Future = Future()
        answer.set_result(False)
        return answer

    def refresh(self, changes: Any) -> None:
        pass  # no windows to tell

    def save_typing(self) -> Optional[Future]:
        return None  # no editors hold typing

    def sync(self, col: Any, full_sync: Optional[str]) -> Future:
        try:
            return self._sync.sync(col, full_sync)
        finally:  # whatever the sync brought (or a full sync replaced) is seen and wakes waiters
            self.api.service.collection_changed()


def _set_language() -> None:
    """Anki's backend speaks the language set for it (Anki sets the profile's);
    error texts that clients match on are the English ones."""
    import anki.lang

    if anki.lang.current_i18n is None:
        anki.lang.set_lang("en_US")


def _has_jsonschema() -> bool:
    import importlib.util

    return importlib.util.find_spec("jsonschema") is not None
