"""guiEditNote: the Edit window, its editor, Preview, Browse and history."""

from __future__ import annotations

import pytest
from doc_examples import check_example
from gui_helpers import add_basic_notes, dialog, page_value

EDIT = "foosoft.ankiconnect.Edit"
WAIT_MS = 10000


def edit_window():
    return dialog(EDIT)


def js_value(qtbot, window, expression):
    """The value of a JavaScript expression in the window's editor page."""
    return page_value(window.editor, expression, lambda ready: qtbot.waitUntil(ready, timeout=WAIT_MS))


def buttons_disabled(qtbot, window):
    """(previous disabled, next disabled), once the toolbar shows them."""
    js = "[document.getElementById('ankiconnect-previous'), document.getElementById('ankiconnect-next')]"
    qtbot.waitUntil(lambda: js_value(qtbot, window, f"{js}.every(b => b !== null)") is True, timeout=WAIT_MS)
    return tuple(js_value(qtbot, window, f"{js}.map(b => b.disabled)"))


def closed(window):
    from aqt.qt import sip

    return sip.isdeleted(window) or not window.isVisible()


def press(window, button):
    """Click one of the window's toolbar buttons, as the page's bridge does."""
    window.editor.onBridgeCmd(f"ankiconnect_{button}")


@pytest.fixture
def notes(col):
    return add_basic_notes(col, ["first", "second", "third"])


def test_documented_example_opens_the_edit_window_on_the_note(client, col, gui, notes):
    check_example(client, "gui", "guiEditNote", {1649198355435: notes[0].id})

    window = edit_window()
    assert window is not None and window.isVisible()
    assert window.editor.note.id == notes[0].id
    assert window.editor.note["Front"] == "first"
    assert window.history == [notes[0].id]


def test_guiEditNote_of_a_missing_note_answers_ankis_error(client, col, gui):
    with pytest.raises(Exception) as anki_error:
        col.get_note(123)

    assert client.call("guiEditNote", note=123) == {"result": None, "error": str(anki_error.value)}
    assert edit_window() is None


def test_the_window_has_no_close_button_bar(client, gui, notes):
    from aqt.qt import QDialogButtonBox

    client.result("guiEditNote", note=notes[0].id)

    assert edit_window().findChildren(QDialogButtonBox) == []


def test_closing_the_window_as_it_opens_asks_no_editor_that_is_not_set_up(client, gui, qtbot, notes):
    from web_console import WEB_CONSOLE

    client.result("guiEditNote", note=notes[0].id)
    window = edit_window()
    window.close()  # before its page has set up the editor: nothing typed to save yet
    qtbot.waitUntil(lambda: closed(window), timeout=WAIT_MS)
    qtbot.wait(500)  # whatever was queued for the page has run
    assert [line for line in WEB_CONSOLE.lines if "saveNow" in line] == []


def test_what_the_user_types_is_saved_to_the_note(client, col, gui, qtbot, notes):
    client.result("guiEditNote", note=notes[0].id)
    window = edit_window()

    window.editor.onBridgeCmd(f"key:0:{notes[0].id}:typed by the user")  # what the page sends on input

    qtbot.waitUntil(lambda: col.get_note(notes[0].id)["Front"] == "typed by the user", timeout=WAIT_MS)


def test_changes_made_elsewhere_show_in_the_window(client, col, gui, qtbot, notes):
    from aqt.operations.note import update_note

    client.result("guiEditNote", note=notes[0].id)
    window = edit_window()
    changed = col.get_note(notes[0].id)
    changed["Back"] = "changed in the browser"

    update_note(parent=gui, note=changed).run_in_background()

    qtbot.waitUntil(lambda: window.editor.note["Back"] == "changed in the browser", timeout=WAIT_MS)


def test_the_window_closes_when_its_note_is_deleted_elsewhere(client, col, gui, qtbot, notes):
    from aqt.operations.note import remove_notes

    client.result("guiEditNote", note=notes[0].id)

    remove_notes(parent=gui, note_ids=[notes[0].id]).run_in_background()

    qtbot.waitUntil(lambda: edit_window() is None, timeout=WAIT_MS)


def test_a_note_with_a_suspended_card_says_so(client, col, gui, notes):
    import aqt.utils
    from aqt.utils import closeTooltip

    col.sched.suspend_cards([notes[0].cards()[0].id])

    client.result("guiEditNote", note=notes[0].id)

    assert aqt.utils._tooltipLabel is not None
    assert "Some of the cards associated with this note have been suspended" in aqt.utils._tooltipLabel.text()
    closeTooltip()


# History -----------------------------------------------------------------------

def test_opening_another_note_reuses_the_window_and_remembers_the_first(client, col, gui, qtbot, notes):
    client.result("guiEditNote", note=notes[0].id)
    window = edit_window()

    assert client.call("guiEditNote", note=notes[1].id) == {"result": None, "error": None}

    assert edit_window() is window
    qtbot.waitUntil(lambda: window.editor.note.id == notes[1].id, timeout=WAIT_MS)
    assert window.history == [notes[0].id, notes[1].id]
    assert buttons_disabled(qtbot, window) == (False, True)


def test_previous_and_next_walk_through_the_notes_shown(client, col, gui, qtbot, notes):
    for note in notes:
        client.result("guiEditNote", note=note.id)
    window = edit_window()
    qtbot.waitUntil(lambda: window.editor.note.id == notes[2].id, timeout=WAIT_MS)
    assert buttons_disabled(qtbot, window) == (False, True)

    press(window, "previous")
    qtbot.waitUntil(lambda: window.editor.note.id == notes[1].id, timeout=WAIT_MS)
    assert buttons_disabled(qtbot, window) == (False, False)
    press(window, "previous")
    qtbot.waitUntil(lambda: window.editor.note.id == notes[0].id, timeout=WAIT_MS)
    assert buttons_disabled(qtbot, window) == (True, False)
    press(window, "next")
    qtbot.waitUntil(lambda: window.editor.note.id == notes[1].id, timeout=WAIT_MS)

    assert window.history == [n.id for n in notes]  # walking does not reorder it


def test_reopening_a_note_moves_it_to_the_end_of_the_history(client, col, gui, qtbot, notes):
    for note in (notes[0], notes[1], notes[0]):
        client.result("guiEditNote", note=note.id)
    window = edit_window()

    qtbot.waitUntil(lambda: window.history == [notes[1].id, notes[0].id], timeout=WAIT_MS)


def test_the_history_keeps_the_last_25_notes(client, col, gui, qtbot):
    many = add_basic_notes(col, [f"note {i}" for i in range(27)])
    for note in many:
        client.result("guiEditNote", note=note.id)
    window = edit_window()

    qtbot.waitUntil(lambda: window.editor.note.id == many[-1].id, timeout=WAIT_MS)
    assert window.history == [n.id for n in many[2:]]


def test_previous_skips_notes_deleted_meanwhile(client, col, gui, qtbot, notes):
    for note in notes:
        client.result("guiEditNote", note=note.id)
    window = edit_window()
    qtbot.waitUntil(lambda: window.editor.note.id == notes[2].id, timeout=WAIT_MS)
    col.remove_notes([notes[1].id])

    press(window, "previous")

    qtbot.waitUntil(lambda: window.editor.note.id == notes[0].id, timeout=WAIT_MS)
    assert window.history == [notes[0].id, notes[2].id]


# Browse and Preview ------------------------------------------------------------

def test_browse_shows_the_note_in_the_browser(client, col, gui, qtbot, notes):
    client.result("guiEditNote", note=notes[1].id)

    press(edit_window(), "browse")

    qtbot.waitUntil(lambda: dialog("Browser") is not None, timeout=WAIT_MS)
    browser = dialog("Browser")
    qtbot.waitUntil(lambda: browser.table.len() == 1, timeout=WAIT_MS)
    assert browser.current_search() == f"nid:{notes[1].id}"


def test_preview_shows_the_cards_of_the_note_and_closes_again(client, col, gui, qtbot):
    note = col.new_note(col.models.by_name("Basic (and reversed card)"))
    note["Front"], note["Back"] = "front", "back"
    col.add_note(note, 1)
    client.result("guiEditNote", note=note.id)
    window = edit_window()

    press(window, "preview")

    qtbot.waitUntil(lambda: window.previewer is not None, timeout=WAIT_MS)
    previewer = window.previewer
    assert previewer.isVisible()
    assert previewer.card().ord == 0
    previewer._on_next()  # the answer
    previewer._on_next()  # the next card
    assert previewer.card().ord == 1

    press(window, "preview")

    qtbot.waitUntil(lambda: window.previewer is None and closed(previewer), timeout=WAIT_MS)


def test_closing_the_window_closes_its_preview(client, col, gui, qtbot, notes):
    client.result("guiEditNote", note=notes[0].id)
    window = edit_window()
    press(window, "preview")
    qtbot.waitUntil(lambda: window.previewer is not None, timeout=WAIT_MS)
    previewer = window.previewer

    window.close()

    qtbot.waitUntil(lambda: edit_window() is None and closed(previewer), timeout=WAIT_MS)
