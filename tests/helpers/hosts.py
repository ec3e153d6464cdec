"""The two hosts the suite runs against, behind one interface: the ``server`` fixture.

``pytest`` (``--host anki``, the default) serves the API from a real Anki,
offscreen, inside the test process. ``pytest --host headless`` serves it
from the headless server (core/headless/) on a collection file, in this
process too, which then never imports aqt or Qt: tests that need Anki's
window are left out of that run, and the run fails if anything imported
aqt or PyQt6 (see conftest.py). ``tools/dev.py test`` runs both.

A test sees the host through ``client`` (HTTP), ``col`` (the collection) and,
where it must, ``server``; the same test code runs against both.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Dict

from support import ADDON_FOLDER, CollectionBaseline, free_port, wait_for_refresh

HOSTS = ("anki", "headless")
# Fixtures that only exist with Anki's window: a test that needs one is left
# out of the headless run.
ANKI_ONLY_FIXTURES = {"anki", "qapp", "qtbot", "gui"}
GUI_MODULES = ("aqt", "PyQt6", "PyQt5", "sip")


class AnkiServed:
    """The add-on in the session's real Anki."""

    name = "anki"

    def __init__(self, anki: Any):
        self.anki = anki
        self.port = anki.port
        self.waiter = anki.waiter
        self.runtime = anki.runtime

    @property
    def col(self) -> Any:
        return self.anki.mw.col

    def set_config(self, **values: Any) -> None:
        self.anki.set_config(**values)

    def after_test(self) -> None:
        """The refresh the test's requests scheduled has run (not in the next
        test), and the add-on's config is the session's again."""
        mw = self.anki.mw
        wait_for_refresh(mw)
        if mw.addonManager.getConfig(ADDON_FOLDER) != self.anki.default_config:
            mw.addonManager.writeConfig(ADDON_FOLDER, dict(self.anki.default_config))
            mw.ankiconnect.apply_config()

    def restore_collection(self) -> None:
        self.anki.baseline.restore(self.col)


class PlainWaiter:
    """The QtWaiter's interface where no Qt event loop has to turn."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="test-client")

    def submit(self, work: Callable[[], Any]) -> Any:
        return self._pool.submit(work)

    def run(self, work: Callable[[], Any], timeout: float = 60) -> Any:
        return self._pool.submit(work).result(timeout)

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout} s")
            time.sleep(0.005)

    def pump(self, seconds: float) -> None:
        time.sleep(seconds)

    def close(self) -> None:
        self._pool.shutdown(wait=False)


class SettableConfig:
    """A config source whose settings a test changes, as the add-on's config editor would."""

    def __init__(self, config_class: Any, **defaults: Any):
        self._class = config_class
        self.defaults = dict(defaults)
        self._lock = threading.Lock()
        self.set(**defaults)

    def set(self, **values: Any) -> None:
        with self._lock:
            self.values: Dict[str, Any] = values
            self._current = self._class.from_mapping(values, environ={})

    def current(self) -> Any:
        return self._current

    def invalidate(self) -> None:
        pass


class HeadlessServed:
    """The headless server, in this process, on a throwaway collection in a
    profile folder called ``test`` (the name of the Anki session's profile)."""

    name = "headless"

    def __init__(self, addon: Callable[[str], Any], folder: Path):
        self.port = free_port()
        self.waiter = PlainWaiter()
        self.config = SettableConfig(addon("core.config").Config, webBindPort=self.port)
        runtime_module = addon("core.headless.runtime")
        self.runtime = runtime_module.HeadlessRuntime(folder / "test" / "collection.anki2", self.config,
                                                      create=True)
        self.runtime.start()
        self.baseline = CollectionBaseline.of(self.col)

    @property
    def col(self) -> Any:
        return self.runtime.collection()

    def set_config(self, **values: Any) -> None:
        """As an edit of the config file and SIGHUP would (Anki applies its own at once)."""
        self.config.set(**{**self.config.values, **values})
        self.runtime.apply_config()

    def after_test(self) -> None:
        if self.config.values != self.config.defaults:
            self.config.set(**self.config.defaults)
            self.runtime.apply_config()

    def restore_collection(self) -> None:
        self.baseline.restore(self.col)

    def stop(self) -> None:
        self.waiter.close()
        self.runtime.stop()


def gui_modules_imported(modules: Any) -> list:
    """The names among modules (sys.modules) that belong to Anki's GUI or Qt."""
    return sorted(name for name in modules if name.split(".")[0] in GUI_MODULES)
