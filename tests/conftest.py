"""The test rig: a real Anki, offscreen, inside the test process.

One Anki starts per test session (only if a test asks for it), with a
throwaway base folder and profile and this checkout installed as an add-on
under a numeric folder name, the way AnkiWeb installs add-ons. Tests talk to
it over real HTTP and may also look at Anki's windows and collection directly.

Tests that need no Anki import the add-on under another name (``addon``
fixture) and exercise its parts directly.

Importing this file changes nothing. ``tools/dev.py test`` installs what the
suite needs before pytest starts (the vendored pluggy, tests/plugins/example_plugin);
pytest_configure below prepares the test process itself and says what is
missing when plain ``pytest`` runs in an environment not set up that way.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
import throwaway_anki  # tools/ and tests/helpers/ are on the path: pyproject.toml's pythonpath
import vendoring
from doc_examples import CHECKED, documented_examples
from docs_coverage import DocsCoverage
from hosts import ANKI_ONLY_FIXTURES, HOSTS, AnkiServed, HeadlessServed, gui_modules_imported
from plugin_files import example_plugin_problem
from schema_check import SchemaCheck
from support import ADDON_FOLDER, ApiClient, CollectionBaseline, QtWaiter, free_port
from web_console import WEB_CONSOLE

ROOT = Path(__file__).resolve().parent.parent
SET_UP = "`python3 tools/dev.py test` sets it up"

pytest_plugins = ("pytester",)  # tests/rig/test_rig.py runs pytest on made-up suites

_UNIT_PACKAGES = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """Prepare this test process before any test module is imported or Qt starts."""
    if not vendoring.is_vendored():
        raise pytest.UsageError(f"vendor/pluggy does not hold pluggy {vendoring.PLUGGY_VERSION}: {SET_UP}")
    throwaway_anki.prepare_environment()  # Qt reads these variables when it starts
    config.stash[_UNIT_PACKAGES] = _link_unit_package()
    config.pluginmanager.register(DocsCoverage(documented_examples, CHECKED, Path(__file__).parent),
                                  "docs-coverage")


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_UNIT_PACKAGES, None)
    if folder is not None:
        sys.path.remove(str(folder))
        shutil.rmtree(folder)


def _link_unit_package() -> Path:
    """The add-on as a plain package, ``ankiconnect_unit``, for tests that run
    without Anki; its folder, put on the path. The link's name is fixed, so
    nothing depends on what the checkout folder is called."""
    folder = Path(tempfile.mkdtemp(prefix="ankiconnect-unit-"))
    (folder / "ankiconnect_unit").symlink_to(ROOT, target_is_directory=True)
    sys.path.insert(0, str(folder))
    importlib.import_module("ankiconnect_unit")  # now, while no Anki runs: its __init__ must do nothing
    return folder


@pytest.fixture(scope="session")
def example_plugin() -> None:
    """For tests of tests/plugins/example_plugin's action: fails them at once, saying why,
    unless the plugin is installed as its source is now (Anki loads it at start)."""
    problem = example_plugin_problem()
    if problem:
        pytest.fail(f"{problem}: {SET_UP}", pytrace=False)


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
    WEB_CONSOLE.install()
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




@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """Attach what the web pages wrote during each phase of a test to its report, where
    pytest shows it, as it shows captured output, when the test fails."""
    report = yield
    lines = WEB_CONSOLE.take()
    if lines:
        report.sections.append((f"Captured web console {call.when}", "\n".join(lines)))
    return report


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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--host", choices=HOSTS, default="anki",
                     help="what serves the API: Anki offscreen (default) or the headless server; "
                          "tests that need Anki's window run only with anki")


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    """The headless run is the tests that talk to a host (through the server,
    client or col fixtures), but for those that need Anki's window; the tests
    of no host (units, the command line's own processes) run once, with anki."""
    if config.getoption("--host") != "headless":
        return
    kept, left_out = [], []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        runs_headless = "server" in fixtures and not (ANKI_ONLY_FIXTURES & fixtures)
        (kept if runs_headless and not item.get_closest_marker("anki_only") else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """The headless run fails if anything in it imported Anki's GUI or Qt."""
    if session.config.getoption("--host") == "headless":
        imported = gui_modules_imported(sys.modules)
        if imported:
            session.config.get_terminal_writer().line(
                f"the headless run imported Anki's GUI or Qt: {', '.join(imported[:10])} "
                "(pytest-qt imports Qt itself: run with -p no:pytest-qt, as tools/dev.py test does)",
                red=True)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest, addon: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """What serves the API in this run (see tests/helpers/hosts.py)."""
    if request.config.getoption("--host") == "headless":
        served = HeadlessServed(addon, tmp_path_factory.mktemp("headless"))
        yield served
        served.stop()
    else:
        yield AnkiServed(request.getfixturevalue("anki"))


@pytest.fixture(scope="session")
def schema_check(server: Any) -> SchemaCheck:
    """The actions' schemas as the server serves them (fetched once, with the default config)."""
    return SchemaCheck.fetch(ApiClient(server.port, server.waiter).send)


@pytest.fixture
def client(server: Any, schema_check: SchemaCheck, request: pytest.FixtureRequest) -> Iterator[ApiClient]:
    """An HTTP client for the server, checking every exchange against the actions'
    schemas; afterwards the settings are the session's again (and, in Anki, the
    refresh the test's requests scheduled has run)."""
    lenient = request.node.get_closest_marker("lenient_params") is not None
    client = ApiClient(server.port, server.waiter, schema_check, lenient=lenient)
    yield client
    server.after_test()
    assert not client.unreported, "\n".join(client.unreported)


@pytest.fixture
def col(server: Any) -> Iterator[Any]:
    """The served collection; whatever the test adds to it is removed afterwards."""
    yield server.col
    server.restore_collection()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """For tools/dev.py test, which ends with one line for both hosts: this run's counts,
    in pytest's own words ("412 passed, 3 skipped"), into the file it names."""
    path = os.environ.get("ANKICONNECT_RUN_SUMMARY")
    if path:
        parts, _ = terminalreporter.build_summary_stats_line()
        Path(path).write_text(", ".join(text for text, _ in parts) or "no tests ran")


def pytest_report_header() -> str:
    try:
        from anki.buildinfo import version
    except ImportError:
        version = "?"
    return (f"Anki {version}, Python {sys.version.split()[0]}, "
            f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}")
