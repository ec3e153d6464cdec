"""Lean reads: cardsInfo and notesInfo with ``keys`` answer only those keys, computing only what they need."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from cards_helpers import add_cards, add_model, add_note, answer
from doc_examples import check_variant_example

UNKNOWN = 1234567891234
CARD_KEYS = ["cardId", "fields", "fieldOrder", "question", "answer", "modelName", "ord", "deckName", "css",
             "factor", "interval", "note", "type", "queue", "due", "reps", "lapses", "left", "mod",
             "nextReviews", "flags"]
NOTE_KEYS = ["noteId", "profile", "tags", "fields", "modelName", "mod", "cards"]


@contextmanager
def counting_renders():
    """Counts the cards Anki renders while the block runs (through a render hook,
    as another add-on's would be: cardsInfo then renders every card in Python)."""
    from anki import hooks

    rendered = []

    def count(output, ctx):
        rendered.append(ctx.card().id)

    hooks.card_did_render.append(count)
    try:
        yield rendered
    finally:
        hooks.card_did_render.remove(count)


def various_cards(col):
    """Cards of several note types and decks, new, learning, review, suspended and flagged."""
    cards = list(add_note(col, {"Front": "x [sound:a.mp3] <b>é</b>", "Back": "y"},
                          model="Basic (and reversed card)", deck="Lang::Japanese").card_ids())
    cards += add_note(col, {"Text": "{{c1::one}} and {{c2::two}}"}, model="Cloze").card_ids()
    add_model(col, "Filters", "{{hint:Front}}", "{{FrontSide}}{{kana:Back}}")
    cards += add_note(col, {"Front": "日本[にほん]", "Back": "語[ご]"}, model="Filters").card_ids()
    more = add_cards(col, 3, deck="Lang")
    answer(col, more[0], 1)
    answer(col, more[1], 4)
    col.sched.suspend_cards([more[2]])
    return cards + more


# cardsInfo -------------------------------------------------------------------------


def test_cardsInfo_keys_documented_example(client, col):
    (cid,) = add_cards(col, 1)
    card = col.get_card(cid)
    check_variant_example(client, "cards", "cardsInfo", "keys", {1498938915662: cid, 17: card.due})


@pytest.mark.parametrize("key", CARD_KEYS)
def test_cardsInfo_each_key_alone_is_that_key_of_the_full_reply(client, col, key):
    cards = various_cards(col) + [UNKNOWN]
    full = client.result("cardsInfo", cards=cards)
    assert client.result("cardsInfo", cards=cards, keys=[key]) == [
        {key: info[key]} if info else {} for info in full]


@pytest.mark.parametrize("keys", [["due"], ["cardId", "due", "interval"], ["due", "nextReviews"]])
def test_cardsInfo_keys_read_a_due_out_of_range_as_the_full_reply_does(client, col, keys):
    (cid,) = add_cards(col, 1)
    col.db.execute("update cards set due = ? where id = ?", 2**40, cid)
    (full,) = client.result("cardsInfo", cards=[cid])
    assert full["due"] == 0  # what Anki reads
    assert client.result("cardsInfo", cards=[cid], keys=keys) == [{key: full[key] for key in keys}]


def test_cardsInfo_keys_come_in_the_replys_own_order_once_each(client, col):
    (cid,) = add_cards(col, 1)
    (info,) = client.result("cardsInfo", cards=[cid], keys=["flags", "due", "cardId", "due", "question"])
    assert list(info) == ["cardId", "question", "due", "flags"]


def test_cardsInfo_all_keys_give_the_full_reply(client, col):
    cards = various_cards(col)
    assert client.result("cardsInfo", cards=cards, keys=list(reversed(CARD_KEYS))) == client.result(
        "cardsInfo", cards=cards)


def test_cardsInfo_without_question_answer_and_css_renders_no_card(client, col):
    cards = add_cards(col, 3)
    with counting_renders() as rendered:
        lean = [key for key in CARD_KEYS if key not in ("question", "answer", "css")]
        client.result("cardsInfo", cards=cards, keys=lean)
        assert rendered == []
        client.result("cardsInfo", cards=cards, keys=["answer"])
        assert rendered == cards  # once each, the answer side rendered with its question
        rendered.clear()
        client.result("cardsInfo", cards=cards)
        assert rendered == cards


def test_cardsInfo_unknown_key_is_an_error_listing_the_keys(client, col):
    (cid,) = add_cards(col, 1)
    assert client.call("cardsInfo", cards=[cid], keys=["cardId", "deck", "Due"]) == {
        "result": None,
        "error": "unknown keys: deck, Due (the keys are: " + ", ".join(CARD_KEYS) + ")"}


@pytest.mark.lenient_params  # the schema refuses these too
@pytest.mark.parametrize("keys, error", [
    ([], "keys must name at least one of: " + ", ".join(CARD_KEYS)),
    ("cardId", 'keys must be an array of key names, not "cardId"'),
    (["cardId", 5], "keys must hold key names (strings), not 5"),
])
def test_cardsInfo_keys_that_are_not_a_list_of_names_are_errors(client, col, keys, error):
    (cid,) = add_cards(col, 1)
    assert client.call("cardsInfo", cards=[cid], keys=keys) == {"result": None, "error": error}


# notesInfo -------------------------------------------------------------------------


def note_with_two_cards(col):
    return add_note(col, {"Front": "q", "Back": "a"}, model="Basic (and reversed card)", tags=["x", "y"])


def test_notesInfo_keys_documented_example(client, col):
    note = add_note(col, {"Front": "front content", "Back": "back content"}, tags=["tag", "another_tag"])
    note = col.get_note(note.id)
    check_variant_example(client, "notes", "notesInfo", "keys",
                          {1502298033753: note.id, 1718377864: note.mod})


@pytest.mark.parametrize("key", NOTE_KEYS)
def test_notesInfo_each_key_alone_is_that_key_of_the_full_reply(client, col, key):
    notes = [note_with_two_cards(col).id, add_note(col, {"Text": "{{c1::a}}"}, model="Cloze").id, UNKNOWN]
    full = client.result("notesInfo", notes=notes)
    assert client.result("notesInfo", notes=notes, keys=[key]) == [
        {key: info[key]} if info else {} for info in full]


def test_notesInfo_keys_with_a_query(client, col):
    note = note_with_two_cards(col)
    assert client.result("notesInfo", query="tag:x", keys=["cards", "noteId"]) == [
        {"noteId": note.id, "cards": sorted(note.card_ids(), key=lambda c: col.get_card(c).ord)}]


def test_notesInfo_unknown_key_is_an_error_listing_the_keys(client, col):
    note = note_with_two_cards(col)
    assert client.call("notesInfo", notes=[note.id], keys=["noteId", "cardId"]) == {
        "result": None, "error": "unknown keys: cardId (the keys are: " + ", ".join(NOTE_KEYS) + ")"}
