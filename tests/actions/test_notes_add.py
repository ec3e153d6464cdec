"""addNote, addNotes and the canAddNote* family: note objects, duplicate rules, media."""

from __future__ import annotations

import base64
import hashlib

import pytest
from doc_examples import check_example
from models_helpers import add_vocabulary
from notes_helpers import (
    AnyId,
    add_note,
    file_server,
    note_fields,
    note_object,
    remembered_deck,
    undo_label,
)

DUPLICATE = "cannot create note because it is a duplicate"
EMPTY = "cannot create note because it is empty"


# addNote ---------------------------------------------------------------------------


def test_add_note_doc_example(client, col):
    reply = check_example(client, "notes", "addNote", {1496198395707: AnyId()})
    nid = reply["result"]
    assert note_fields(col, nid) == {"Front": "猫", "Back": "cat"}
    assert col.get_note(nid).tags == ["yomitan"]


def test_add_note_creates_the_note_in_the_deck_with_tags(client, col):
    col.decks.id("Japanese")
    nid = client.result("addNote", note=note_object("犬", "dog", deck="japanese", tags=["a", "b"]))
    note = col.get_note(nid)
    assert dict(note.items()) == {"Front": "犬", "Back": "dog"}
    assert note.tags == ["a", "b"]
    assert [col.decks.name(c.did) for c in note.cards()] == ["Japanese"]


def test_add_note_matches_field_names_in_any_case_and_ignores_unknown(client, col):
    nid = client.result("addNote", note={"deckName": "Default", "modelName": "basic",
                                         "fields": {"front": "a", "BACK": "b", "Extra": "x"}})
    assert note_fields(col, nid) == {"Front": "a", "Back": "b"}


def test_add_note_is_one_undo_step(client, col):
    client.result("addNote", note=note_object("undo me"))
    assert undo_label(col) == "Add Note"


@pytest.mark.parametrize("note, error", [
    (note_object("a", model="Nope"), "model was not found: Nope"),
    (note_object("a", deck="Nope"), "deck was not found: Nope"),
    ({"deckName": "Default", "fields": {}}, "'modelName'"),
    ({"modelName": "Basic", "fields": {}}, "'deckName'"),
    ({"deckName": "Default", "modelName": "Basic"}, "'fields'"),
    (note_object(""), EMPTY),
    (note_object("<br>&nbsp;"), EMPTY),
    (note_object("a", options={"allowDuplicate": "yes"}),
     'option parameter "allowDuplicate" must be boolean'),
    (note_object("a", options={"duplicateScopeOptions": {"checkChildren": 1}}),
     'option parameter "duplicateScopeOptions.checkChildren" must be boolean'),
    (note_object("a", options={"duplicateScopeOptions": {"checkAllModels": "no"}}),
     'option parameter "duplicateScopeOptions.checkAllModels" must be boolean'),
    ({"deckName": "Default", "modelName": "Cloze", "fields": {"Text": "no cloze"}},
     "cannot create note for unknown reason"),
])
def test_add_note_errors(client, col, note, error):
    assert client.call("addNote", note=note) == {"result": None, "error": error}
    assert col.note_count() == 0


def test_add_note_refuses_a_duplicate_first_field(client, col):
    add_note(col, "猫", "cat")
    assert client.call("addNote", note=note_object("猫", "another")) == {"result": None, "error": DUPLICATE}


def test_duplicates_are_compared_without_html(client, col):
    add_note(col, "<b>猫</b>")
    assert client.call("addNote", note=note_object("猫"))["error"] == DUPLICATE


def test_duplicates_are_per_note_type_by_default(client, col):
    add_note(col, "猫", model="Basic (and reversed card)")
    assert isinstance(client.result("addNote", note=note_object("猫")), int)


def test_allow_duplicate_adds_a_duplicate(client, col):
    add_note(col, "猫")
    nid = client.result("addNote", note=note_object("猫", options={"allowDuplicate": True}))
    assert nid in col.find_notes('"Front:猫"') and col.note_count() == 2


def test_allow_duplicate_still_refuses_an_empty_note(client, col):
    note = note_object(" ", options={"allowDuplicate": True})
    assert client.call("addNote", note=note)["error"] == EMPTY


def test_deck_scope_only_counts_notes_in_that_deck(client, col):
    add_note(col, "猫", deck="Other")
    deck_scoped = note_object("猫", options={"duplicateScope": "deck"})
    assert isinstance(client.result("addNote", note=deck_scoped), int)
    assert client.call("addNote", note=deck_scoped)["error"] == DUPLICATE


def test_deck_scope_with_another_deck_name(client, col):
    add_note(col, "猫", deck="Other")
    note = note_object("猫", options={"duplicateScope": "deck",
                                      "duplicateScopeOptions": {"deckName": "Other"}})
    assert client.call("addNote", note=note)["error"] == DUPLICATE


def test_deck_scope_with_a_missing_deck_finds_no_duplicate(client, col):
    add_note(col, "猫")
    note = note_object("猫", options={"duplicateScope": "deck",
                                      "duplicateScopeOptions": {"deckName": "No such deck"}})
    assert isinstance(client.result("addNote", note=note), int)


def test_deck_scope_check_children(client, col):
    add_note(col, "猫", deck="Parent::Child")
    col.decks.id("Parent")
    plain = note_object("猫", deck="Parent", options={"duplicateScope": "deck"})
    with_children = note_object("猫", deck="Parent", options={
        "duplicateScope": "deck", "duplicateScopeOptions": {"checkChildren": True}})
    assert client.result("canAddNotes", notes=[plain, with_children]) == [True, False]


def test_check_all_models_compares_every_note_type(client, col):
    add_note(col, "猫", model="Basic (and reversed card)")
    note = note_object("猫", options={"duplicateScopeOptions": {"checkAllModels": True}})
    assert client.call("addNote", note=note)["error"] == DUPLICATE


def test_deck_scope_keeps_upstreams_whitespace_rule(client, col):
    # upstream's regression test bug164: surrounding whitespace still counts as the same note
    add_note(col, " Whitespace\n")
    note = note_object(" Whitespace\n", options={"duplicateScope": "deck"})
    assert client.call("addNote", note=note)["error"] == DUPLICATE


@pytest.mark.parametrize("existing, new", [
    ("猫", "猫"), ("<b>猫</b>", "猫"), ("猫", "猫 "), ("猫&nbsp;", "猫"), ("Cat", "cat"),
    ('<img src="a.jpg">', '<img src="a.jpg">'), ('<img src="a.jpg">', '<img src="b.jpg">'),
    ("a<br>b", "a b"), ("&lt;b&gt;", "<b>"), ("", "&nbsp;"), ("x", "<div></div>"),
])
def test_default_duplicate_rule_agrees_with_ankis_fields_check(client, col, existing, new):
    if existing:
        add_note(col, existing)
    probe = col.new_note(col.models.by_name("Basic"))
    probe.fields[0] = new
    expected = {0: {"canAdd": True}, 1: {"canAdd": False, "error": EMPTY},
                2: {"canAdd": False, "error": DUPLICATE}}[int(probe.fields_check())]
    assert client.result("canAddNoteWithErrorDetail", note=note_object(new)) == expected


# addNotes --------------------------------------------------------------------------


def test_add_notes_doc_example(client, col):
    reply = check_example(client, "notes", "addNotes", {1496198395707: AnyId()})
    assert note_fields(col, reply["result"][0]) == {"Front": "犬", "Back": "dog"}
    assert col.note_count() == 1


@pytest.mark.lenient_params  # malformed notes on purpose: a null each, not an error for the request
def test_add_notes_returns_null_for_each_note_that_fails_and_adds_the_others(client, col):
    add_note(col, "exists")
    result = client.result("addNotes", notes=[
        note_object("one"), note_object("exists"), note_object("two", model="Nope"),
        note_object(""), {"bad": "object"}, "not an object", note_object("three"),
    ])
    assert [isinstance(r, int) for r in result] == [True, False, False, False, False, False, True]
    assert result[1:6] == [None] * 5
    assert sorted(col.get_note(nid)["Front"] for nid in (result[0], result[6])) == ["one", "three"]
    assert col.note_count() == 3


def test_add_notes_checks_against_notes_earlier_in_the_same_call(client, col):
    result = client.result("addNotes", notes=[note_object("猫"), note_object("<i>猫</i>"),
                                              note_object("猫", model="Basic (and reversed card)")])
    assert result[1] is None and isinstance(result[0], int) and isinstance(result[2], int)


def test_add_notes_within_call_deck_scope(client, col):
    col.decks.id("A")
    scoped = {"duplicateScope": "deck"}
    result = client.result("addNotes", notes=[
        note_object("猫", deck="A", options=scoped), note_object("猫", options=scoped),
        note_object("猫", deck="A", options=scoped)])
    assert [r is None for r in result] == [False, False, True]


def test_add_notes_is_one_undo_step(client, col):
    client.result("addNotes", notes=[note_object("a"), note_object("b")])
    assert undo_label(col) == "Add Notes"
    col.undo()
    assert col.note_count() == 0


def test_add_notes_that_all_fail_leave_no_undo_step(client, col):
    before = undo_label(col)
    assert client.result("addNotes", notes=[note_object("")]) == [None]
    assert undo_label(col) == before


def test_add_notes_needs_a_list(client, col):
    assert client.call("addNotes", notes={"a": 1}) == {
        "result": None, "error": "notes must be a list of note objects"}


def test_add_notes_of_an_empty_list(client, col):
    assert client.result("addNotes", notes=[]) == []


# The deck Anki remembers for a note type -----------------------------------------
# Anki's Add window proposes the deck last used with a note type (when "change deck
# depending on note type" is on), kept by Anki in its config, not in the note type.


def vocabulary_note(word: str, deck: str) -> dict:
    return {"deckName": deck, "modelName": "Vocabulary", "fields": {"Word": word, "Meaning": "m"}}


def test_add_note_makes_anki_remember_the_deck_for_the_note_type(client, col, deck_follows_note_type):
    add_vocabulary(col)
    spanish = col.decks.id("Spanish")
    assert remembered_deck(col, "Vocabulary") is None

    client.result("addNote", note=vocabulary_note("hola", "spanish"))

    assert remembered_deck(col, "Vocabulary") == spanish


def test_add_note_leaves_the_stored_note_type_as_it_was(client, col):
    add_vocabulary(col)
    col.decks.id("Spanish")
    [before] = client.result("findModelsByName", modelNames=["Vocabulary"])

    client.result("addNote", note=vocabulary_note("hola", "Spanish"))

    [after] = client.result("findModelsByName", modelNames=["Vocabulary"])
    assert after == before and after["did"] is None  # upstream's `did` change: see compatibility.md


def test_add_notes_remembers_the_last_deck_of_each_note_type(client, col, deck_follows_note_type):
    add_vocabulary(col)
    german, french = col.decks.id("German"), col.decks.id("French")
    col.decks.id("Spanish")
    col.decks.id("Japanese")

    result = client.result("addNotes", notes=[
        vocabulary_note("hola", "Spanish"), note_object("bonjour", deck="French"),
        vocabulary_note("hallo", "German"), note_object("bonjour", deck="Japanese")])

    assert result[3] is None  # a duplicate: refused, so its deck is not remembered
    assert (remembered_deck(col, "Vocabulary"), remembered_deck(col, "Basic")) == (german, french)


@pytest.mark.parametrize("action, params", [
    ("addNote", {"note": note_object("hola", deck="Spanish")}),
    ("addNotes", {"notes": [note_object("hola", deck="Spanish"), note_object("adios", deck="Spanish")]}),
])
def test_the_remembered_deck_is_undone_with_the_add(client, col, deck_follows_note_type, action, params):
    add_note(col, "bonjour", deck="French")
    col.decks.id("Spanish")
    before = undo_label(col)

    client.result(action, **params)
    assert remembered_deck(col, "Basic") == col.decks.id("Spanish")
    col.undo()  # one step takes back the notes and the remembered deck

    assert undo_label(col) == before
    assert remembered_deck(col, "Basic") == col.decks.id("French")
    assert col.note_count() == 1


# canAddNote* -----------------------------------------------------------------------


def test_can_add_note_doc_example(client, col):
    check_example(client, "notes", "canAddNote")


def test_can_add_notes_doc_example(client, col):
    check_example(client, "notes", "canAddNotes")


def test_can_add_note_with_error_detail_doc_example(client, col):
    add_note(col, "猫")
    check_example(client, "notes", "canAddNoteWithErrorDetail")


def test_can_add_notes_with_error_detail_doc_example(client, col):
    check_example(client, "notes", "canAddNotesWithErrorDetail")


@pytest.mark.lenient_params  # a note object without its required keys on purpose: false, as upstream
def test_can_add_note_is_false_for_any_error(client, col):
    assert client.result("canAddNote", note=note_object("a", model="Nope")) is False
    assert client.result("canAddNote", note={"fields": {}}) is False


@pytest.mark.parametrize("note, shown",
                         [("猫", '"猫"'), ([{"fields": {}}], '[{"fields": {}}]'), (None, "null")])
def test_can_add_note_of_something_that_is_not_a_note_object_is_an_error(client, col, note, shown):
    # Upstream answered false, as for a note that cannot be added.
    assert client.call("canAddNote", note=note) == {
        "result": None, "error": f"note must be a note object, not {shown}"}


def test_can_add_notes_checks_each_note_on_its_own(client, col):
    # nothing is added, so two equal notes can both be added
    assert client.result("canAddNotes", notes=[note_object("猫"), note_object("猫")]) == [True, True]


@pytest.mark.lenient_params  # a note object without its required keys on purpose: its error text
def test_can_add_notes_with_error_detail_gives_upstreams_texts(client, col):
    add_note(col, "dup")
    result = client.result("canAddNotesWithErrorDetail", notes=[
        note_object("dup"), note_object(""), note_object("x", model="Nope"), {"deckName": "Default"},
        note_object("fine")])
    assert result == [
        {"canAdd": False, "error": DUPLICATE},
        {"canAdd": False, "error": EMPTY},
        {"canAdd": False, "error": "model was not found: Nope"},
        {"canAdd": False, "error": "'modelName'"},
        {"canAdd": True},
    ]


def test_can_add_stores_no_media(client, col):
    note = note_object("a", audio={"filename": "a.mp3", "data": "AAAA", "fields": ["Back"]})
    assert client.result("canAddNote", note=note) is True
    assert client.result("getMediaFilesNames") == []


# Media objects in notes ------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_media_objects_are_stored_and_referenced(client, col):
    note = note_object("猫", audio=[{"filename": "neko.mp3", "data": _b64(b"mp3"), "fields": ["Back"]}],
                       picture={"filename": "neko.jpg", "data": _b64(b"jpg"), "fields": ["Back", "Nope"]})
    nid = client.result("addNote", note=note)
    assert note_fields(col, nid)["Back"] == '[sound:neko.mp3]<img src="neko.jpg">'
    assert client.result("retrieveMediaFile", filename="neko.jpg") == _b64(b"jpg")


def test_media_without_fields_is_only_stored(client, col):
    nid = client.result("addNote", note=note_object("a", video={"filename": "v.mp4", "data": _b64(b"v")}))
    assert note_fields(col, nid) == {"Front": "a", "Back": ""}
    assert client.result("getMediaFilesNames") == ["v.mp4"]


def test_media_skip_hash_skips_the_file(client, col):
    data = b"no audio available"
    note = note_object("a", audio={"filename": "stub.mp3", "data": _b64(data),
                                   "skipHash": hashlib.md5(data).hexdigest(), "fields": ["Back"]})
    nid = client.result("addNote", note=note)
    assert note_fields(col, nid)["Back"] == ""
    assert client.result("getMediaFilesNames") == []


def test_media_from_a_url(client, col):
    with file_server({"/cat.jpg": (200, b"jpeg bytes", 0)}) as base:
        note = note_object("a", picture=[
            {"url": f"{base}/cat.jpg", "filename": "cat.jpg", "fields": ["Back"]}])
        nid = client.result("addNote", note=note)
    assert note_fields(col, nid)["Back"] == '<img src="cat.jpg">'


def test_media_that_fails_puts_the_error_into_its_fields(client, col):
    with file_server({}) as base:
        note = note_object("a", audio={"url": f"{base}/missing.mp3", "filename": "m.mp3",
                                       "fields": ["Back"]})
        nid = client.result("addNote", note=note)
    assert note_fields(col, nid)["Back"] == f"{base}/missing.mp3 download failed with return code 404"


def test_media_that_fails_without_fields_fails_the_note(client, col):
    reply = client.call("addNote", note=note_object("a", audio={"filename": "m.mp3"}))
    assert reply == {"result": None, "error": 'You must provide a "data", "path", or "url" field.'}
    assert col.note_count() == 0


def test_media_existing_different_file_is_kept_and_the_new_one_renamed(client, col):
    client.result("storeMediaFile", filename="a.mp3", data=_b64(b"old"))
    nid = client.result("addNote", note=note_object("a", audio={"filename": "a.mp3", "data": _b64(b"new"),
                                                                "fields": ["Back"]}))
    back = note_fields(col, nid)["Back"]
    assert back.startswith("[sound:a-") and back != "[sound:a.mp3]"
    assert client.result("retrieveMediaFile", filename="a.mp3") == _b64(b"old")


def test_media_of_a_refused_note_is_not_stored(client, col):
    add_note(col, "dup")
    note = note_object("dup", audio={"filename": "x.mp3", "data": _b64(b"x"), "fields": ["Back"]})
    assert client.call("addNote", note=note)["error"] == DUPLICATE
    assert client.result("getMediaFilesNames") == []


def test_media_referenced_in_the_first_field_counts_for_the_empty_check(client, col):
    note = note_object("", audio={"filename": "x.mp3", "data": _b64(b"x"), "fields": ["Front"]})
    assert client.result("canAddNote", note=note) is True
    nid = client.result("addNote", note=note)
    assert note_fields(col, nid)["Front"] == "[sound:x.mp3]"


def test_can_add_note_with_error_detail_of_something_that_is_not_a_note_is_an_error(client):
    assert client.call("canAddNoteWithErrorDetail", note="x") == {
        "result": None, "error": 'note must be a note object, not "x"'}
