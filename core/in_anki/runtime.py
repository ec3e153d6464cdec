"""The add-on running inside Anki: the served API (core/assembly.py) wired to
Anki's profile lifecycle, and the Environment that Anki's window provides.

The server starts when a profile opens and stops when it closes (also when
Anki quits); it restarts when its bind settings change in the add-on config.
"""

from __future__ import annotations

import os
from concurrent.futures import Future
from pathlib import Path
from typing import Any, List, Optional

from aqt.qt import QMessageBox

from ..actions import ActionError
from ..assembly import ServedApi
from ..config import Config, ConfigSource
from ..logs import get_logger
from ..server import ApiServer, ServerStartError
from .editors import AnkiEditors, editing_a_saved_note, save_typing
from .permission import PermissionPrompts
from .profile_switch import ProfileSwitch
from .refresh import RefreshScheduler
from .sync import start_sync

log = get_logger(__name__)


class AnkiRuntime:
    """One running instance of the add-on in one Anki process.

    :param mw: Anki's main window.
    :param module: the add-on's package name (its folder under addons21/).
    """

    def __init__(self, mw: Any, module: str):
        self.mw = mw
        self.module = module
        self.api = ServedApi(
            self, mw.taskman.run_on_main,
            ConfigSource(lambda: mw.addonManager.getConfig(module), self._config_files()),
            # user_files/ survives add-on updates: the place for plugins of one's own
            plugin_folder=Path(mw.addonManager.addonsFolder(module)) / "user_files" / "plugins",
        )
        self.permissions = PermissionPrompts(
            parent=lambda: mw,
            trust=lambda origin: self._append_to_config("webCorsOriginList", origin),
            ignore=lambda origin: self._append_to_config("ignoreOriginList", origin),
            timeout_ms=lambda: self.config().webPermissionTimeout,
        )
        self.refresher = RefreshScheduler(
            self._refresh_now,
            start_timer=lambda ms, callback: mw.progress.single_shot(ms, callback, False),
            urgent=lambda changes: (changes.note_text or changes.tag) and editing_a_saved_note(),
        )
        self.server: Optional[ApiServer] = None
        self.start_error: Optional[str] = None
        self._server_bind: Optional[tuple] = None
        self._warning: Optional[QMessageBox] = None
        self._editors = AnkiEditors()
        self._profile_switch = ProfileSwitch()

    def config(self) -> Config:
        return self.api.config()

    # The Environment the service runs in ------------------------------------

    def collection(self) -> Any:
        col = self.mw.col
        if col is None or col.db is None:  # no profile, or closed for a full sync
            raise ActionError("collection is not available")
        return col

    def main_window(self) -> Any:
        return self.mw

    def has_window(self) -> bool:
        return True

    def require_gui(self, action: str) -> None:
        # Inside Anki the main window always exists; make sure it shows what
        # earlier requests changed before a GUI action looks at it.
        self.refresher.flush()

    def editors(self) -> AnkiEditors:
        return self._editors

    def profile_name(self) -> Optional[str]:
        return self.mw.pm.name if self.mw.pm is not None else None

    def profile_names(self) -> List[str]:
        return self.mw.pm.profiles()

    def switch_profile(self, name: str) -> bool:
        if name not in self.mw.pm.profiles():
            return False
        self._profile_switch.request(self.mw, name)
        return True

    def ask_permission(self, origin: str) -> Future[bool]:
        return self.permissions.ask(origin)

    def sync(self, col: Any, full_sync: Optional[str]) -> Future[None]:
        return start_sync(self.mw, col, full_sync, self.api.service.controls)

    def refresh(self, changes: Any) -> None:
        self.refresher.add(changes)

    def save_typing(self) -> Optional[Future]:
        saved: Future = Future()
        return saved if save_typing(lambda: saved.set_result(None)) else None

    def collection_changed(self, *_: Any) -> None:
        """Anki changed the collection (an operation, a sync): on the main thread."""
        col = self.mw.col
        if col is not None and col.db is not None:
            self.api.service.collection_changed()

    # Lifecycle -------------------------------------------------------------

    @property
    def url(self) -> Optional[str]:
        return self.server.url if self.server else None

    def start(self) -> None:
        """Listen with the current settings (when a profile opens)."""
        if self.server is not None:
            return
        config = self.config()
        try:
            server = self.api.listen(config)
        except ServerStartError as exc:
            self.start_error = (f"{exc}\nMake sure no other program (or a second AnkiConnect) uses "
                                "that port, or choose another one with webBindPort in the add-on's config.")
            log.error("%s", self.start_error)
            self._warn(self.start_error)
            return
        self.start_error = None
        self.api.reopen()
        server.start()
        self.server = server
        self._server_bind = config.bind

    def stop(self) -> None:
        """Stop listening (when the profile closes or Anki quits)."""
        self.api.close()
        if self.mw.col is not None:
            self.refresher.flush()
        else:
            self.refresher.discard()
        if self.server is not None:
            self.server.stop()
            self.server = None
            log.info("AnkiConnect stopped listening")

    def apply_config(self, *_: Any) -> None:
        """Take up config changes that need more than the next request to apply."""
        config = self.api.reread_config()
        if self.mw.col is not None and (self.server is None or config.bind != self._server_bind):
            self.stop()
            self.start()

    # Helpers ---------------------------------------------------------------

    def _refresh_now(self, changes: Any) -> None:
        from aqt.operations import on_op_finished

        if self.mw.col is not None:
            on_op_finished(self.mw, changes, None)

    def _config_files(self) -> tuple:
        # Worked out once: Anki's path helpers check the folders on disk each call.
        manager = self.mw.addonManager
        return (os.path.join(manager.addonsFolder(self.module), "config.json"),
                manager._addonMetaPath(self.module))

    def _append_to_config(self, key: str, origin: str) -> None:
        manager = self.mw.addonManager
        config = manager.getConfig(self.module) or {}
        values = list(config.get(key) or [])
        if origin not in values:
            config[key] = values + [origin]
            manager.writeConfig(self.module, config)
        self.api.config_source.invalidate()

    def _warn(self, text: str) -> None:
        # Not modal: Anki keeps working, and so does everything else.
        box = QMessageBox(QMessageBox.Icon.Warning, "AnkiConnect", text,
                          QMessageBox.StandardButton.Ok, self.mw)
        box.setModal(False)
        box.show()
        self._warning = box
