"""guiAddCards and guiAddNoteSetData, driving Anki's real Add dialog."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from doc_examples import check_example
from gui_helpers import dialog, windows_of
from models_helpers import add_vocabulary
from notes_helpers import remembered_deck

WAIT_MS = 10000
PNG_BASE64 = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwAD"
              "hgGAWjR9awAAAABJRU5ErkJggg==")
PNG = base64.b64decode(PNG_BASE64)  # one pixel


def add_dialog():
    return dialog("AddCards")


def dialog_state(col, window):
    """What the Add dialog shows: note type and deck names, fields, tags."""
    return {
        "modelName": col.models.get(window.notetype_chooser.selected_notetype_id)["name"],
        "deckName": col.decks.name(window.deck_chooser.selected_deck_id),
        "fields": dict(window.editor.note.items()),
        "tags": list(window.editor.note.tags),
    }


def wait_for_dialog(qtbot, col, expected):
    """The Add dialog, once it shows expected (a subset of dialog_state's keys)."""
    def shows() -> bool:
        window = add_dialog()
        if window is None or window.editor.note is None:
            return False
        state = dialog_state(col, window)
        return all(state[key] == value for key, value in expected.items())

    qtbot.waitUntil(shows, timeout=WAIT_MS)
    return add_dialog()


def open_with_basic(client, qtbot, col, **fields):
    client.result("guiAddCards", note={"deckName": "Default", "modelName": "Basic",
                                        "fields": fields, "tags": ["start"]})
    return wait_for_dialog(qtbot, col, {"modelName": "Basic", "fields": {"Front": "", "Back": "", **fields}})


# guiAddCards ---------------------------------------------------------------------

def test_documented_example_fills_in_the_add_dialog(client, col, gui, qtbot):
    check_example(client, "gui", "guiAddCards")

    window = wait_for_dialog(qtbot, col, {"modelName": "Cloze"})
    assert window.isVisible()
    assert dialog_state(col, window) == {
        "modelName": "Cloze",
        "deckName": "Default",
        "fields": {"Text": "The capital of Romania is {{c1::Bucharest}}",
                   "Back Extra": "Romania is a country in Europe<img src=\"romania.png\">"},
        "tags": ["countries"],
    }
    assert (Path(col.media.dir()) / "romania.png").read_bytes() == PNG
    assert col.note_count() == 0  # added only when the user clicks Add


def test_the_note_is_added_when_the_user_clicks_add(client, col, gui, qtbot):
    col.decks.id("Spanish")
    reply = client.call("guiAddCards", note={"deckName": "spanish", "modelName": "basic",
                                             "fields": {"Front": "hola", "Back": "hello"},
                                             "tags": ["greeting", "spanish"]})
    assert reply == {"result": 0, "error": None}
    window = wait_for_dialog(qtbot, col, {"deckName": "Spanish",
                                          "fields": {"Front": "hola", "Back": "hello"}})

    window.add_current_note()

    qtbot.waitUntil(lambda: col.note_count() == 1, timeout=WAIT_MS)
    added = col.get_note(col.find_notes("")[0])
    assert (added["Front"], added["Back"], added.tags) == ("hola", "hello", ["greeting", "spanish"])
    assert {card.did for card in added.cards()} == {col.decks.id("Spanish")}



def test_a_note_added_in_the_add_dialog_makes_anki_remember_its_deck(client, col, gui, qtbot,
                                                                     deck_follows_note_type):
    spanish = col.decks.id("Spanish")
    client.result("guiAddCards", note={"deckName": "Spanish", "modelName": "Basic",
                                        "fields": {"Front": "hola"}})
    window = wait_for_dialog(qtbot, col, {"deckName": "Spanish", "fields": {"Front": "hola", "Back": ""}})

    window.add_current_note()

    qtbot.waitUntil(lambda: col.note_count() == 1, timeout=WAIT_MS)
    assert remembered_deck(col, "Basic") == spanish


def test_the_add_dialog_proposes_the_deck_a_client_last_added_to_with_each_note_type(
        client, col, gui, qtbot, deck_follows_note_type):
    vocabulary = add_vocabulary(col)
    col.decks.id("Spanish")
    col.decks.id("French")
    client.result("addNotes", notes=[
        {"deckName": "Spanish", "modelName": "Vocabulary", "fields": {"Word": "hola"}},
        {"deckName": "French", "modelName": "Basic", "fields": {"Front": "bonjour"}}])
    client.result("guiAddCards")
    window = wait_for_dialog(qtbot, col, {})

    window.set_note_type(vocabulary["id"])  # as if the user picked it
    wait_for_dialog(qtbot, col, {"modelName": "Vocabulary", "deckName": "Spanish"})
    window.set_note_type(col.models.id_for_name("Basic"))
    wait_for_dialog(qtbot, col, {"modelName": "Basic", "deckName": "French"})


def test_guiAddCards_matches_field_names_exactly_and_ignores_unknown_ones(client, col, gui, qtbot):
    client.result("guiAddCards", note={"deckName": "Default", "modelName": "Basic",
                                        "fields": {"Front": "kept", "back": "ignored", "Other": "ignored"}})

    wait_for_dialog(qtbot, col, {"fields": {"Front": "kept", "Back": ""}, "tags": []})


def test_guiAddCards_without_note_opens_the_add_dialog_as_it_is(client, col, gui):
    assert client.call("guiAddCards") == {"result": 0, "error": None}

    window = add_dialog()
    assert window is not None and window.isVisible()
    assert window.editor.fieldsAreBlank()


@pytest.mark.parametrize("note, error", [
    ({"deckName": "Nope", "modelName": "Basic", "fields": {}}, "deck was not found: Nope"),
    ({"deckName": "Default", "modelName": "Nope", "fields": {}}, "model was not found: Nope"),
    ({"modelName": "Basic", "fields": {}}, "'deckName'"),
    ({"deckName": "Default", "fields": {}}, "'modelName'"),
    ({"deckName": "Default", "modelName": "Basic", "fields": {"Front": 1}},
     'the value of field "Front" must be a string'),
    ("Basic", "a note must be an object"),
])
def test_guiAddCards_refuses_a_bad_note_before_opening_anything(client, col, gui, note, error):
    assert client.call("guiAddCards", note=note) == {"result": None, "error": error}
    assert add_dialog() is None


def test_guiAddCards_replaces_the_note_of_an_add_dialog_without_input(client, col, gui, qtbot):
    client.result("guiAddCards")
    first = add_dialog()

    client.result("guiAddCards", note={"deckName": "Default", "modelName": "Basic",
                                        "fields": {"Front": "new"}})

    window = wait_for_dialog(qtbot, col, {"fields": {"Front": "new", "Back": ""}})
    assert window is not first  # closed and opened again, as upstream


def test_guiAddCards_asks_before_discarding_what_the_user_typed(client, col, gui, qtbot):
    from aqt.qt import QMessageBox

    window = open_with_basic(client, qtbot, col, Front="typed by the user")

    reply = client.call("guiAddCards", note={"deckName": "Default", "modelName": "Basic",
                                             "fields": {"Front": "from the client"}})

    assert reply == {"result": 0, "error": None}

    qtbot.waitUntil(lambda: len(windows_of(QMessageBox)) == 1, timeout=WAIT_MS)
    assert client.result("version") == 6  # the question does not hold up the API
    assert add_dialog() is window and window.editor.note["Front"] == "typed by the user"
    windows_of(QMessageBox)[0].button(QMessageBox.StandardButton.Discard).click()

    wait_for_dialog(qtbot, col, {"fields": {"Front": "from the client", "Back": ""}})


def test_guiAddCards_keeps_the_users_input_when_they_keep_editing(client, col, gui, qtbot):
    from aqt.qt import QMessageBox

    window = open_with_basic(client, qtbot, col, Front="typed by the user")
    client.result("guiAddCards", note={"deckName": "Default", "modelName": "Basic", "fields": {"Front": "x"}})
    qtbot.waitUntil(lambda: len(windows_of(QMessageBox)) == 1, timeout=WAIT_MS)

    question = windows_of(QMessageBox)[0]
    reject = QMessageBox.ButtonRole.RejectRole
    keep_editing = [b for b in question.buttons() if question.buttonRole(b) == reject]
    keep_editing[0].click()

    qtbot.waitUntil(lambda: windows_of(QMessageBox) == [], timeout=WAIT_MS)
    qtbot.wait(100)
    assert add_dialog() is window and window.editor.note["Front"] == "typed by the user"


def test_guiAddCards_with_media_that_cannot_be_stored_puts_the_error_in_the_field(client, col, gui, qtbot,
                                                                                  tmp_path):
    missing = tmp_path / "missing.mp3"

    client.result("guiAddCards", note={"deckName": "Default", "modelName": "Basic", "fields": {"Front": "f"},
                                        "audio": {"path": str(missing), "filename": "a.mp3",
                                                  "fields": ["Back"]}})

    error = f"[Errno 2] No such file or directory: '{missing}'"
    window = wait_for_dialog(qtbot, col, {"fields": {"Front": "f", "Back": error}})
    assert window is not None


# guiAddNoteSetData ---------------------------------------------------------------

def test_guiAddNoteSetData_documented_example_appends_to_the_open_dialog(client, col, gui, qtbot):
    open_with_basic(client, qtbot, col, Front="perro", Back="dog")

    check_example(client, "gui", "guiAddNoteSetData")

    wait_for_dialog(qtbot, col, {"fields": {"Front": "perro", "Back": "dog<br>from the dictionary"},
                                 "tags": ["start", "dictionary"]})


def test_guiAddNoteSetData_without_an_add_dialog_answers_code_1(client, col, gui):
    reply = client.call("guiAddNoteSetData", note={"fields": {"Front": "x"}})

    assert reply == {"result": {"error": "Add Note dialog is not open", "code": 1}, "error": None}
    assert add_dialog() is None


def test_guiAddNoteSetData_replaces_fields_and_tags(client, col, gui, qtbot):
    open_with_basic(client, qtbot, col, Front="old front", Back="old back")

    reply = client.call("guiAddNoteSetData", note={"fields": {"Back": "new back"}, "tags": ["new", "tags"]})

    assert reply == {"result": True, "error": None}

    wait_for_dialog(qtbot, col, {"fields": {"Front": "old front", "Back": "new back"},
                                 "tags": ["new", "tags"]})


def test_guiAddNoteSetData_appends_tags_once_keeping_their_order(client, col, gui, qtbot):
    open_with_basic(client, qtbot, col)

    client.result("guiAddNoteSetData", note={"tags": ["b", "START", "a"]}, append=True)

    wait_for_dialog(qtbot, col, {"tags": ["start", "b", "a"]})


def test_guiAddNoteSetData_changes_deck_and_note_type(client, col, gui, qtbot):
    open_with_basic(client, qtbot, col, Front="front")
    col.decks.id("Spanish")

    client.result("guiAddNoteSetData", note={"deckName": "Spanish", "modelName": "Basic (and reversed card)",
                                             "fields": {"Back": "back"}})

    wait_for_dialog(qtbot, col, {"modelName": "Basic (and reversed card)", "deckName": "Spanish",
                                 "fields": {"Front": "front", "Back": "back"}})


def test_guiAddNoteSetData_stores_media_and_appends_them(client, col, gui, qtbot):
    open_with_basic(client, qtbot, col, Back="see:")
    picture = {"data": PNG_BASE64, "filename": "dog.png", "fields": ["Back"]}

    client.result("guiAddNoteSetData", note={"picture": [picture]})

    wait_for_dialog(qtbot, col, {"fields": {"Front": "", "Back": 'see:<img src="dog.png">'}})
    assert (Path(col.media.dir()) / "dog.png").read_bytes() == PNG


@pytest.mark.parametrize("note, error", [
    ({"deckName": "Nope", "fields": {"Front": "changed"}}, 'Deck "Nope" not found'),
    ({"modelName": "Nope", "fields": {"Front": "changed"}}, 'Model "Nope" not found'),
    ({"fields": {"Front": "changed", "front": "x"}}, 'Field "front" not found in current note'),
    ({"modelName": "Cloze", "fields": {"Front": "changed"}}, 'Field "Front" not found in current note'),
    ({"fields": {"Front": 5}}, 'the value of field "Front" must be a string'),
])
def test_guiAddNoteSetData_refuses_bad_data_and_changes_nothing(client, col, gui, qtbot, note, error):
    window = open_with_basic(client, qtbot, col, Front="unchanged")
    before = dialog_state(col, window)

    assert client.call("guiAddNoteSetData", note=note) == {"result": None, "error": error}

    qtbot.wait(200)
    assert dialog_state(col, window) == before


@pytest.mark.lenient_params  # a string where the schema says boolean, on purpose
def test_guiAddNoteSetData_refuses_an_append_that_is_not_true_or_false(client, col, gui, qtbot):
    window = open_with_basic(client, qtbot, col, Front="unchanged")
    before = dialog_state(col, window)

    assert client.call("guiAddNoteSetData", note={"fields": {"Front": "x"}}, append="false") == {
        "result": None, "error": 'append must be true or false, not "false"'}

    qtbot.wait(200)
    assert dialog_state(col, window) == before


@pytest.mark.lenient_params  # 1, as clients of upstream send it
def test_guiAddNoteSetData_reads_append_1_as_true(client, col, gui, qtbot):
    open_with_basic(client, qtbot, col, Front="front")

    client.result("guiAddNoteSetData", note={"fields": {"Front": " more"}}, append=1)

    wait_for_dialog(qtbot, col, {"fields": {"Front": "front more", "Back": ""}})


def test_guiAddNoteSetData_keeps_what_the_user_typed_in_other_fields(client, col, gui, qtbot):
    window = open_with_basic(client, qtbot, col)
    window.editor.onBridgeCmd(f"key:0:{window.editor.note.id}:typed by the user")  # the page reports typing

    client.result("guiAddNoteSetData", note={"fields": {"Back": "from the client"}})

    wait_for_dialog(qtbot, col, {"fields": {"Front": "typed by the user", "Back": "from the client"}})
