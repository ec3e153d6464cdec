"""Deck actions over real HTTP; each test also checks the decks in the collection."""

from __future__ import annotations

import pytest
from cards_helpers import IdNamed, add_cards, answer, mark_undo_point, pretend_synced, schema_prompt_declined
from doc_examples import check_example

UNKNOWN = 1234567891234


def new_group(col, name, deck=None):
    """An options group copied from the default one, used by deck if given."""
    config = col.decks.add_config(name, col.decks.get_config(1))
    if deck is not None:
        entry = col.decks.get(col.decks.id(deck))
        entry["conf"] = config["id"]
        col.decks.update_dict(entry)
    return col.decks.get_config(config["id"])


def deck_group(col, name):
    return col.decks.get(col.decks.id_for_name(name))["conf"]


# Names and ids -------------------------------------------------------------------

def test_deckNames_documented_example(client, col):
    col.decks.id("Japanese::JLPT N5")
    check_example(client, "decks", "deckNames")


def test_deckNames_includes_filtered_decks(client, col):
    col.decks.new_filtered("Cram")
    assert client.call("deckNames") == {"result": ["Cram", "Default"], "error": None}


def test_deckNames_as_yomitan_sends_it(client, col):
    col.decks.id("Mining")
    assert client.send({"action": "deckNames", "version": 2}) == ["Default", "Mining"]


def test_deckNamesAndIds_documented_example(client, col):
    child = col.decks.id("Japanese::JLPT N5")
    check_example(client, "decks", "deckNamesAndIds",
                  {1651445861960: col.decks.id_for_name("Japanese"), 1651445861967: child})


def test_deckNameFromId_documented_example(client, col):
    did = col.decks.id("Japanese::JLPT N5")
    check_example(client, "decks", "deckNameFromId", {1651445861967: did})


@pytest.mark.parametrize("deck_id", [UNKNOWN, 0])
def test_deckNameFromId_unknown_id_is_an_error(client, col, deck_id):
    # Upstream answered "Default" (Anki's fallback) instead of its own error.
    assert client.call("deckNameFromId", deckId=deck_id) == {
        "result": None, "error": f"deck was not found: {deck_id}"}


# getDecks --------------------------------------------------------------------------

def test_getDecks_documented_example(client, col):
    a, b = add_cards(col, 2, deck="Japanese::JLPT N3")
    (c,) = add_cards(col, 1)
    check_example(client, "decks", "getDecks", {1502298036657: a, 1502298033753: b, 1502032366472: c})


def test_getDecks_leaves_out_unknown_ids(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("getDecks", cards=[UNKNOWN, a]) == {"result": {"Default": [a]}, "error": None}


# createDeck ------------------------------------------------------------------------

def test_createDeck_documented_example_creates_the_deck_and_parent(client, col):
    check_example(client, "decks", "createDeck", {1519323742721: IdNamed(col, "Japanese::Tokyo")})
    assert col.decks.id_for_name("Japanese") is not None
    assert col.undo_status().undo == "Add Deck"


def test_createDeck_of_an_existing_deck_returns_its_id(client, col):
    did = col.decks.id("Japanese")
    before = mark_undo_point(col)
    assert client.call("createDeck", deck="japanese") == {"result": did, "error": None}
    assert col.undo_status().undo == before


def test_createDeck_refuses_a_name_that_is_not_a_string(client, col):
    assert client.call("createDeck", deck=5) == {
        "result": None, "error": "deck must be a deck name (a string), not 5"}


# changeDeck ------------------------------------------------------------------------

def test_changeDeck_documented_example_creates_the_deck(client, col):
    cards = add_cards(col, 3)
    check_example(client, "decks", "changeDeck",
                  dict(zip([1502098034045, 1502098034048, 1502298033753], cards)))
    target = col.decks.id_for_name("Japanese::JLPT N3")
    assert [col.get_card(c).did for c in cards] == [target] * 3
    assert col.undo_status().undo == "Change Deck"
    col.undo()  # one step: the move and the new deck
    assert col.decks.id_for_name("Japanese::JLPT N3") is None and col.get_card(cards[0]).did == 1


def test_changeDeck_into_an_existing_deck_keeps_the_undo_history(client, col):
    cards = add_cards(col, 2)
    target = col.decks.id("Japanese")
    before = mark_undo_point(col)
    assert client.call("changeDeck", cards=cards + [UNKNOWN], deck="Japanese") == {
        "result": None, "error": None}
    assert [col.get_card(c).did for c in cards] == [target, target]
    col.undo()
    assert col.undo_status().undo == before


def test_changeDeck_takes_cards_out_of_a_filtered_deck(client, col):
    (cid,) = add_cards(col, 1, deck="Home")
    answer(col, cid, 4)
    due = col.get_card(cid).due
    filtered = col.decks.new_filtered("Cram")
    deck = col.decks.get(filtered)
    deck["terms"] = [["deck:Home", 10, 0]]
    col.decks.save(deck)
    col.sched.rebuild_filtered_deck(filtered)
    assert col.get_card(cid).did == filtered
    client.result("changeDeck", cards=[cid], deck="Elsewhere")
    card = col.get_card(cid)
    assert (card.did, card.odid, card.due, card.queue) == (col.decks.id_for_name("Elsewhere"), 0, due, 2)


def test_changeDeck_into_a_filtered_deck_is_refused(client, col):
    (cid,) = add_cards(col, 1)
    filtered = col.decks.new_filtered("Cram")
    reply = client.call("changeDeck", cards=[cid], deck="Cram")
    assert reply["result"] is None and "filtered deck" in reply["error"]
    assert col.get_card(cid).did == 1 and filtered


# deleteDecks -----------------------------------------------------------------------

def test_deleteDecks_documented_example_deletes_decks_and_cards(client, col):
    n5 = add_cards(col, 2, deck="Japanese::JLPT N5")
    spanish = add_cards(col, 1, deck="Easy Spanish")
    kept = add_cards(col, 1, deck="Japanese")
    check_example(client, "decks", "deleteDecks")
    assert set(client.result("deckNames")) == {"Default", "Japanese"}
    assert col.db.list("select id from cards") == kept and n5 and spanish
    assert col.undo_status().undo == "Delete Deck"


def test_deleteDecks_matches_names_exactly(client, col):
    col.decks.id("Japanese")
    assert client.call("deleteDecks", decks=["japanese", "Nope"], cardsToo=True) == {
        "result": None, "error": None}
    assert col.decks.id_for_name("Japanese") is not None


def test_deleteDecks_refuses_what_is_not_a_name_and_deletes_nothing(client, col):
    # Upstream skipped such members and answered null, as if they named no deck.
    col.decks.id("Japanese")
    assert client.call("deleteDecks", decks=["Japanese", {"a": 1}], cardsToo=True) == {
        "result": None, "error": 'decks must hold deck names (strings), not {"a": 1}'}
    assert col.decks.id_for_name("Japanese") is not None


def test_deleteDecks_parent_and_child_together(client, col):
    col.decks.id("A::B")
    client.result("deleteDecks", decks=["A", "A::B"], cardsToo=True)
    assert client.result("deckNames") == ["Default"]


def test_deleteDecks_without_cardsToo_is_refused(client, col):
    col.decks.id("Japanese")
    error = "Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well"
    assert client.call("deleteDecks", decks=["Japanese"]) == {"result": None, "error": error}
    assert col.decks.id_for_name("Japanese") is not None


# Options groups ------------------------------------------------------------------

def test_getDeckConfig_documented_example(client, col):
    group = new_group(col, "Japanese", deck="Japanese")
    if "fsrsParams6" not in group:  # Anki 25.02 has no such key; the example shows 26.x
        group["fsrsParams6"] = []
        col.decks.update_config(group)
        group = col.decks.get_config(group["id"])
    check_example(client, "decks", "getDeckConfig", {1502972374573: group["id"], 1502970872: group["mod"]})


def test_getDeckConfig_of_the_default_deck_is_the_default_group(client, col):
    expected = col.decks.get_config(1)
    expected["dyn"] = False
    assert client.call("getDeckConfig", deck="Default") == {"result": expected, "error": None}


def test_getDeckConfig_of_a_filtered_deck_is_the_deck_itself(client, col):
    filtered = col.decks.new_filtered("Cram")
    assert client.call("getDeckConfig", deck="Cram") == {"result": col.decks.get(filtered), "error": None}


@pytest.mark.parametrize("deck", ["default", "Nope"])
def test_getDeckConfig_needs_an_exact_deck_name(client, col, deck):
    assert client.call("getDeckConfig", deck=deck) == {"result": False, "error": None}


@pytest.mark.parametrize("deck, shown",
                         [({"x": 1}, '{"x": 1}'), (["Default"], '["Default"]'), (None, "null")])
def test_getDeckConfig_of_a_deck_that_is_not_a_name_is_an_error(client, col, deck, shown):
    # Upstream answered false, which reads as "no such deck".
    assert client.call("getDeckConfig", deck=deck) == {
        "result": None, "error": f"deck must be a deck name (a string), not {shown}"}


def test_saveDeckConfig_documented_example(client, col):
    group = new_group(col, "Japanese")
    check_example(client, "decks", "saveDeckConfig", {1502972374573: group["id"]})
    saved = col.decks.get_config(group["id"])
    assert saved["new"]["perDay"] == 30 and saved["mod"] >= group["mod"]


def test_saveDeckConfig_unknown_group_is_false(client, col):
    config = col.decks.get_config(1)
    config["id"] = UNKNOWN
    assert client.call("saveDeckConfig", config=config) == {"result": False, "error": None}
    assert UNKNOWN not in [c["id"] for c in col.decks.all_config()]


def test_saveDeckConfig_without_id(client, col):
    assert client.call("saveDeckConfig", config={"name": "x"}) == {"result": None, "error": "'id'"}


@pytest.mark.lenient_params  # a group Anki refuses (a name that is no string) is answered false
def test_saveDeckConfig_refused_by_anki_is_false(client, col):
    group = new_group(col, "Japanese")
    group["name"] = 5
    assert client.call("saveDeckConfig", config=group) == {"result": False, "error": None}


def test_setDeckConfigId_documented_example(client, col):
    group = new_group(col, "Japanese")
    col.decks.id("Japanese::JLPT N5")
    before = mark_undo_point(col)
    check_example(client, "decks", "setDeckConfigId", {1502972374573: group["id"]})
    assert deck_group(col, "Japanese::JLPT N5") == group["id"]
    assert col.undo_status().undo == "Set Deck Config Id"
    col.undo()
    assert deck_group(col, "Japanese::JLPT N5") == 1 and col.undo_status().undo == before


@pytest.mark.parametrize("decks, config",
                         [(["Default", "Nope"], "group"), (["Default"], UNKNOWN), (["Cram"], "group")])
def test_setDeckConfigId_false_changes_nothing(client, col, decks, config):
    group = new_group(col, "Japanese")
    col.decks.new_filtered("Cram")
    config_id = group["id"] if config == "group" else config
    assert client.call("setDeckConfigId", decks=decks, configId=config_id) == {"result": False, "error": None}
    assert deck_group(col, "Default") == 1


def test_setDeckConfigId_refuses_what_is_not_a_name(client, col):
    group = new_group(col, "Japanese")
    assert client.call("setDeckConfigId", decks=["Default", 5], configId=group["id"]) == {
        "result": None, "error": "decks must hold deck names (strings), not 5"}
    assert deck_group(col, "Default") == 1


def test_setDeckConfigId_non_numeric_config_id(client, col):
    assert client.call("setDeckConfigId", decks=["Default"], configId="abc") == {
        "result": None, "error": "invalid literal for int() with base 10: 'abc'"}


def test_cloneDeckConfigId_documented_example(client, col):
    before = mark_undo_point(col)
    check_example(client, "decks", "cloneDeckConfigId",
                  {1502972374573: IdNamed(col, "Copy of Default", group=True)})
    copy = col.decks.get_config(IdNamed(col, "Copy of Default", group=True).current())
    original = col.decks.get_config(1)
    for key in ("id", "name", "mod", "usn"):
        del copy[key], original[key]
    assert copy == original
    assert deck_group(col, "Default") == 1  # no deck changed group
    col.undo()
    assert [c["id"] for c in col.decks.all_config()] == [1] and col.undo_status().undo == before


def test_cloneDeckConfigId_copies_the_given_group(client, col):
    group = new_group(col, "Japanese")
    group["new"]["perDay"] = 7
    col.decks.update_config(group)
    new_id = client.result("cloneDeckConfigId", name="Copy", cloneFrom=str(group["id"]))
    assert col.decks.get_config(new_id)["new"]["perDay"] == 7


def test_cloneDeckConfigId_refuses_a_group_id_that_is_not_an_id(client, col):
    assert client.call("cloneDeckConfigId", name="Copy", cloneFrom={"id": 1}) == {
        "result": None, "error": 'cloneFrom must be an options group id, not {"id": 1}'}


def test_cloneDeckConfigId_unknown_group_is_false(client, col):
    assert client.call("cloneDeckConfigId", name="Copy", cloneFrom=UNKNOWN) == {
        "result": False, "error": None}
    assert len(col.decks.all_config()) == 1


def test_removeDeckConfigId_documented_example(client, col):
    group = new_group(col, "Japanese", deck="Japanese")
    col.decks.id("Other")
    before = mark_undo_point(col)
    check_example(client, "decks", "removeDeckConfigId", {1502972374573: group["id"]})
    assert [c["id"] for c in col.decks.all_config()] == [1]
    assert deck_group(col, "Japanese") == 1
    col.undo()
    assert deck_group(col, "Japanese") == group["id"] and col.undo_status().undo == before


def test_removeDeckConfigId_of_an_unused_group_changes_no_deck(client, col):
    other = new_group(col, "Other", deck="Default")
    unused = new_group(col, "Unused")
    assert client.call("removeDeckConfigId", configId=unused["id"]) == {"result": True, "error": None}
    assert [c["id"] for c in col.decks.all_config()] == [1, other["id"]]
    assert deck_group(col, "Default") == other["id"]


def test_removeDeckConfigId_never_asks_the_user_and_leaves_a_full_sync_due(client, col):
    group = new_group(col, "Japanese", deck="Japanese")
    with pretend_synced(col), schema_prompt_declined() as asked:
        assert client.call("removeDeckConfigId", configId=group["id"]) == {"result": True, "error": None}
        assert asked == [] and col.schema_changed()
    assert deck_group(col, "Japanese") == 1


@pytest.mark.parametrize("config_id", [1, UNKNOWN])
def test_removeDeckConfigId_default_or_unknown_group_is_false(client, col, config_id):
    assert client.call("removeDeckConfigId", configId=config_id) == {"result": False, "error": None}
    assert [c["id"] for c in col.decks.all_config()] == [1]


# getDeckStats ----------------------------------------------------------------------

def test_getDeckStats_documented_example(client, col):
    spanish = add_cards(col, 3, deck="Easy Spanish")
    answer(col, spanish[0], 1)
    n5 = add_cards(col, 4, deck="Japanese::JLPT N5")
    col.sched.set_due_date([n5[0]], "0")
    add_cards(col, 1, deck="Japanese")
    check_example(client, "decks", "getDeckStats", {
        1651445861960: col.decks.id_for_name("Easy Spanish"),
        1651445861967: col.decks.id_for_name("Japanese::JLPT N5")})


def test_getDeckStats_does_not_create_decks(client, col):
    # Upstream created every deck it was asked about.
    assert client.call("getDeckStats", decks=["Nope", "Default"]) == {"result": {"1": {
        "deck_id": 1, "name": "Default",
        "new_count": 0, "learn_count": 0, "review_count": 0, "total_in_deck": 0}},
        "error": None}
    assert col.decks.id_for_name("Nope") is None


def test_getDeckStats_refuses_what_is_not_a_name(client, col):
    assert client.call("getDeckStats", decks=["Default", None]) == {
        "result": None, "error": "decks must hold deck names (strings), not null"}


def test_getDeckStats_names_ignore_case_and_come_in_deck_list_order(client, col):
    add_cards(col, 1, deck="B")
    add_cards(col, 2, deck="A::C")
    reply = client.result("getDeckStats", decks=["b", "a::c", "A"])
    assert [entry["name"] for entry in reply.values()] == ["A", "C", "B"]
    assert [entry["total_in_deck"] for entry in reply.values()] == [0, 2, 1]


def test_createDeck_and_changeDeck_inside_multi_as_obsidian_to_anki_sends_them(client, col):
    """Obsidian_to_Anki batches its deck work in one version 6 multi."""
    cards = add_cards(col, 2)
    reply = client.send({"action": "multi", "version": 6, "params": {"actions": [
        {"action": "createDeck", "version": 6, "params": {"deck": "Obsidian::Notes"}},
        {"action": "changeDeck", "version": 6, "params": {"cards": cards, "deck": "Obsidian::Notes"}},
        {"action": "getDecks", "version": 6, "params": {"cards": cards}},
    ]}})
    did = col.decks.id_for_name("Obsidian::Notes")
    assert reply == {"result": [{"result": did, "error": None}, {"result": None, "error": None},
                                {"result": {"Obsidian::Notes": cards}, "error": None}], "error": None}
    assert col.undo_status().undo == "Change Deck"


@pytest.mark.lenient_params  # true and 1.5 are not ids: the schema refuses them too
@pytest.mark.parametrize("deck_id, shown", [(True, "true"), (1.5, "1.5"), ("²", '"²"')])
def test_deckNameFromId_of_something_that_is_not_an_id_is_an_error(client, deck_id, shown):
    assert client.call("deckNameFromId", deckId=deck_id) == {
        "result": None, "error": f"deckId must be a deck id (an integer), not {shown}"}
