"""Card actions over real HTTP: ease, specific values, suspension, searches, ids."""

from __future__ import annotations

import pytest
from cards_helpers import add_cards, add_note, mark_undo_point
from doc_examples import check_example

UNKNOWN = 1234567891234


def set_factors(col, factors):
    for cid, factor in factors.items():
        card = col.get_card(cid)
        card.factor = factor
        col.update_card(card)


# getEaseFactors ----------------------------------------------------------------

def test_getEaseFactors_documented_example(client, col):
    a, b = add_cards(col, 2)
    set_factors(col, {a: 4100, b: 3900})
    check_example(client, "cards", "getEaseFactors", {1483959291685: a, 1483959293217: b})


def test_getEaseFactors_new_cards_have_0_and_unknown_ids_null(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("getEaseFactors", cards=[UNKNOWN, a]) == {"result": [None, 0], "error": None}


def test_getEaseFactors_version_4_reply_is_bare(client, col):
    (a,) = add_cards(col, 1)
    set_factors(col, {a: 2500})
    assert client.send({"action": "getEaseFactors", "version": 4, "params": {"cards": [a]}}) == [2500]


def test_card_ids_that_are_not_ids_are_refused(client, col):
    assert client.call("getEaseFactors", cards=[1.5]) == {
        "result": None, "error": "cards must hold card ids (integers), not 1.5"}
    assert client.call("getEaseFactors", cards="123") == {
        "result": None, "error": "cards must be an array of card ids, not \"123\""}
    assert client.call("cardsToNotes", cards=["1) or (1"]) == {
        "result": None, "error": "cards must hold card ids (integers), not \"1) or (1\""}


@pytest.mark.lenient_params  # digit strings: upstream's SQL took them; the schemas keep to integers
def test_card_ids_as_digit_strings_are_accepted(client, col):
    (a,) = add_cards(col, 1)
    set_factors(col, {a: 2700})
    assert client.result("getEaseFactors", cards=[str(a)]) == [2700]


# setEaseFactors ----------------------------------------------------------------

def test_setEaseFactors_documented_example_sets_the_factors(client, col):
    a, b = add_cards(col, 2)
    check_example(client, "cards", "setEaseFactors", {1483959291685: a, 1483959293217: b})
    assert (col.get_card(a).factor, col.get_card(b).factor) == (4100, 3900)


def test_setEaseFactors_is_one_undo_step(client, col):
    a, b = add_cards(col, 2)
    before = mark_undo_point(col)
    client.result("setEaseFactors", cards=[a, b], easeFactors=[3000, 3100])
    assert col.undo_status().undo == "Set Ease Factors"
    col.undo()
    assert (col.get_card(a).factor, col.get_card(b).factor) == (0, 0)
    assert col.undo_status().undo == before


def test_setEaseFactors_unknown_card_is_false_and_the_others_are_set(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("setEaseFactors", cards=[UNKNOWN, a], easeFactors=[2000, 2100]) == {
        "result": [False, True], "error": None}
    assert col.get_card(a).factor == 2100


def test_setEaseFactors_too_few_factors_is_an_error_and_changes_nothing(client, col):
    a, b = add_cards(col, 2)
    assert client.call("setEaseFactors", cards=[a, b], easeFactors=[3000]) == {
        "result": None, "error": "list index out of range"}
    assert col.get_card(a).factor == 0


def test_setEaseFactors_refuses_a_factor_that_is_not_a_number(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("setEaseFactors", cards=[a], easeFactors=["high"]) == {
        "result": None, "error": 'easeFactors must hold integers, not "high"'}


def test_setEaseFactors_refuses_a_wrong_factor_of_any_card_and_changes_nothing(client, col):
    # Upstream answered false for an unknown card whatever its factor, and
    # ignored factors beyond the last card.
    (a,) = add_cards(col, 1)
    wrong = {"result": None, "error": "easeFactors must hold integers, not null"}
    assert client.call("setEaseFactors", cards=[a, UNKNOWN], easeFactors=[2000, None]) == wrong
    assert client.call("setEaseFactors", cards=[a], easeFactors=[2000, None]) == wrong
    assert client.call("setEaseFactors", cards=[a], easeFactors={"0": 2000}) == {
        "result": None, "error": 'easeFactors must be an array of integers, not {"0": 2000}'}
    assert col.get_card(a).factor == 0


# setSpecificValueOfCard ------------------------------------------------------------

def test_setSpecificValueOfCard_documented_example(client, col):
    (a,) = add_cards(col, 1)
    check_example(client, "cards", "setSpecificValueOfCard", {1483959291685: a})
    card = col.get_card(a)
    assert (card.flags, card.factor) == (1, 2300)
    assert col.undo_status().undo == "Update Card"


def test_setSpecificValueOfCard_protected_key_needs_warning_check(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("setSpecificValueOfCard", card=a, keys=["reps"], newValues=[7]) == {
        "result": False, "error": None}
    assert col.get_card(a).reps == 0
    assert client.call("setSpecificValueOfCard", card=a, keys=["reps"], newValues=[7],
                       warning_check=True) == {"result": [True], "error": None}
    assert col.get_card(a).reps == 7


def test_setSpecificValueOfCard_keys_and_values_of_other_lengths_answer_false(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("setSpecificValueOfCard", card=a, keys=["flags", "factor"], newValues=[1]) == {
        "result": False, "error": None}


@pytest.mark.parametrize("params, error", [
    ({"card": [1]}, "card must be a card id (an integer), not [1]"),
    ({"card": {"id": 1}}, 'card must be a card id (an integer), not {"id": 1}'),
    ({"keys": "flags"}, 'keys must be an array of card attribute names, not "flags"'),
    ({"keys": [["flags"]]}, 'keys must hold card attribute names (strings), not ["flags"]'),
    ({"newValues": 1}, "newValues must be an array of values, not 1"),
])
def test_setSpecificValueOfCard_params_of_the_wrong_type_are_errors(client, col, params, error):
    # Upstream answered false (card, keys, newValues) or [[false, ...]] (card).
    (a,) = add_cards(col, 1)
    request = {"card": a, "keys": ["flags"], "newValues": [1], **params}
    assert client.call("setSpecificValueOfCard", **request) == {"result": None, "error": error}
    assert col.get_card(a).flags == 0


def test_setSpecificValueOfCard_unknown_card(client, col):
    assert client.call("setSpecificValueOfCard", card=UNKNOWN, keys=["flags"], newValues=[1]) == {
        "result": [[False, f"Card was not found: {UNKNOWN}"]], "error": None}


def test_setSpecificValueOfCard_bad_value_changes_nothing_and_leaves_no_undo_step(client, col):
    (a,) = add_cards(col, 1)
    before = mark_undo_point(col)
    reply = client.call("setSpecificValueOfCard", card=a, keys=["flags", "factor"], newValues=[2, "high"])
    assert reply["error"] is None and reply["result"][0][0] is False and len(reply["result"]) == 1
    assert (col.get_card(a).flags, col.undo_status().undo) == (0, before)


# suspend / unsuspend / suspended / areSuspended -------------------------------------

def test_suspend_documented_example(client, col):
    a, b = add_cards(col, 2)
    check_example(client, "cards", "suspend", {1483959291685: a, 1483959293217: b})
    assert [col.get_card(c).queue for c in (a, b)] == [-1, -1]


def test_suspend_is_one_undo_step(client, col):
    a, b = add_cards(col, 2)
    before = mark_undo_point(col)
    client.result("suspend", cards=[a, b])
    assert col.undo_status().undo == "Suspend"
    col.undo()
    assert [col.get_card(c).queue for c in (a, b)] == [0, 0]
    assert col.undo_status().undo == before


def test_suspend_answers_false_when_all_cards_already_are(client, col):
    # Upstream's loop skipped every second already-suspended card and answered true.
    a, b = add_cards(col, 2)
    col.sched.suspend_cards([a, b])
    assert client.call("suspend", cards=[a, b]) == {"result": False, "error": None}


def test_suspend_with_suspend_false_unsuspends(client, col):
    (a,) = add_cards(col, 1)
    col.sched.suspend_cards([a])
    assert client.call("suspend", cards=[a], suspend=False) == {"result": True, "error": None}
    assert col.get_card(a).queue == 0


def test_suspend_unknown_card_is_an_error_and_changes_nothing(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("suspend", cards=[a, UNKNOWN]) == {
        "result": None, "error": f"Card was not found: {UNKNOWN}"}
    assert col.get_card(a).queue == 0


def test_unsuspend_documented_example(client, col):
    a, b = add_cards(col, 2)
    col.sched.suspend_cards([a, b])
    check_example(client, "cards", "unsuspend", {1483959291685: a, 1483959293217: b})
    assert [col.get_card(c).queue for c in (a, b)] == [0, 0]
    assert col.undo_status().undo == "Unsuspend"


def test_unsuspend_answers_false_when_no_card_was_suspended(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("unsuspend", cards=[a]) == {"result": False, "error": None}
    assert client.send({"action": "unsuspend", "version": 2, "params": {"cards": [a]}}) is False


def test_unsuspend_unknown_card(client, col):
    assert client.call("unsuspend", cards=[UNKNOWN]) == {
        "result": None, "error": f"Card was not found: {UNKNOWN}"}


def test_suspended_documented_example(client, col):
    (b,) = add_cards(col, 1)
    col.sched.suspend_cards([b])
    check_example(client, "cards", "suspended", {1483959293217: b})


def test_suspended_of_an_active_card_and_an_unknown_card(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("suspended", card=a) == {"result": False, "error": None}
    assert client.call("suspended", card=UNKNOWN) == {
        "result": None, "error": f"Card was not found: {UNKNOWN}"}


def test_areSuspended_documented_example(client, col):
    a, b = add_cards(col, 2)
    col.sched.suspend_cards([b])
    check_example(client, "cards", "areSuspended", {1483959291685: a, 1483959293217: b})


# findCards / cardsToNotes / cardsModTime -------------------------------------------

def test_findCards_documented_example(client, col):
    cards = add_cards(col, 3, deck="Japanese")
    add_cards(col, 1, deck="Other")
    check_example(client, "cards", "findCards",
                  dict(zip([1494723142483, 1494703460437, 1494703479525], cards)))


def test_findCards_without_query_finds_nothing(client, col):
    add_cards(col, 1)
    assert client.call("findCards") == {"result": [], "error": None}
    assert client.call("findCards", query=None) == {"result": [], "error": None}


def test_findCards_empty_query_finds_every_card(client, col):
    cards = add_cards(col, 2)
    assert sorted(client.result("findCards", query="")) == sorted(cards)


def test_findCards_invalid_search_gives_ankis_message(client, col):
    with pytest.raises(Exception) as anki_error:
        col.find_cards("(")
    assert client.call("findCards", query="(") == {"result": None, "error": str(anki_error.value)}


def test_findCards_as_yomitan_sends_it(client, col):
    """Yomitan speaks version 2 and reads bare results."""
    (a,) = add_cards(col, 1, deck="Mining", prefix="読む")
    request = {"action": "findCards", "version": 2, "params": {"query": '"deck:Mining" "Front:読む 0"'}}
    assert client.send(request) == [a]


def test_cardsToNotes_documented_example(client, col):
    first = add_note(col, {"Front": "a", "Back": "b"}, model="Basic (and reversed card)")
    second = add_note(col, {"Front": "c", "Back": "d"})
    c1, c2 = first.card_ids()
    (c3,) = second.card_ids()
    check_example(client, "cards", "cardsToNotes", {
        1502098034045: c1, 1502098034048: c2, 1502298033753: c3,
        1502098029797: first.id, 1502298025183: second.id})


def test_cardsToNotes_leaves_out_unknown_ids(client, col):
    note = add_note(col, {"Front": "a"})
    assert client.call("cardsToNotes", cards=[UNKNOWN, note.card_ids()[0]]) == {
        "result": [note.id], "error": None}
    assert client.call("cardsToNotes", cards=[]) == {"result": [], "error": None}


def test_cardsModTime_documented_example(client, col):
    (a,) = add_cards(col, 1)
    check_example(client, "cards", "cardsModTime", {1498938915662: a, 1629454092: col.get_card(a).mod})


def test_a_single_card_id_that_is_not_an_id_is_refused(client, col):
    assert client.call("suspended", card="abc") == {
        "result": None, "error": "card must be a card id (an integer), not \"abc\""}
