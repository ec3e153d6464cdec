"""answerCards' optional time per answer: the review's time taken, as the client measured it."""

from __future__ import annotations

import pytest
from cards_helpers import add_cards, mark_undo_point
from doc_examples import check_example

LONGEST = 2**32 - 1


def taken(col, cid):
    """The time taken (ms) of each review of the card, oldest first."""
    return col.db.list("select time from revlog where cid = ? order by id", cid)


def test_answerCards_documented_example_records_the_time_given(client, col):
    a, b = add_cards(col, 2)
    check_example(client, "cards", "answerCards", {1498938915662: a, 1502098034048: b})
    assert taken(col, a) == [4200]
    assert len(taken(col, b)) == 1 and taken(col, b) != [4200]  # measured by Anki: a few ms


@pytest.mark.parametrize("time", [0, 1, 59_999])
def test_answerCards_records_the_time_as_given(client, col, time):
    (a,) = add_cards(col, 1)
    assert client.call("answerCards", answers=[{"cardId": a, "ease": 3, "time": time}]) == {
        "result": [True], "error": None}
    assert taken(col, a) == [time]


def test_answerCards_time_is_capped_at_the_presets_maximum_answer_seconds_as_in_anki(client, col):
    (a,) = add_cards(col, 1)
    assert col.decks.config_dict_for_deck_id(1)["maxTaken"] == 60
    client.result("answerCards", answers=[{"cardId": a, "ease": 3, "time": LONGEST}])
    assert taken(col, a) == [60_000]


def test_answerCards_time_written_as_a_whole_float_counts(client, col):
    (a,) = add_cards(col, 1)
    client.result("answerCards", answers=[{"cardId": a, "ease": 1, "time": 2500.0}])
    assert taken(col, a) == [2500]


def test_answerCards_times_apply_each_to_its_own_answer(client, col):
    a, b, c = add_cards(col, 3)
    client.result("answerCards", answers=[{"cardId": a, "ease": 3, "time": 1000},
                                          {"cardId": b, "ease": 4},
                                          {"cardId": c, "ease": 2, "time": 3000}])
    assert (taken(col, a), taken(col, c)) == ([1000], [3000])
    assert taken(col, b)[0] < 1000


def test_answerCards_with_times_is_one_undo_step(client, col):
    a, b = add_cards(col, 2)
    client.result("answerCards", answers=[{"cardId": a, "ease": 3, "time": 1000},
                                          {"cardId": b, "ease": 3, "time": 2000}])
    assert col.undo_status().undo == "Answer Cards"
    col.undo()
    assert taken(col, a) == taken(col, b) == []
    assert [col.get_card(cid).queue for cid in (a, b)] == [0, 0]


@pytest.mark.lenient_params  # values the schema refuses: the server must refuse them too
@pytest.mark.parametrize("time, shown", [
    (-1, "-1"), (LONGEST + 1, str(LONGEST + 1)), (2**70, str(2**70)), (1.5, "1.5"), (True, "true"),
    ("5000", '"5000"'), (None, "null"), ([5000], "[5000]"), ({"ms": 1}, '{"ms": 1}'),
])
def test_answerCards_bad_time_answers_no_card(client, col, time, shown):
    a, b = add_cards(col, 2)
    before = mark_undo_point(col)
    answers = [{"cardId": a, "ease": 3}, {"cardId": b, "ease": 3, "time": time}]
    reply = client.call("answerCards", answers=answers)
    assert reply == {"result": None, "error": "time must be a number of milliseconds "
                                              f"(an integer from 0 to {LONGEST}), not {shown}"}
    assert taken(col, a) == taken(col, b) == []
    assert col.undo_status().undo == before


@pytest.mark.lenient_params
def test_answerCards_bad_time_of_an_unknown_card_is_refused_too(client, col):
    (a,) = add_cards(col, 1)
    reply = client.call("answerCards", answers=[{"cardId": a, "ease": 3}, {"cardId": 1234567891234, "ease": 3,
                                                                           "time": -5}])
    assert reply["error"].startswith("time must be a number of milliseconds") and taken(col, a) == []
