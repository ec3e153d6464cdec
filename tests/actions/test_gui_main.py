"""The main-window actions: deck overview/browser/review, undo, import, database check, exit."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from doc_examples import check_example
from gui_helpers import STUDY_DECK, add_basic_notes, windows_of
from support import free_port, http_request

WAIT_MS = 15000
ROOT = Path(__file__).resolve().parents[2]


# guiDeckOverview / guiDeckBrowser / guiDeckReview -----------------------------

def test_guiDeckOverview_documented_example(client, col, gui):
    col.decks.select(col.decks.id("Spanish"))

    check_example(client, "gui", "guiDeckOverview")

    assert gui.state == "overview"
    assert col.decks.current()["name"] == "Default"


def test_guiDeckOverview_finds_the_deck_in_any_letter_case(client, col, gui):
    spanish = col.decks.id("Spanish")

    assert client.call("guiDeckOverview", name="spanish") == {"result": True, "error": None}

    assert gui.state == "overview"
    assert col.decks.get_current_id() == spanish


def test_guiDeckOverview_of_a_missing_deck_is_false_and_changes_nothing(client, col, gui):
    assert client.call("guiDeckOverview", name="No such deck") == {"result": False, "error": None}

    assert gui.state == "deckBrowser"
    assert col.decks.get_current_id() == 1
    assert col.decks.by_name("No such deck") is None


@pytest.mark.parametrize("action", ["guiDeckOverview", "guiDeckReview"])
def test_a_deck_name_that_is_not_a_string_is_an_error(client, col, gui, action):
    # Upstream answered false for null, as for a deck that does not exist.
    assert client.call(action, name=None) == {
        "result": None, "error": "name must be a deck name (a string), not null"}
    assert gui.state == "deckBrowser"


def test_guiDeckBrowser_documented_example_shows_the_deck_list(client, col, gui):
    client.result("guiDeckOverview", name="Default")

    check_example(client, "gui", "guiDeckBrowser")

    assert gui.state == "deckBrowser"


def test_guiDeckReview_documented_example_starts_reviewing(client, col, gui):
    note = add_basic_notes(col, ["front"], deck_name=STUDY_DECK)[0]

    check_example(client, "gui", "guiDeckReview", {"Default": STUDY_DECK})

    assert gui.state == "review"
    assert gui.reviewer.card.nid == note.id


def test_guiDeckReview_of_a_deck_with_nothing_due_shows_its_overview(client, col, gui):
    col.decks.id("Empty")

    assert client.call("guiDeckReview", name="Empty") == {"result": True, "error": None}

    assert gui.state == "overview"
    assert col.decks.current()["name"] == "Empty"


def test_guiDeckReview_of_a_missing_deck_is_false(client, col, gui):
    assert client.call("guiDeckReview", name="No such deck") == {"result": False, "error": None}
    assert gui.state == "deckBrowser"


# guiUndo -----------------------------------------------------------------------

def test_guiUndo_documented_example_undoes_the_last_change(client, col, gui, qtbot):
    note = add_basic_notes(col, ["kept"])[0]
    col.remove_notes([note.id])
    assert col.undo_status().undo != ""

    check_example(client, "gui", "guiUndo")

    qtbot.waitUntil(lambda: col.find_notes(f"nid:{note.id}") == [note.id], timeout=WAIT_MS)


def test_guiUndo_with_nothing_to_undo_is_still_true(client, col, gui, qtbot):
    assert col.undo_status().undo == ""

    assert client.call("guiUndo") == {"result": True, "error": None}
    qtbot.wait(200)  # the undo runs in the background; it must fail silently


# guiCheckDatabase --------------------------------------------------------------

def test_guiCheckDatabase_documented_example_checks_in_the_background(client, col, gui, qtbot):
    import aqt.utils
    from aqt.utils import tr

    check_example(client, "gui", "guiCheckDatabase")

    def reported() -> bool:
        label = aqt.utils._tooltipLabel
        return label is not None and tr.database_check_rebuilt() in label.text()

    qtbot.waitUntil(lambda: not gui.progress.busy() and reported(), timeout=30000)


# guiImportFile -----------------------------------------------------------------

@pytest.fixture
def package(col, tmp_path):
    """An .apkg with one note (exported from the collection, then removed from it)."""
    from anki.collection import ExportAnkiPackageOptions, NoteIdsLimit

    note = add_basic_notes(col, ["imported"])[0]
    path = tmp_path / "Spanish.apkg"
    options = ExportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, with_media=False,
                                       legacy=False)
    col.export_anki_package(out_path=str(path), options=options, limit=NoteIdsLimit([note.id]))
    col.remove_notes([note.id])
    return path


def import_dialogs():
    from aqt.import_export.import_dialog import ImportDialog

    return windows_of(ImportDialog)


def close_import_dialogs(qtbot):
    """Close the import dialogs as a user would: once their page has loaded.
    Then wait until Qt has deleted them, so none of it happens in the next test."""
    from aqt.qt import sip

    windows = import_dialogs()
    for window in windows:
        page = window.web.page()
        qtbot.waitUntil(lambda: not page.isLoading(), timeout=WAIT_MS)  # noqa: B023 (used at once)
        window.reject()
    qtbot.waitUntil(lambda: all(sip.isdeleted(window) for window in windows), timeout=WAIT_MS)


def test_guiImportFile_documented_example_opens_ankis_import_dialog(client, col, gui, qtbot, package):
    check_example(client, "gui", "guiImportFile", {"/home/user/Downloads/Spanish.apkg": str(package)})

    qtbot.waitUntil(lambda: len(import_dialogs()) == 1, timeout=WAIT_MS)
    assert import_dialogs()[0].args.path == str(package)
    close_import_dialogs(qtbot)


def test_guiImportFile_of_a_text_file_opens_the_csv_import(client, col, gui, qtbot, tmp_path):
    from aqt.import_export.import_dialog import CsvArgs

    path = tmp_path / "words.csv"
    path.write_text("front;back\n")

    assert client.call("guiImportFile", path=str(path)) == {"result": None, "error": None}

    qtbot.waitUntil(lambda: len(import_dialogs()) == 1, timeout=WAIT_MS)
    assert isinstance(import_dialogs()[0].args, CsvArgs)
    close_import_dialogs(qtbot)


def test_guiImportFile_without_path_shows_a_file_chooser_that_waits_for_the_user(client, col, gui, qtbot,
                                                                                 package):
    from aqt.qt import QFileDialog, QLineEdit

    saved_directory = gui.pm.profile.get("importDirectory")
    try:
        assert client.call("guiImportFile") == {"result": None, "error": None}
        choosers = windows_of(QFileDialog)
        assert len(choosers) == 1 and not choosers[0].isModal()
        assert client.result("version") == 6  # the API keeps answering meanwhile

        choosers[0].findChild(QLineEdit, "fileNameEdit").setText(str(package))  # as the user types it
        choosers[0].accept()

        qtbot.waitUntil(lambda: len(import_dialogs()) == 1, timeout=WAIT_MS)
        assert import_dialogs()[0].args.path == str(package)
        assert windows_of(QFileDialog) == []
        assert gui.pm.profile["importDirectory"] == str(package.parent)
        close_import_dialogs(qtbot)
    finally:
        gui.pm.profile["importDirectory"] = saved_directory


def test_guiImportFile_asks_before_replacing_the_collection_without_blocking(client, col, gui, qtbot,
                                                                            tmp_path):
    from aqt.qt import QMessageBox
    from aqt.utils import tr

    path = tmp_path / "collection.colpkg"
    path.write_bytes(b"not opened unless the user says yes")
    collection = gui.col

    assert client.call("guiImportFile", path=str(path)) == {"result": None, "error": None}

    questions = windows_of(QMessageBox)
    assert [q.text() for q in questions] == [tr.importing_this_will_delete_your_existing_collection()]
    assert client.result("version") == 6
    questions[0].button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(lambda: windows_of(QMessageBox) == [], timeout=WAIT_MS)
    qtbot.wait(100)
    assert gui.col is collection and not gui.progress.busy()


def test_guiImportFile_replaces_the_collection_when_the_user_says_yes(client, col, gui, qtbot, tmp_path):
    from aqt.qt import QMessageBox

    [note] = add_basic_notes(gui.col, ["from the package"])
    nid = note.id
    path = tmp_path / "collection.colpkg"
    gui.col.export_collection_package(str(path), include_media=False, legacy=False)
    gui.col.reopen()
    gui.col.remove_notes([nid])
    assert client.result("findNotes", query="from") == []

    assert client.call("guiImportFile", path=str(path)) == {"result": None, "error": None}
    [question] = windows_of(QMessageBox)
    question.button(QMessageBox.StandardButton.Yes).click()

    def served_from_the_package():  # meanwhile requests get "collection is not available"
        return client.call("findNotes", query="from") == {"result": [nid], "error": None}

    qtbot.waitUntil(served_from_the_package, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not gui.progress.busy(), timeout=WAIT_MS)
    assert client.result("notesInfo", notes=[nid])[0]["fields"]["Front"]["value"] == "from the package"


def test_guiImportFile_of_an_unsupported_file_is_an_error(client, gui, tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF")

    assert client.call("guiImportFile", path=str(path)) == {"result": None, "error": "Unsupported file type."}


def test_guiImportFile_of_a_missing_file_is_an_error(client, gui, tmp_path):
    path = tmp_path / "missing.apkg"

    reply = client.call("guiImportFile", path=str(path))

    assert reply == {"result": None, "error": f"file was not found: {path}"}
    assert import_dialogs() == []


# guiExitAnki (in an Anki of its own: the session's Anki is shared) -------------

class RemoteClient:
    """Sends requests to another Anki's server (no Qt loop needed here)."""

    def __init__(self, port: int):
        self.port = port

    def send(self, request: dict):
        response = http_request(self.port, request)
        assert response.status == 200, response
        return response.json()


def _lines(stream, found: "queue.Queue[str]") -> None:
    for line in stream:
        found.put(line)


def _wait_for_line(output: "queue.Queue[str]", text: str, timeout: float) -> None:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = output.get(timeout=0.5)
        except queue.Empty:
            continue
        if text in line:
            return
        seen.append(line)
    raise AssertionError(f"no {text!r} within {timeout} s; Anki said:\n" + "".join(seen[-40:]))


def test_guiExitAnki_documented_example_closes_anki(tmp_path):
    port = free_port()
    anki = subprocess.Popen(  # its own base folder makes it an Anki instance of its own

        [sys.executable, str(ROOT / "tools" / "throwaway_anki.py"), "--base", str(tmp_path / "base"),
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=_lines, args=(anki.stdout, output), daemon=True).start()
    try:
        _wait_for_line(output, "AnkiConnect is listening", timeout=90)

        check_example(RemoteClient(port), "gui", "guiExitAnki")

        assert anki.wait(timeout=60) == 0
    finally:
        if anki.poll() is None:
            anki.kill()
            anki.wait()


# The plugin ----------------------------------------------------------------------

GUI_ACTIONS = [
    "guiAddCards", "guiAddNoteSetData", "guiAnswerCard", "guiBrowse", "guiCheckDatabase", "guiCurrentCard",
    "guiDeckBrowser", "guiDeckOverview", "guiDeckReview", "guiEditNote", "guiExitAnki", "guiImportFile",
    "guiPlayAudio", "guiReviewActive", "guiSelectCard", "guiSelectNote", "guiSelectedNotes", "guiShowAnswer",
    "guiShowQuestion", "guiStartCardTimer", "guiUndo",
]


def test_the_gui_plugin_serves_the_21_graphical_actions_as_gui_actions(client):
    details = client.result("apiReflect", scopes=["actionDetails"], actions=GUI_ACTIONS)["actionDetails"]

    assert sorted(d["name"] for d in details) == GUI_ACTIONS
    assert {(d["plugin"], d["gui"]) for d in details} == {("gui", True)}
