"""getCardMemoryState: FSRS's memory state of cards, and their retrievability now."""

from __future__ import annotations

import time

import pytest
from cards_helpers import add_cards, answer
from doc_examples import check_example
from fsrs_helpers import fsrs_switched

UNKNOWN = 1234567891234


@pytest.fixture
def fsrs(col):
    with fsrs_switched(col):
        yield


def give_memory_state(col, cid, stability, difficulty, days_ago):
    """A review card last reviewed days_ago days ago (to the second), with this memory state."""
    from anki.cards import FSRSMemoryState

    reviewed_at = int(time.time()) - days_ago * 86400
    card = col.get_card(cid)
    card.type, card.queue, card.ivl, card.due = 2, 2, days_ago, col.sched.today
    card.memory_state = FSRSMemoryState(stability=stability, difficulty=difficulty)
    if hasattr(card, "last_review_time"):  # Anki 25.07 and later count from it; older, from due - ivl
        card.last_review_time = reviewed_at
    col.update_card(card)
    # Anki 25.02's card info counts from the last review in the review log.
    col.db.execute("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                   " values (?, ?, -1, 3, ?, 0, 2500, 1000, 1)", reviewed_at * 1000, cid, days_ago)


def test_getCardMemoryState_documented_example(client, col, fsrs):
    reviewed, new = add_cards(col, 2)
    # Reviewed as long ago as its stability: the chance of recall is down to 90%.
    give_memory_state(col, reviewed, stability=10.0, difficulty=5.0, days_ago=10)
    check_example(client, "cards", "getCardMemoryState", {1498938915662: reviewed, 1502098034048: new})


def test_getCardMemoryState_is_ankis_memory_state_after_answers(client, col, fsrs):
    a, b = add_cards(col, 2)
    answer(col, a, 3)
    answer(col, b, 1)
    result = client.result("getCardMemoryState", cards=[b, a])
    assert result["fsrs"] is True
    for cid, state in zip([b, a], result["cards"]):
        anki_state = col.get_card(cid).memory_state
        assert state["stability"] == pytest.approx(anki_state.stability, rel=1e-6)
        assert state["difficulty"] == pytest.approx(anki_state.difficulty, rel=1e-6)


def test_getCardMemoryState_retrievability_is_ankis_card_info(client, col, fsrs):
    a, b = add_cards(col, 2)
    give_memory_state(col, a, stability=3.0, difficulty=7.5, days_ago=12)
    give_memory_state(col, b, stability=40.0, difficulty=2.0, days_ago=5)
    result = client.result("getCardMemoryState", cards=[a, b])["cards"]
    for cid, state in zip([a, b], result):
        expected = col.card_stats_data(cid).fsrs_retrievability  # the card info screen's number
        assert 0 < state["retrievability"] < 1
        assert state["retrievability"] == pytest.approx(expected, abs=1e-4)
    assert result[0]["retrievability"] < result[1]["retrievability"]


def test_getCardMemoryState_numbers_are_written_short(client, col, fsrs):
    (cid,) = add_cards(col, 1)
    give_memory_state(col, cid, stability=2.307, difficulty=2.118, days_ago=1)
    (state,) = client.result("getCardMemoryState", cards=[cid])["cards"]
    assert (state["stability"], state["difficulty"]) == (2.307, 2.118)  # not 2.3069999217987061


def test_getCardMemoryState_new_card_has_none(client, col, fsrs):
    (cid,) = add_cards(col, 1)
    assert client.result("getCardMemoryState", cards=[cid]) == {"fsrs": True, "cards": [None]}


def test_getCardMemoryState_while_fsrs_is_off_every_card_is_null(client, col):
    a, b = add_cards(col, 2)
    with fsrs_switched(col):
        answer(col, a, 3)
        assert col.get_card(a).memory_state is not None
    assert client.call("getCardMemoryState", cards=[a, b]) == {
        "result": {"fsrs": False, "cards": [None, None]}, "error": None}


@pytest.mark.parametrize("on", [True, False])
def test_getCardMemoryState_unknown_card(client, col, on):
    (cid,) = add_cards(col, 1)
    with fsrs_switched(col, on):
        assert client.call("getCardMemoryState", cards=[cid, UNKNOWN]) == {
            "result": None, "error": f"Card was not found: {UNKNOWN}"}


def test_getCardMemoryState_of_no_cards(client, col, fsrs):
    assert client.result("getCardMemoryState", cards=[]) == {"fsrs": True, "cards": []}
