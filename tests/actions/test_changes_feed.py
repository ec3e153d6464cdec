"""getChanges over real HTTP: each kind of change, through the API and straight on the collection,
is listed in the next reply, and only there; cursors that cannot be answered exactly start over."""

from __future__ import annotations

import base64

from cards_helpers import add_cards, add_note
from changes_helpers import FeedReader, lists_of, nothing, quiet_second
from doc_examples import CHECKED, examples, substitute
from notes_helpers import note_object


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_since_null_answers_the_present_cursor_and_empty_lists(client, col):
    reply = client.result("getChanges")
    assert reply == {"cursor": reply["cursor"], "reset": False, "more": False, **nothing()}
    assert reply["cursor"].startswith("c1.")


def test_nothing_changed_answers_at_once_the_same_cursor_and_empty_lists(client, col):
    reader = FeedReader(client, col)
    first = reader.cursor
    assert client.result("getChanges", since=first) == {"cursor": first, "reset": False, "more": False,
                                                        **nothing()}


def test_a_note_added_through_the_api_is_listed_with_its_card_once(client, col):
    reader = FeedReader(client, col)
    note = client.result("addNote", note=note_object("feed"))
    (card,) = col.find_cards(f"nid:{note}")
    assert reader.read() == nothing(notes={"changed": [note]}, cards={"changed": [card]})
    assert reader.read() == nothing()


def test_an_edited_note_is_listed(client, col):
    note = add_note(col, {"Front": "before"})
    reader = FeedReader(client, col)
    client.result("updateNoteFields", note={"id": note.id, "fields": {"Front": "after"}})
    assert reader.read() == nothing(notes={"changed": [note.id]})


def test_a_tag_added_lists_the_note(client, col):
    note = add_note(col, {"Front": "tagged"})
    reader = FeedReader(client, col)
    client.result("addTags", notes=[note.id], tags="feed")
    assert reader.read() == nothing(notes={"changed": [note.id]})


def test_deleted_notes_are_listed_with_their_cards(client, col):
    note = add_note(col, {"Front": "gone"})
    (card,) = note.card_ids()
    reader = FeedReader(client, col)
    client.result("deleteNotes", notes=[note.id])
    assert reader.read() == nothing(notes={"deleted": [note.id]}, cards={"deleted": [card]})
    assert reader.read() == nothing()


def test_a_note_added_and_deleted_since_the_cursor_is_only_deleted(client, col):
    reader = FeedReader(client, col)
    note = client.result("addNote", note=note_object("brief"))
    (card,) = col.find_cards(f"nid:{note}")
    client.result("deleteNotes", notes=[note])
    assert reader.read() == nothing(notes={"deleted": [note]}, cards={"deleted": [card]})


def test_suspended_cards_are_listed(client, col):
    cards = add_cards(col, 2)
    reader = FeedReader(client, col)
    client.result("suspend", cards=cards)
    assert reader.read() == nothing(cards={"changed": cards})


def test_rescheduled_cards_are_listed(client, col):
    cards = add_cards(col, 2)
    reader = FeedReader(client, col)
    client.result("setDueDate", cards=[cards[1]], days="3")
    # Anki logs a rescheduling in the review log too (a "manual" entry)
    assert reader.read() == nothing(cards={"changed": [cards[1]]}, reviews=1)


def test_answered_cards_are_listed_and_their_reviews_counted(client, col):
    cards = add_cards(col, 2)
    reader = FeedReader(client, col)
    client.result("answerCards", answers=[{"cardId": cards[0], "ease": 3}, {"cardId": cards[1], "ease": 1}])
    # Answering also counts the day's studies in the deck
    assert reader.read() == nothing(cards={"changed": cards}, decks={"changed": [1]}, reviews=2)


def test_decks_created_renamed_and_deleted_are_listed(client, col):
    reader = FeedReader(client, col)
    created = client.result("createDeck", deck="Feed")
    assert reader.read() == nothing(decks={"changed": [created]})
    reader.start()
    client.result("renameDeck", deck="Feed", newName="Feed renamed")
    assert reader.read() == nothing(decks={"changed": [created]})
    reader.start()
    client.result("deleteDecks", decks=["Feed renamed"], cardsToo=True)
    assert reader.read() == nothing(decks={"deleted": [created]})


def test_a_deck_deleted_with_its_cards_lists_them_all(client, col):
    cards = add_cards(col, 2, deck="Doomed")
    notes = sorted(col.get_card(c).nid for c in cards)
    did = col.decks.id("Doomed")
    reader = FeedReader(client, col)
    client.result("deleteDecks", decks=["Doomed"], cardsToo=True)
    assert reader.read() == nothing(notes={"deleted": notes}, cards={"deleted": cards},
                                    decks={"deleted": [did]})


def test_note_types_created_changed_and_deleted_are_listed(client, col):
    reader = FeedReader(client, col)
    client.result("createModel", modelName="Feed", inOrderFields=["A", "B"],
                  cardTemplates=[{"Name": "One", "Front": "{{A}}", "Back": "{{B}}"}])
    model = col.models.id_for_name("Feed")
    assert reader.read() == nothing(models={"changed": [model]})
    reader.start()
    client.result("updateModelStyling", model={"name": "Feed", "css": ".card {}"})
    assert reader.read() == nothing(models={"changed": [model]})
    reader.start()
    col.models.remove(model)  # no action deletes a note type: as Anki's Manage Note Types does
    assert reader.read() == nothing(models={"deleted": [model]})


def test_media_files_stored_replaced_and_deleted_are_listed(client, col):
    reader = FeedReader(client, col)
    client.result("storeMediaFile", filename="feed.txt", data=b64(b"one"))
    client.result("storeMediaFile", filename="other.txt", data=b64(b"other"))
    assert reader.read() == nothing(media={"added": ["feed.txt", "other.txt"]})
    client.result("storeMediaFile", filename="feed.txt", data=b64(b"two, longer"))
    assert reader.read() == nothing(media={"added": ["feed.txt"]})
    client.result("deleteMediaFile", filename="other.txt")
    assert reader.read() == nothing(media={"deleted": ["other.txt"]})
    assert reader.read() == nothing()


def test_changes_made_straight_on_the_collection_are_listed_too(client, col):
    """Whoever changes the collection: here the test, as another add-on would."""
    reader = FeedReader(client, col)
    note = add_note(col, {"Front": "not through the API"})
    assert reader.read() == nothing(notes={"changed": [note.id]}, cards={"changed": note.card_ids()})


def test_a_long_list_comes_in_pages_of_limit_ids(client, col):
    reader = FeedReader(client, col)
    notes = sorted(client.result("addNotes", notes=[note_object(f"page {i}") for i in range(5)]))
    cards = sorted(col.find_cards("front:page*"))
    first = reader.reply(limit=2)
    assert (first["more"], lists_of(first)["notes"], lists_of(first)["cards"]) == (
        True, {"changed": notes[:2], "deleted": []}, {"changed": cards[:2], "deleted": []})
    second = reader.reply(limit=2)
    assert (second["more"], second["notes"]["changed"], second["cards"]["changed"]) == (
        True, notes[2:4], cards[2:4])
    third = reader.reply(limit=2)
    assert (third["more"], third["notes"]["changed"], third["cards"]["changed"]) == (
        False, notes[4:], cards[4:])
    assert reader.read() == nothing()


def test_deletions_come_in_pages_too(client, col):
    notes = sorted(n.id for n in [add_note(col, {"Front": f"doomed {i}"}) for i in range(3)])
    reader = FeedReader(client, col)
    client.result("deleteNotes", notes=notes)
    pages = [reader.reply(limit=2)]
    while pages[-1]["more"]:
        pages.append(reader.reply(limit=2))
    assert [page["notes"]["deleted"] for page in pages] == [notes[:2], notes[2:]]
    assert [len(page["cards"]["deleted"]) for page in pages] == [2, 1]


def test_a_change_made_between_pages_comes_after_them(client, col):
    reader = FeedReader(client, col)
    notes = sorted(client.result("addNotes", notes=[note_object(f"page {i}") for i in range(3)]))
    first = reader.reply(limit=2)
    assert first["more"] and first["notes"]["changed"] == notes[:2]
    late = client.result("addNote", note=note_object("late"))
    pages = [first]
    while pages[-1]["more"]:
        pages.append(reader.reply(limit=2))
    pages.append(reader.reply(limit=2))
    listed = [i for page in pages for i in page["notes"]["changed"]]
    assert set(listed) == {*notes, late}


def test_a_cursor_of_another_collection_starts_over(client, col):
    reply = client.result("getChanges", since="c1.00000000.0.0.1700000000000.1700000000.-1.0.-1")
    assert reply == {"cursor": reply["cursor"], "reset": True, "more": False, **nothing()}
    assert client.result("getChanges", since=reply["cursor"])["reset"] is False


def test_a_string_that_is_no_cursor_is_an_error(client, col):
    assert client.call("getChanges", since="yesterday") == {
        "result": None, "error": "since is not a cursor getChanges answered: 'yesterday'"}


def test_wait_and_limit_must_be_numbers_in_range(client, col):
    cursor = client.result("getChanges")["cursor"]
    assert client.call("getChanges", since=cursor, wait=61) == {
        "result": None, "error": "wait should be a number of seconds from 0 to 60, not 61"}
    assert client.call("getChanges", since=cursor, wait="5") == {
        "result": None, "error": "wait should be a number of seconds from 0 to 60, not a string"}
    assert client.call("getChanges", since=cursor, limit=0) == {
        "result": None, "error": "limit should be a whole number from 1 to 100,000, not 0"}
    assert client.call("getChanges", since=cursor, limit=2.5) == {
        "result": None, "error": "limit should be a whole number from 1 to 100,000, not 2.5"}


def test_getChanges_inside_multi_answers_at_once(client, col):
    reader = FeedReader(client, col)
    request = {"action": "getChanges", "version": 6, "params": {"since": reader.cursor, "wait": 30}}
    reply = client.result("multi", actions=[request])
    assert reply == [{"result": {"cursor": reader.cursor, "reset": False, "more": False, **nothing()},
                      "error": None}]


def test_getChanges_documented_example(client, col):
    example = examples("changes")["getChanges"]
    gone = add_note(col, {"Front": "to delete"})
    (gone_card,) = gone.card_ids()
    reader = FeedReader(client, col)
    col.remove_notes([gone.id])
    added = add_note(col, {"Front": "added"})
    documented = example.request["params"]["since"]
    mapping = {documented: reader.cursor, 1718000041000: added.id, 1718000041001: added.card_ids()[0],
               1502298033753: gone.id, 1502298033754: gone_card}
    expected = substitute(example.reply, mapping)
    actual = client.send(substitute(example.request, mapping))
    assert actual == {**expected, "result": {**expected["result"], "cursor": actual["result"]["cursor"]}}
    CHECKED.add(("changes", "getChanges"))


def test_the_starting_point_skips_what_came_before(client, col):
    add_note(col, {"Front": "before the start"})
    quiet_second(col)
    cursor = client.result("getChanges")["cursor"]
    assert client.result("getChanges", since=cursor) == {"cursor": cursor, "reset": False, "more": False,
                                                         **nothing()}


def test_notes_imported_with_old_modification_times_are_listed(client, col, tmp_path):
    """A package's notes and cards keep the times they had where they came from."""
    note = add_note(col, {"Front": "from a package"}, deck="Imported")
    (card,) = note.card_ids()
    col.db.execute("update notes set mod = mod - 86400 where id = ?", note.id)  # made yesterday
    col.db.execute("update cards set mod = mod - 86400 where id = ?", card)
    path = str(tmp_path / "Imported.apkg")
    assert client.call("exportPackage", deck="Imported", path=path) == {"result": True, "error": None}
    col.remove_notes([note.id])
    reader = FeedReader(client, col)
    assert client.call("importPackage", path=path) == {"result": True, "error": None}
    assert col.db.scalar("select mod from notes where id = ?", note.id) < reader_second(reader)
    changes = reader.read()
    assert (changes["notes"], changes["cards"]) == ({"changed": [note.id], "deleted": []},
                                                    {"changed": [card], "deleted": []})


def reader_second(reader):
    """The second of the reader's cursor (its sixth part)."""
    return int(reader.cursor.split(".")[5])
