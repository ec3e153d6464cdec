"""findNotes, notesInfo, notesModTime."""

from __future__ import annotations

import pytest
from doc_examples import check_example
from notes_helpers import add_note


def test_find_notes_doc_example(client, col):
    a, b = add_note(col, "a"), add_note(col, "b")
    add_note(col, "elsewhere", deck="Other")
    check_example(client, "notes", "findNotes", {1483959289817: a, 1483959291695: b})


def test_find_notes_without_query_finds_nothing(client, col):
    add_note(col, "a")
    assert client.result("findNotes") == []
    assert client.result("findNotes", query=None) == []


def test_find_notes_with_an_empty_query_finds_every_note(client, col):
    ids = sorted([add_note(col, "a"), add_note(col, "b", deck="Other")])
    assert sorted(client.result("findNotes", query="")) == ids


def test_find_notes_field_search(client, col):
    nid = add_note(col, "猫", "cat")
    add_note(col, "犬", "dog")
    assert client.result("findNotes", query='"front:猫"') == [nid]
    assert client.result("findNotes", query='"deck:Default" "Front:猫"') == [nid]
    assert client.result("findNotes", query='"deck:Other" "Front:猫"') == []


def test_find_notes_invalid_search(client, col):
    reply = client.call("findNotes", query="(")
    assert reply["result"] is None and reply["error"]


def test_notes_info_doc_example(client, col):
    nid = add_note(col, "front content", "back content", tags=("tag", "another_tag"))
    note = col.get_note(nid)
    check_example(client, "notes", "notesInfo", {
        1502298033753: nid, 1718377864: note.mod, 1502298033754: note.cards()[0].id})


def test_notes_info_unknown_id_gives_an_empty_object(client, col):
    nid = add_note(col, "a")
    result = client.result("notesInfo", notes=[1, nid])
    assert result[0] == {} and result[1]["noteId"] == nid


def test_notes_info_by_query_lists_cards_by_template(client, col):
    nid = add_note(col, "q", "a", model="Basic (and reversed card)", tags=("x",))
    note = col.get_note(nid)
    cards = sorted(note.cards(), key=lambda c: c.ord)
    assert client.result("notesInfo", query="tag:x") == [{
        "noteId": nid, "profile": "test", "tags": ["x"],
        "fields": {"Front": {"value": "q", "order": 0}, "Back": {"value": "a", "order": 1}},
        "modelName": "Basic (and reversed card)", "mod": note.mod, "cards": [c.id for c in cards],
    }]


def test_notes_info_query_wins_over_notes(client, col):
    a, b = add_note(col, "a", tags=("x",)), add_note(col, "b")
    assert [n["noteId"] for n in client.result("notesInfo", notes=[b], query="tag:x")] == [a]


def test_notes_info_keeps_order_and_repeats(client, col):
    a, b = add_note(col, "a"), add_note(col, "b")
    assert [n["noteId"] for n in client.result("notesInfo", notes=[b, a, b])] == [b, a, b]


def test_notes_info_needs_notes_or_query(client, col):
    assert client.call("notesInfo") == {"result": None, "error": 'Must provide either "notes" or a "query"'}


def test_notes_info_key_order(client, col):
    nid = add_note(col, "a")
    assert list(client.result("notesInfo", notes=[nid])[0]) == [
        "noteId", "profile", "tags", "fields", "modelName", "mod", "cards"]


def test_notes_mod_time_doc_example(client, col):
    nid = add_note(col, "a")
    check_example(client, "notes", "notesModTime", {1502298033753: nid, 1718377864: col.get_note(nid).mod})


def test_notes_mod_time_unknown_id(client, col):
    assert client.result("notesModTime", notes=[1]) == [{}]


@pytest.mark.parametrize("action", ["notesInfo", "notesModTime"])
def test_note_ids_must_be_ids(client, col, action):
    assert client.call(action, notes=[1.5]) == {
        "result": None, "error": "notes must be a list of ids, not 1.5"}


@pytest.mark.parametrize("query", [
    '"front:ねこ"', '"Front:ねこ"', '"deck:Default" "front:ねこ"', '"deck:Other" "front:ねこ"',
    '"front:猫"', '"front:123"', '"back:ねこ"', '"front:Cat"', '"front:cat"', '"deck:Nope" "front:ねこ"',
    '"front:が"', '"front:😀"',
])
def test_find_notes_field_searches_agree_with_anki(client, col, query):
    # the fast path for Yomitan's lookups must give exactly Anki's answer
    for front, back, deck in [("ねこ", "", "Default"), ("<b>ねこ</b>", "", "Default"), ("ねこ", "", "Other"),
                              ("ねこ ", "", "Default"), ("猫", "ねこ", "Default"), ("123", "", "Default"),
                              ("Cat", "", "Default"), ("か\u3099", "", "Default"), ("が", "", "Default"),
                              ("😀", "", "Default")]:
        add_note(col, front, back, deck=deck)
    add_note(col, "ねこ", model="Basic (and reversed card)")
    assert sorted(client.result("findNotes", query=query)) == sorted(col.find_notes(query))


def test_find_notes_field_search_of_a_later_field_in_one_note_type(client, col):
    model = col.models.copy(col.models.by_name("Basic"))
    col.models.reposition_field(model, model["flds"][1], 0)  # "Front" second in this type
    col.models.update_dict(model)
    a = add_note(col, "ねこ")
    b = add_note(col, "x", "ねこ", model=model["name"])
    assert sorted(client.result("findNotes", query='"front:ねこ"')) == sorted([a, b])


def test_note_ids_are_integers_or_ascii_digits_only(client):
    # "²" passes str.isdigit() but is no number; the reply says what is wrong, not Python's int().
    assert client.call("notesModTime", notes=["²"]) == {
        "result": None, "error": "notes must be a list of ids, not '²'"}
