"""Scheduling card actions over real HTTP; each test also checks the cards in the collection."""

from __future__ import annotations

import pytest
from cards_helpers import add_cards, answer, mark_undo_point
from doc_examples import check_example
from support import wait_for_refresh

UNKNOWN = 1234567891234


def review_card(col, cid, *, due_in_days=0, ivl=3):
    """Turn a card into a review card without any review history."""
    card = col.get_card(cid)
    card.type, card.queue, card.ivl, card.due, card.factor = 2, 2, ivl, col.sched.today + due_in_days, 2500
    col.update_card(card)


def revlog(col, cid):
    return col.db.all("select ease, ivl, type from revlog where cid = ? order by id", cid)


def state(col, cid):
    card = col.get_card(cid)
    return card.type, card.queue


# areDue ------------------------------------------------------------------------

def test_areDue_documented_example(client, col):
    a, b = add_cards(col, 2)
    col.sched.set_due_date([a], "5")
    col.sched.set_due_date([b], "0")
    check_example(client, "cards", "areDue", {1483959291685: a, 1483959293217: b})


def test_areDue_new_cards_are_due(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("areDue", cards=[a]) == {"result": [True], "error": None}


def test_areDue_short_learning_step_follows_ankis_due_search(client, col):
    a, b = add_cards(col, 2)
    answer(col, a, 1)  # Again: the 1 minute step
    expected = [bool(col.find_cards(f"cid:{a} is:due")), True]
    assert client.call("areDue", cards=[a, b]) == {"result": expected, "error": None}


def test_areDue_long_learning_step_is_due_once_it_has_passed(client, col):
    a, b = add_cards(col, 2, deck="Long steps")
    config = col.decks.add_config("Long steps", col.decks.get_config(1))
    config["new"]["delays"] = [1.0, 60.0]
    col.decks.update_config(config)
    deck = col.decks.by_name("Long steps")
    deck["conf"] = config["id"]
    col.decks.update_dict(deck)
    answer(col, a, 3)  # Good: on to the 60 minute step
    answer(col, b, 3)
    assert revlog(col, a)[-1][1] == -3600
    col.db.execute("update revlog set id = id - 2 * 3600 * 1000 where cid = ?", b)  # answered 2 hours ago
    assert client.call("areDue", cards=[a, b]) == {"result": [False, True], "error": None}


def test_areDue_only_the_last_review_decides(client, col):
    """A long learning step earlier in a card's history decides nothing; the last one does."""
    a, b = add_cards(col, 2)
    review_card(col, a, due_in_days=3)
    review_card(col, b, due_in_days=0)
    hour_ms = 3600 * 1000
    now_ms = col.db.scalar("select cast(strftime('%s', 'now') as integer)") * 1000
    reviews = [(now_ms - 3 * hour_ms, a, -3600), (now_ms - hour_ms, a, 3),  # step passed, then reviewed
               (now_ms - 3 * hour_ms + 1, b, 3), (now_ms - 60_000, b, -3600)]  # in a one-hour step now
    col.db.executemany("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                       " values (?, ?, -1, 3, ?, 0, 2500, 1000, 1)", reviews)
    assert client.call("areDue", cards=[a, b]) == {"result": [False, False], "error": None}


def test_areDue_card_without_review_history(client, col):
    a, b = add_cards(col, 2)
    review_card(col, a, due_in_days=0)
    review_card(col, b, due_in_days=2)
    assert client.call("areDue", cards=[a, b]) == {"result": [True, False], "error": None}


def test_areDue_unknown_card(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("areDue", cards=[a, UNKNOWN]) == {
        "result": None, "error": f"Card was not found: {UNKNOWN}"}


# getIntervals --------------------------------------------------------------------

def test_getIntervals_documented_example(client, col):
    a, b = add_cards(col, 2)
    for ease in (1, 3, 3):  # Again (1 min), Good (10 min), Good (graduates: 1 day)
        answer(col, a, ease)
    check_example(client, "cards", "getIntervals", {1502298033753: a, 1502298036657: b})


def test_getIntervals_last_interval(client, col):
    a, b = add_cards(col, 2)
    for ease in (1, 3, 3):
        answer(col, a, ease)
    assert client.call("getIntervals", cards=[a, b]) == {"result": [1, 0], "error": None}


def test_getIntervals_card_without_history_gives_its_interval(client, col):
    (a,) = add_cards(col, 1)
    review_card(col, a, ivl=12)
    assert client.call("getIntervals", cards=[a]) == {"result": [12], "error": None}
    assert client.call("getIntervals", cards=[a], complete=True) == {"result": [[]], "error": None}


def test_getIntervals_unknown_card(client, col):
    assert client.call("getIntervals", cards=[UNKNOWN]) == {
        "result": None, "error": f"Card was not found: {UNKNOWN}"}
    assert client.call("getIntervals", cards=[UNKNOWN], complete=True) == {"result": [[]], "error": None}


# forgetCards ---------------------------------------------------------------------

def test_forgetCards_documented_example_makes_cards_new(client, col):
    a, b = add_cards(col, 2)
    position = col.get_card(a).due
    answer(col, a, 4)
    answer(col, b, 3)
    check_example(client, "cards", "forgetCards", {1498938915662: a, 1502098034048: b})
    card = col.get_card(a)
    assert (card.type, card.queue, card.due, card.ivl, card.reps) == (0, 0, position, 0, 1)
    assert state(col, b) == (0, 0)
    assert len(revlog(col, a)) == 2  # the answer and Anki's reset entry
    assert col.undo_status().undo == "Forget Cards"


def test_forgetCards_ignores_unknown_ids(client, col):
    assert client.call("forgetCards", cards=[UNKNOWN]) == {"result": None, "error": None}


# relearnCards ---------------------------------------------------------------------

def test_relearnCards_documented_example(client, col):
    a, b = add_cards(col, 2)
    answer(col, a, 4)
    answer(col, b, 4)
    before = mark_undo_point(col)
    check_example(client, "cards", "relearnCards", {1498938915662: a, 1502098034048: b})
    assert [state(col, c) for c in (a, b)] == [(3, 1), (3, 1)]
    assert col.undo_status().undo == "Relearn Cards"
    col.undo()  # earlier history survives: upstream's raw SQL wiped it
    assert [state(col, c) for c in (a, b)] == [(2, 2), (2, 2)]
    assert col.undo_status().undo == before


def test_relearnCards_marks_the_cards_modified(client, col):
    (a,) = add_cards(col, 1)
    answer(col, a, 4)
    col.db.execute("update cards set mod = 1, usn = 5 where id = ?", a)
    client.result("relearnCards", cards=[a, UNKNOWN])
    card = col.get_card(a)
    assert card.mod > 1 and card.usn == -1  # so it syncs


# answerCards ----------------------------------------------------------------------

def test_answerCards_documented_example(client, col):
    a, b = add_cards(col, 2)
    check_example(client, "cards", "answerCards", {1498938915662: a, 1502098034048: b})
    assert state(col, a) == (1, 1)  # Hard: learning
    assert state(col, b) == (2, 2)  # Easy: review
    assert [row[0] for row in revlog(col, a) + revlog(col, b)] == [2, 4]


def test_answerCards_is_one_undo_step(client, col):
    a, b = add_cards(col, 2)
    client.result("answerCards", answers=[{"cardId": a, "ease": 3}, {"cardId": b, "ease": 3}])
    assert col.undo_status().undo == "Answer Cards"
    col.undo()
    assert [state(col, c) for c in (a, b)] == [(0, 0), (0, 0)]


def test_answerCards_unknown_card_is_false(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("answerCards", answers=[{"cardId": UNKNOWN, "ease": 3}, {"cardId": a, "ease": 3}]) == {
        "result": [False, True], "error": None}
    assert len(revlog(col, a)) == 1


@pytest.mark.parametrize("answers, error", [
    ([{"cardId": "A", "ease": 3}, {"cardId": "B", "ease": 5}], "invalid ease"),
    ([{"cardId": "A", "ease": 3}, {"cardId": "B"}], "'ease'"),
    ([{"cardId": "A", "ease": 3}, {"ease": 3}], "'cardId'"),
])
def test_answerCards_bad_answer_answers_no_card(client, col, answers, error):
    a, b = add_cards(col, 2)
    ids = {"A": a, "B": b}
    answers = [{k: ids.get(v, v) for k, v in item.items()} for item in answers]
    assert client.call("answerCards", answers=answers) == {"result": None, "error": error}
    assert revlog(col, a) == [] and state(col, a) == (0, 0)


# setDueDate -----------------------------------------------------------------------

def test_setDueDate_documented_example(client, col):
    a, b = add_cards(col, 2)
    check_example(client, "cards", "setDueDate", {1498938915662: a, 1502098034048: b})
    today = col.sched.today
    for cid in (a, b):
        card = col.get_card(cid)
        assert (card.type, card.queue) == (2, 2) and today + 3 <= card.due <= today + 7
    assert col.undo_status().undo == "Set Due Date"


def test_setDueDate_bang_sets_the_interval(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("setDueDate", cards=[a], days="2!") == {"result": True, "error": None}
    card = col.get_card(a)
    assert (card.due, card.ivl) == (col.sched.today + 2, 2)


def test_setDueDate_accepts_a_number(client, col):
    (a,) = add_cards(col, 1)
    assert client.call("setDueDate", cards=[a], days=0) == {"result": True, "error": None}
    assert col.get_card(a).due == col.sched.today


@pytest.mark.parametrize("days", ["abc", "", "-1"])
def test_setDueDate_bad_days_is_an_error_and_leaves_no_undo_step(client, col, days):
    (a,) = add_cards(col, 1)
    before = mark_undo_point(col)
    assert client.call("setDueDate", cards=[a], days=days) == {
        "result": None, "error": f"invalid days value: {days!r} (use e.g. \"0\", \"1!\" or \"3-7\")"}
    assert state(col, a) == (0, 0) and col.undo_status().undo == before


def test_answerCards_refreshes_anki_once_per_request(anki, client, col):
    from aqt import gui_hooks

    cards = add_cards(col, 3)
    refreshes = []

    def count(changes, handler):
        refreshes.append(changes)

    gui_hooks.operation_did_execute.append(count)
    try:
        client.result("answerCards", answers=[{"cardId": cid, "ease": 3} for cid in cards])
        wait_for_refresh(anki.mw)
    finally:
        gui_hooks.operation_did_execute.remove(count)
    assert len(refreshes) == 1 and refreshes[0].study_queues


def test_card_actions_inside_multi_as_version_4_sub_requests(client, col):
    (a,) = add_cards(col, 1, deck="Mining")
    reply = client.call("multi", actions=[
        {"action": "findCards", "params": {"query": "deck:Mining"}},
        {"action": "suspend", "version": 6, "params": {"cards": [a]}},
        {"action": "areSuspended", "params": {"cards": [a]}},
        {"action": "getIntervals", "params": {"cards": [a]}},
    ])
    assert reply == {"result": [[a], {"result": True, "error": None}, [True], [0]], "error": None}


def test_missing_parameter_is_answered_in_pythons_words(client, col):
    assert client.call("answerCards") == {
        "result": None, "error": "answerCards() missing 1 required positional argument: 'answers'"}
