"""updateNoteFields, updateNote, updateNoteModel, deleteNotes, removeEmptyNotes,
and edits the user is making in Anki's editor while an action changes the note."""

from __future__ import annotations

import base64
import threading
import time
from contextlib import contextmanager

import pytest
from doc_examples import check_example
from gui_helpers import page_value
from notes_helpers import add_note, note_fields, undo_label

# updateNoteFields ------------------------------------------------------------------


def test_update_note_fields_doc_example(client, col):
    nid = add_note(col, "猫", "cat")
    check_example(client, "notes", "updateNoteFields", {1514547547030: nid})
    assert note_fields(col, nid) == {"Front": "猫", "Back": "a small cat"}


def test_update_note_fields_uses_exact_field_names(client, col):
    nid = add_note(col, "猫", "cat")
    client.result("updateNoteFields",
                  note={"id": nid, "fields": {"back": "ignored", "Front": "犬", "X": "y"}})
    assert note_fields(col, nid) == {"Front": "犬", "Back": "cat"}


def test_update_note_fields_is_one_undo_step(client, col):
    nid = add_note(col, "猫", "cat")
    client.result("updateNoteFields", note={"id": nid, "fields": {"Back": "dog"}})
    assert undo_label(col) == "Update Note Fields"
    col.undo()
    assert note_fields(col, nid)["Back"] == "cat"


def test_update_note_fields_stores_media(client, col):
    nid = add_note(col, "猫", "cat")
    data = base64.b64encode(b"meow").decode()
    client.result("updateNoteFields", note={
        "id": nid, "fields": {"Back": "cat"},
        "audio": [{"filename": "meow.mp3", "data": data, "fields": ["Back"]}]})
    assert note_fields(col, nid)["Back"] == "cat[sound:meow.mp3]"


@pytest.mark.parametrize("note, error", [
    ({"id": 1, "fields": {"Front": "x"}}, "Note was not found: 1"),
    ({"id": "abc", "fields": {}}, "Note was not found: abc"),
    ({"fields": {}}, "'id'"),
])
def test_update_note_fields_errors(client, col, note, error):
    assert client.call("updateNoteFields", note=note) == {"result": None, "error": error}


def test_update_note_fields_without_fields(client, col):
    nid = add_note(col, "猫")
    assert client.call("updateNoteFields", note={"id": nid}) == {"result": None, "error": "'fields'"}


# updateNote ------------------------------------------------------------------------


def test_update_note_doc_example(client, col):
    nid = add_note(col, "猫", "cat", tags=("old",))
    check_example(client, "notes", "updateNote", {1514547547030: nid})
    note = col.get_note(nid)
    assert (dict(note.items()), note.tags) == ({"Front": "猫", "Back": "kitten"}, ["animals"])
    assert undo_label(col) == "Update Note"


def test_update_note_tags_only(client, col):
    nid = add_note(col, "猫", "cat", tags=("old",))
    client.result("updateNote", note={"id": nid, "tags": "one-tag"})
    assert col.get_note(nid).tags == ["one-tag"]
    assert note_fields(col, nid) == {"Front": "猫", "Back": "cat"}


@pytest.mark.parametrize("note, error", [
    ({"id": 1}, 'Must provide a "fields" or "tags" property.'),
    ({"id": 1, "tags": []}, "Note was not found: 1"),
])
def test_update_note_errors(client, col, note, error):
    assert client.call("updateNote", note=note) == {"result": None, "error": error}


def test_update_note_with_bad_tags_changes_nothing(client, col):
    nid = add_note(col, "猫", "cat")
    reply = client.call("updateNote", note={"id": nid, "fields": {"Back": "x"}, "tags": [1]})
    assert reply == {"result": None, "error": "Must provide tags as a list of strings"}
    assert note_fields(col, nid)["Back"] == "cat"


# updateNoteModel -------------------------------------------------------------------


def test_update_note_model_doc_example(client, col):
    nid = add_note(col, "x", "y", tags=("old",))
    check_example(client, "notes", "updateNoteModel", {1514547547030: nid})
    note = col.get_note(nid)
    assert note.note_type()["name"] == "Basic (and reversed card)"
    assert (dict(note.items()), note.tags) == ({"Front": "猫", "Back": "cat"}, ["reversed"])
    assert sorted(c.ord for c in note.cards()) == [0, 1]


def test_update_note_model_empties_fields_not_given_and_clears_tags(client, col):
    nid = add_note(col, "x", "y", tags=("t",))
    client.result("updateNoteModel", note={"id": nid, "modelName": "Basic (optional reversed card)",
                                           "fields": {"back": "B"}})
    note = col.get_note(nid)
    assert dict(note.items()) == {"Front": "", "Back": "B", "Add Reverse": ""}
    assert note.tags == []


def test_update_note_model_removes_cards_of_templates_the_new_type_lacks(client, col):
    nid = add_note(col, "front", "back", model="Basic (and reversed card)")
    client.result("updateNoteModel", note={"id": nid, "modelName": "Basic", "fields": {"Front": "f"}})
    assert [c.ord for c in col.get_note(nid).cards()] == [0]
    assert undo_label(col) == "Update Note Model"


@pytest.mark.parametrize("note, error", [
    ({"modelName": "Basic", "fields": {"a": 1}}, "Note ID is required"),
    ({"id": 1, "fields": {"a": 1}}, "Model name is required"),
    ({"id": 1, "modelName": "Basic", "fields": {}}, "Fields must be provided as a dictionary"),
    ({"id": 1, "modelName": "Basic", "fields": ["a"]}, "Fields must be provided as a dictionary"),
    ({"id": 1, "modelName": "Basic", "fields": {"Front": "a"}}, "Note was not found: 1"),
])
def test_update_note_model_errors(client, col, note, error):
    assert client.call("updateNoteModel", note=note) == {"result": None, "error": error}


def test_update_note_model_unknown_model(client, col):
    nid = add_note(col, "x")
    reply = client.call("updateNoteModel", note={"id": nid, "modelName": "Nope", "fields": {"a": "b"}})
    assert reply == {"result": None, "error": "Model 'Nope' not found"}


# deleteNotes, removeEmptyNotes -----------------------------------------------------


def test_delete_notes_doc_example(client, col):
    nid = add_note(col, "猫")
    keep = add_note(col, "犬")
    check_example(client, "notes", "deleteNotes", {1502298033753: nid})
    assert list(col.find_notes("")) == [keep]
    assert undo_label(col) == "Delete Notes"


def test_delete_notes_ignores_unknown_ids(client, col):
    nid = add_note(col, "猫")
    assert client.result("deleteNotes", notes=[1, nid]) is None
    assert col.note_count() == 0


def test_delete_notes_needs_ids(client, col):
    assert client.call("deleteNotes", notes=["x"]) == {
        "result": None, "error": "notes must be a list of ids, not 'x'"}


def test_remove_empty_notes_doc_example(client, col):
    empty = add_note(col, "", "")
    blank = add_note(col, "<br>", "&nbsp;")
    keep = add_note(col, "", "back")
    picture = add_note(col, '<img src="a.jpg">', "")
    check_example(client, "notes", "removeEmptyNotes")
    assert sorted(col.find_notes("")) == sorted([keep, picture])
    assert empty and blank


def test_remove_empty_notes_keeps_note_types(client, col):
    before = sorted(m.name for m in col.models.all_names_and_ids())
    client.result("removeEmptyNotes")
    assert sorted(m.name for m in col.models.all_names_and_ids()) == before


# Notes open in Anki's editor ---------------------------------------------------------


@contextmanager
def browser_editing(anki, nid):
    """The Browser open with note nid in its editor; closed afterwards."""
    import aqt
    from aqt import gui_hooks

    loaded = []

    def on_load(editor):
        if editor.note is not None and editor.note.id == nid:
            loaded.append(editor.note)

    gui_hooks.editor_did_load_note.append(on_load)
    browser = aqt.dialogs.open("Browser", anki.mw)
    browser.search_for(f"nid:{nid}")
    browser.table.select_all()
    # Wait until the editor has shown this note and nothing reloads it any more.
    anki.waiter.wait_until(lambda: loaded and browser.editor.note is loaded[-1])
    settled = time.monotonic() + 0.3
    anki.waiter.wait_until(lambda: time.monotonic() > settled)
    gui_hooks.editor_did_load_note.remove(on_load)
    assert browser.editor.note is loaded[-1]
    try:
        yield browser.editor
    finally:
        browser.close()
        anki.waiter.wait_until(lambda: aqt.dialogs._dialogs["Browser"][1] is None)


def type_into_field(anki, editor, index: int, text: str) -> None:
    """Type text at the end of a field with real key events, as the user does.

    Returns once the text is in the field on the page. The editor's webview
    holds the typing back for about 0.6 s before it passes it to Anki; the
    caller acts before then.
    """
    from PyQt6.QtTest import QTest

    def on_page(expression):
        return page_value(editor, expression, anki.waiter.wait_until)

    editor.web.setFocus()
    editor.web.eval(f"focusField({index})")
    anki.waiter.wait_until(lambda: "editable" in on_page("document.activeElement.className"))
    QTest.keyClicks(editor.web.focusProxy(), text)
    # Key events travel to the page's own process apart from scripts Anki runs
    # there: until the field shows them, a save request could overtake them.
    anki.waiter.wait_until(lambda: on_page(FOCUSED_FIELD_TEXT).endswith(text), timeout=10)


# The field being edited lives in the shadow root of the focused editing area.
FOCUSED_FIELD_TEXT = "document.activeElement.shadowRoot.activeElement.textContent.replace(/\\u00a0/g, ' ')"


def test_update_keeps_the_users_unsaved_edit_in_the_browser_editor(anki, client, col):
    nid = add_note(col, "猫", "cat")
    with browser_editing(anki, nid) as editor:
        # The webview has passed the typing to the editor's note; its background save may not have run.
        type_into_field(anki, editor, 1, " typed by the user")
        anki.waiter.wait_until(lambda: editor.note["Back"] == "cat typed by the user")
        client.result("updateNoteFields", note={"id": nid, "fields": {"Front": "from the API"}})
        expected = {"Front": "from the API", "Back": "cat typed by the user"}
        assert note_fields(col, nid) == expected
        assert dict(editor.note.items()) == expected  # the editor shows the result


def test_tag_changes_keep_the_users_unsaved_edit(anki, client, col):
    nid = add_note(col, "猫", "cat")
    with browser_editing(anki, nid) as editor:
        type_into_field(anki, editor, 1, " typed by the user")
        anki.waiter.wait_until(lambda: editor.note["Back"] == "cat typed by the user")
        client.result("addTags", notes=[nid], tags="new")
        assert note_fields(col, nid)["Back"] == "cat typed by the user"
        assert col.get_note(nid).tags == ["new"]
        assert editor.note.tags == ["new"] and editor.note["Back"] == "cat typed by the user"


def test_an_edit_after_the_update_keeps_the_update(anki, client, col):
    nid = add_note(col, "猫", "cat")
    with browser_editing(anki, nid) as editor:
        client.result("updateNote", note={"id": nid, "fields": {"Front": "from the API"}, "tags": ["api"]})
        # the user types again: the editor saves its note, which must hold the update
        editor.onBridgeCmd(f"key:1:{nid}:typed later")
        anki.waiter.wait_until(lambda: note_fields(col, nid)["Back"] == "typed later")
        assert note_fields(col, nid)["Front"] == "from the API"
        assert col.get_note(nid).tags == ["api"]



def test_an_update_keeps_what_the_user_is_typing_in_the_webview(anki, client, col):
    nid = add_note(col, "猫", "cat")
    with browser_editing(anki, nid) as editor:
        type_into_field(anki, editor, 1, "s!")
        assert editor.note["Back"] == "cat"  # still in the webview only
        client.result("updateNoteFields", note={"id": nid, "fields": {"Front": "from the API"}})
        expected = {"Front": "from the API", "Back": "cats!"}
        assert note_fields(col, nid) == expected
        anki.waiter.pump(1)  # what the editor shows and saves later keeps both
        assert note_fields(col, nid) == expected and dict(editor.note.items()) == expected


def test_adding_a_note_keeps_what_the_user_is_typing_in_another(anki, client, col):
    nid = add_note(col, "猫", "cat")
    with browser_editing(anki, nid) as editor:
        type_into_field(anki, editor, 1, "s!")
        client.result("addNote", note={"deckName": "Default", "modelName": "Basic",
                                       "fields": {"Front": "犬", "Back": "dog"}})
        anki.waiter.pump(1)
        assert note_fields(col, nid) == {"Front": "猫", "Back": "cats!"}


@pytest.mark.parametrize("action, note", [
    ("updateNoteFields", {"fields": {"Front": "from the API"}}),
    ("addNote", {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "犬", "Back": "dog"}}),
])
def test_typing_is_kept_when_the_editors_save_runs_late(anki, client, col, monkeypatch, action, note):
    # The editor writes what it was asked to save in a background operation;
    # under load its thread may run only after the API's change is shown,
    # which reloads the editor's note from the collection.
    nid = add_note(col, "猫", "cat")
    update_note = col.update_note

    def update_note_late(note, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            time.sleep(0.5)
        return update_note(note, **kwargs)

    monkeypatch.setattr(col, "update_note", update_note_late)
    with browser_editing(anki, nid) as editor:
        type_into_field(anki, editor, 1, "s!")
        client.result(action, note={"id": nid, **note} if action == "updateNoteFields" else note)
        anki.waiter.pump(1)
        assert note_fields(col, nid)["Back"] == "cats!"
        assert editor.note["Back"] == "cats!"
    # Closing the browser saved the note once more, late: let that finish here.
    anki.waiter.wait_until(lambda: not anki.mw._background_op_count)
