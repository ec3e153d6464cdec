"""The change feed sees what Anki's own windows change: the editor, the reviewer, the deck
browser, Edit > Undo (in Anki only)."""

from __future__ import annotations

import time

from changes_helpers import FeedReader, nothing
from gui_helpers import STUDY_DECK, add_basic_notes, dialog
from notes_helpers import note_object
from support import http_request

WAIT_MS = 10000


def test_a_note_edited_in_the_editor_is_listed(client, col, gui, qtbot):
    (note,) = add_basic_notes(col, ["before the editor"])
    client.result("guiEditNote", note=note.id)
    editor = dialog("foosoft.ankiconnect.Edit").editor
    reader = FeedReader(client, col)
    editor.onBridgeCmd(f"key:0:{note.id}:typed in the editor")  # what the page sends on input
    qtbot.waitUntil(lambda: col.get_note(note.id)["Front"] == "typed in the editor", timeout=WAIT_MS)
    assert reader.read() == nothing(notes={"changed": [note.id]})


def test_a_card_answered_in_the_reviewer_is_listed_and_counted(client, col, gui, qtbot):
    notes = add_basic_notes(col, ["first to review", "second to review"], deck_name=STUDY_DECK)
    assert client.result("guiDeckReview", name=STUDY_DECK) is True
    card = gui.reviewer.card
    reader = FeedReader(client, col)
    gui.reviewer._showAnswer()
    gui.reviewer._answerCard(3)
    qtbot.waitUntil(lambda: gui.reviewer.card is not None and gui.reviewer.card.id != card.id,
                    timeout=WAIT_MS)
    assert card.nid in {n.id for n in notes}
    assert reader.read() == nothing(cards={"changed": [card.id]},
                                    decks={"changed": [col.decks.id(STUDY_DECK)]}, reviews=1)


def test_a_deck_renamed_in_the_deck_browser_is_listed(client, col, gui, qtbot):
    from aqt.operations.deck import rename_deck

    did = col.decks.id("Before the rename")
    reader = FeedReader(client, col)
    rename_deck(parent=gui, deck_id=did, new_name="Renamed in Anki").run_in_background()  # as the deck list
    qtbot.waitUntil(lambda: col.decks.name(did) == "Renamed in Anki", timeout=WAIT_MS)
    assert reader.read() == nothing(decks={"changed": [did]})


def test_an_undo_in_anki_starts_over_the_cursors_that_saw_what_it_took_back(client, col, gui, qtbot):
    from aqt.operations.collection import undo

    before = FeedReader(client, col)
    note = client.result("addNote", note=note_object("undone"))
    after = FeedReader(client, col)  # saw the note
    undo(parent=gui)  # Edit > Undo
    qtbot.waitUntil(lambda: not col.find_notes(f"nid:{note}"), timeout=WAIT_MS)
    assert after.reply()["reset"] is True
    assert before.read() == nothing()  # the note came and went: nothing to tell


def test_a_change_in_anki_wakes_a_waiting_getChanges_within_100_ms(client, col, gui, qtbot, anki):
    from aqt.operations.deck import rename_deck

    did = col.decks.id("Waiting for Anki")
    reader = FeedReader(client, col)
    answered = []
    body = {"action": "getChanges", "version": 6, "params": {"since": reader.cursor, "wait": 30}}
    waiting = anki.waiter.submit(lambda: (http_request(anki.port, body).json(),
                                          answered.append(time.monotonic())))
    anki.waiter.wait_until(lambda: anki.runtime.api.service.waiting == 1)
    renamed = []
    rename_deck(parent=gui, deck_id=did, new_name="Woken").success(
        lambda _: renamed.append(time.monotonic())).run_in_background()
    anki.waiter.wait_until(waiting.done, timeout=10)
    reply, _ = waiting.result()
    assert reply["result"]["decks"]["changed"] == [did]
    assert answered[0] - renamed[0] < 0.1, f"{(answered[0] - renamed[0]) * 1000:.1f} ms"
