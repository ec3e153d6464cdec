"""The test rig: a real Anki, offscreen, inside the test process.

One Anki starts per test session (only if a test asks for it), with a
throwaway base folder and profile and this checkout installed as an add-on
under a numeric folder name, the way AnkiWeb installs add-ons. Tests talk to
it over real HTTP and may also look at Anki's windows and collection directly.

Tests that need no Anki import the add-on under another name (``addon``
fixture) and exercise its parts directly.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import throwaway_anki  # noqa: E402
from schema_check import SchemaCheck  # noqa: E402
from support import (  # noqa: E402
    ADDON_FOLDER,
    ApiClient,
    CollectionBaseline,
    QtWaiter,
    free_port,
    wait_for_refresh,
)
from vendoring import ensure_vendored  # noqa: E402

ensure_vendored()
throwaway_anki.prepare_environment()

EXAMPLE_PLUGIN = Path(__file__).resolve().parent / "example_plugin"


def _install_example_plugin() -> None:
    """pip-install tests/example_plugin (a distribution of its own, found
    through its ``ankiconnect`` entry point) unless this version is installed."""
    from importlib import metadata

    source = (EXAMPLE_PLUGIN / "ankiconnect_example" / "__init__.py").read_text()
    try:
        dist = metadata.distribution("ankiconnect-example")
        if Path(dist.locate_file("ankiconnect_example/__init__.py")).read_text() == source:
            return
    except (metadata.PackageNotFoundError, OSError):
        pass
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", str(EXAMPLE_PLUGIN)],
                   check=True)
    importlib.invalidate_caches()


_install_example_plugin()

# The add-on as a plain package for tests that run without Anki. The link's
# name is fixed, so nothing depends on what the checkout folder is called.
_UNIT_PACKAGES = Path(tempfile.mkdtemp(prefix="ankiconnect-unit-"))
(_UNIT_PACKAGES / "ankiconnect_unit").symlink_to(ROOT, target_is_directory=True)
sys.path.insert(0, str(_UNIT_PACKAGES))
importlib.import_module("ankiconnect_unit")  # now, while no Anki runs: its __init__ must do nothing


@pytest.fixture(scope="session")
def addon() -> Any:
    """Imports a module of the add-on outside Anki (its __init__ does nothing there):
    ``addon("core.actions")``."""
    return lambda name: importlib.import_module(f"ankiconnect_unit.{name}")


@dataclass
class AnkiSession:
    app: Any
    mw: Any
    base: Path
    port: int
    waiter: QtWaiter
    default_config: dict
    baseline: CollectionBaseline

    @property
    def runtime(self) -> Any:
        """The add-on's AnkiRuntime, as Anki loaded it."""
        return self.mw.ankiconnect._runtime

    @property
    def addon_module(self) -> str:
        return ADDON_FOLDER

    def set_config(self, **values: Any) -> None:
        """Change the add-on's config as a user would, and apply it."""
        manager = self.mw.addonManager
        config = manager.getConfig(ADDON_FOLDER)
        config.update(values)
        manager.writeConfig(ADDON_FOLDER, config)
        self.mw.ankiconnect.apply_config()


@pytest.fixture(scope="session")
def anki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnkiSession]:
    """A real Anki with the add-on loaded and its profile open."""
    import aqt

    base = throwaway_anki.prepare_base(tmp_path_factory.mktemp("anki-base"))
    port = free_port()
    throwaway_anki.link_addon(base, ADDON_FOLDER, config={"webBindPort": port})
    throwaway_anki.isolate_instance(base)
    MODAL_DIALOGS.install()
    app = aqt._run(throwaway_anki.anki_argv(base), exec=False)
    assert app is not None, "Anki did not start"
    mw = aqt.mw
    waiter = QtWaiter(mw)
    waiter.wait_until(lambda: mw.col is not None and getattr(mw, "ankiconnect", None) is not None
                      and mw.ankiconnect.url is not None, timeout=60)
    session = AnkiSession(app, mw, base, port, waiter, dict(mw.addonManager.getConfig(ADDON_FOLDER)),
                          CollectionBaseline.of(mw.col))
    yield session
    waiter.close()
    MODAL_DIALOGS.take()
    _exit_as_anki_does(app, mw)


def _exit_as_anki_does(app: Any, mw: Any) -> None:
    """Unload the profile and run Anki's event loop until Anki ends it.

    Anki's exit deletes its main window (and the web pages in it) through
    deferred deletions that only Qt's event loop carries out. Ending the test
    process without them left live pages for Python's interpreter teardown to
    destroy in no particular order, which crashed the process now and then
    after every test had passed.
    """
    from aqt.qt import QTimer

    QTimer.singleShot(60_000, app.quit)  # a safety net: never hang the run here
    mw.unloadProfileAndExit()
    app.exec()
    assert mw.col is None, "Anki did not unload the profile on exit"


class ModalDialogs:
    """Turns a modal dialog into a test failure instead of a hung test run.

    Nothing the add-on does may wait on the user inside Qt's main loop; a
    dialog's ``exec()`` would freeze the offscreen Anki (and the run) for good.
    While installed, ``exec()`` returns at once, as if the dialog were
    cancelled, and the dialog is recorded.
    """

    def __init__(self) -> None:
        self.seen: list = []

    def install(self) -> None:
        from aqt.qt import QDialog, QMessageBox

        def refuse(dialog: Any, *args: Any) -> int:
            text = dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle()
            self.seen.append(f"{type(dialog).__name__}: {text}")
            return 0  # Rejected

        for cls in (QDialog, QMessageBox):
            cls.exec = refuse  # type: ignore[method-assign]

        # Anki's own web pages alert() when a call to its backend fails (e.g. a
        # page torn down mid-request as tests switch screens fast): Anki's race,
        # not the add-on's, and no test should hang or fail on it.
        from aqt.webview import AnkiWebPage

        AnkiWebPage.javaScriptAlert = lambda page, frame, text: print(f"web page alert: {text}")

    def take(self) -> list:
        seen, self.seen = self.seen, []
        return seen


MODAL_DIALOGS = ModalDialogs()


@pytest.fixture(autouse=True)
def no_modal_dialogs(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test during which something opened a modal dialog (with exec(),
    or shown window-modal and left open, which blocks the user just the same)."""
    yield
    seen = MODAL_DIALOGS.take()
    if "anki" in request.fixturenames:
        from aqt.qt import QApplication, QMessageBox

        for _ in range(10):
            widget = QApplication.activeModalWidget()
            if widget is None:
                break
            text = widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle()
            seen.append(f"{type(widget).__name__} left open: {text}")
            widget.close()
            QApplication.processEvents()
    if seen:
        pytest.fail(f"modal dialogs were opened: {seen}")


@pytest.fixture(scope="session")
def qapp(anki: AnkiSession) -> Any:
    """pytest-qt's application is Anki's."""
    return anki.app


@pytest.fixture(scope="session")
def schema_check(anki: AnkiSession) -> SchemaCheck:
    """The actions' schemas as the server serves them (fetched once, with the default config)."""
    fetcher = ApiClient(anki.port, anki.waiter)
    return SchemaCheck.fetch(fetcher.send)


@pytest.fixture
def client(anki: AnkiSession, schema_check: SchemaCheck,
           request: pytest.FixtureRequest) -> Iterator[ApiClient]:
    """An HTTP client for the add-on's server, checking every exchange against the
    actions' schemas; afterwards the refresh its requests scheduled has run (not
    in the next test) and the add-on config is reset."""
    lenient = request.node.get_closest_marker("lenient_params") is not None
    client = ApiClient(anki.port, anki.waiter, schema_check, lenient=lenient)
    yield client
    wait_for_refresh(anki.mw)
    if anki.mw.addonManager.getConfig(ADDON_FOLDER) != anki.default_config:
        anki.mw.addonManager.writeConfig(ADDON_FOLDER, dict(anki.default_config))
        anki.mw.ankiconnect.apply_config()
    assert not client.unreported, "\n".join(client.unreported)


@pytest.fixture
def col(anki: AnkiSession) -> Iterator[Any]:
    """Anki's open collection; whatever the test adds to it is removed afterwards."""
    yield anki.mw.col
    anki.baseline.restore(anki.mw)


def pytest_report_header() -> str:
    try:
        from anki.buildinfo import version
    except ImportError:
        version = "?"
    return (f"Anki {version}, Python {sys.version.split()[0]}, "
            f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}")
