"""renameDeck over real HTTP; each test also checks the decks in the collection."""

from __future__ import annotations

import pytest
from cards_helpers import add_cards, mark_undo_point
from doc_examples import check_example


def names(col):
    return [d.name for d in col.decks.all_names_and_ids()]


def ids(col):
    return {d.name: d.id for d in col.decks.all_names_and_ids()}


def test_renameDeck_documented_example_moves_the_subdecks_and_keeps_the_ids(client, col):
    (card,) = add_cards(col, 1, deck="Japanese::JLPT N5::Verbs")
    before = ids(col)
    check_example(client, "decks", "renameDeck")
    after = ids(col)
    assert names(col) == ["Default", "Japanese", "JLPT", "JLPT::N5", "JLPT::N5::Verbs"]
    assert (after["JLPT::N5"], after["JLPT::N5::Verbs"]) == (before["Japanese::JLPT N5"],
                                                             before["Japanese::JLPT N5::Verbs"])
    assert col.get_card(card).did == after["JLPT::N5::Verbs"]


def test_renameDeck_is_one_undo_step(client, col):
    col.decks.id("Japanese::JLPT N5::Verbs")
    before = names(col)
    client.result("renameDeck", deck="Japanese::JLPT N5", newName="JLPT::N5")
    assert col.undo_status().undo == "Rename Deck"
    col.undo()  # the subdeck and the new parent too
    assert names(col) == before


def test_renameDeck_finds_the_deck_in_any_case_and_may_change_its_case(client, col):
    did = col.decks.id("Japanese")
    assert client.call("renameDeck", deck="JAPANESE", newName="japanese") == {
        "result": "japanese", "error": None}
    assert col.decks.name(did) == "japanese"


def test_renameDeck_answers_the_name_as_anki_stored_it(client, col):
    col.decks.id("Japanese")
    did = col.decks.id("Inbox")
    assert client.call("renameDeck", deck="Inbox", newName=" japanese :: Inbox ") == {
        "result": "Japanese::Inbox", "error": None}
    assert col.decks.name(did) == "Japanese::Inbox"


def test_renameDeck_to_its_own_name_changes_nothing(client, col):
    col.decks.id("Japanese")
    before = mark_undo_point(col)
    assert client.call("renameDeck", deck="Japanese", newName="Japanese") == {
        "result": "Japanese", "error": None}
    assert col.undo_status().undo == before


def test_renameDeck_moves_a_subdeck_to_the_top(client, col):
    did = col.decks.id("Japanese::JLPT N5")
    client.result("renameDeck", deck="Japanese::JLPT N5", newName="JLPT N5")
    assert names(col) == ["Default", "Japanese", "JLPT N5"] and col.decks.id_for_name("JLPT N5") == did


def test_renameDeck_renames_a_filtered_deck(client, col):
    add_cards(col, 1, deck="Home")
    did = col.decks.new_filtered("Cram")
    client.result("renameDeck", deck="Cram", newName="Home::Cram")
    assert col.decks.name(did) == "Home::Cram" and col.decks.get(did)["dyn"]


def test_renameDeck_the_default_deck_keeps_its_id_and_frees_its_name(client, col):
    (card,) = add_cards(col, 1)
    assert client.call("renameDeck", deck="Default", newName="Inbox") == {"result": "Inbox", "error": None}
    assert col.decks.id_for_name("Inbox") == 1 and col.get_card(card).did == 1
    other = col.decks.id("Other")
    assert client.call("renameDeck", deck="Other", newName="Default") == {"result": "Default", "error": None}
    assert col.decks.id_for_name("Default") == other


@pytest.mark.parametrize("new_name, taken", [("Japanese", "Japanese"), ("default", "Default"),
                                             ("JAPANESE::verbs", "Japanese::Verbs")])
def test_renameDeck_onto_an_existing_deck_is_an_error(client, col, new_name, taken):
    col.decks.id("Japanese::Verbs")
    col.decks.id("Inbox")
    before_names, before = names(col), mark_undo_point(col)
    assert client.call("renameDeck", deck="Inbox", newName=new_name) == {
        "result": None, "error": f'a deck named "{taken}" already exists'}
    assert names(col) == before_names and col.undo_status().undo == before


@pytest.mark.parametrize("new_name, why", [
    ("", "it is empty"), ("   ", "it is empty"), ("A::::B", 'a part between "::" is empty'),
    ("A:: ::B", 'a part between "::" is empty'), ("::A", 'a part between "::" is empty'),
    ("A::", 'a part between "::" is empty'), ("A\x1fB", "it holds control characters"),
    ("A\nB", "it holds control characters"),
])
def test_renameDeck_to_a_name_anki_would_alter_is_an_error(client, col, new_name, why):
    col.decks.id("Inbox")
    reply = client.call("renameDeck", deck="Inbox", newName=new_name)
    assert reply["result"] is None and reply["error"].startswith("invalid deck name ")
    assert reply["error"].endswith(f": {why}")
    assert names(col) == ["Default", "Inbox"]


@pytest.mark.parametrize("new_name", ["Japanese::Japanese", "japanese::Verbs::More"])
def test_renameDeck_into_its_own_subdecks_is_an_error(client, col, new_name):
    col.decks.id("Japanese::Verbs")
    assert client.call("renameDeck", deck="Japanese", newName=new_name) == {
        "result": None, "error": f'deck "Japanese" cannot move into itself ("{new_name}")'}
    assert names(col) == ["Default", "Japanese", "Japanese::Verbs"]


def test_renameDeck_under_a_filtered_deck_is_an_error_and_keeps_the_undo_history(client, col):
    col.decks.new_filtered("Cram")
    col.decks.id("Inbox")
    before = mark_undo_point(col)  # Anki's own operation would empty the undo history
    assert client.call("renameDeck", deck="Inbox", newName="Cram::Inbox") == {
        "result": None, "error": 'deck "Cram" is a filtered deck, which cannot have subdecks'}
    assert names(col) == ["Cram", "Default", "Inbox"] and col.undo_status().undo == before


def test_renameDeck_of_a_deck_that_does_not_exist_is_an_error(client, col):
    assert client.call("renameDeck", deck="Nowhere", newName="Somewhere") == {
        "result": None, "error": "deck was not found: Nowhere"}
    assert names(col) == ["Default"]


@pytest.mark.lenient_params
@pytest.mark.parametrize("params, error", [
    ({"deck": 5, "newName": "X"}, "deck must be a deck name (a string), not 5"),
    ({"deck": "Default", "newName": ["X"]}, 'newName must be a deck name (a string), not ["X"]'),
    ({"deck": "Default", "newName": None}, "newName must be a deck name (a string), not null"),
])
def test_renameDeck_names_that_are_not_strings_are_errors(client, col, params, error):
    assert client.call("renameDeck", **params) == {"result": None, "error": error}
    assert names(col) == ["Default"]
