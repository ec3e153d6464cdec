"""The reviewer actions, driving Anki's real reviewer."""

from __future__ import annotations

import pytest
from doc_examples import check_example
from gui_helpers import STUDY_DECK, add_basic_notes

WAIT_MS = 10000


@pytest.fixture
def reviewing(client, col, gui):
    """Two new Basic cards in a new deck; the reviewer shows the first one's question."""
    notes = add_basic_notes(col, ["front content", "second front"], deck_name=STUDY_DECK)
    assert client.result("guiDeckReview", name=STUDY_DECK) is True
    assert gui.state == "review" and gui.reviewer.state == "question"
    return notes


def shown_card(mw):
    return mw.reviewer.card


def upstream_next_reviews(col, card):
    """The button labels as upstream computes them, one backend query per button."""
    return [col.sched.nextIvlStr(card, ease, True) for ease in (1, 2, 3, 4)]


# guiReviewActive -----------------------------------------------------------------

def test_guiReviewActive_documented_example(client, reviewing):
    check_example(client, "gui", "guiReviewActive")


def test_guiReviewActive_is_false_outside_review(client, gui):
    assert client.call("guiReviewActive") == {"result": False, "error": None}


def test_guiReviewActive_is_false_on_the_overview(client, col, gui):
    add_basic_notes(col, ["x"])
    client.result("guiDeckOverview", name="Default")

    assert client.call("guiReviewActive") == {"result": False, "error": None}


# guiCurrentCard ------------------------------------------------------------------

def test_guiCurrentCard_documented_example(client, col, reviewing, gui):
    card = shown_card(gui)
    assert card.nid == reviewing[0].id
    question, answer, css = card.question(), card.answer(), card.note_type()["css"]
    documented_style = "<style>.card { font-family: arial; ... }</style>"

    documented_labels = ["<\u20681\u2069m", "<\u20686\u2069m", "<\u206810\u2069m", "\u20684\u2069d"]
    check_example(client, "gui", "guiCurrentCard", {
        **dict(zip(documented_labels, upstream_next_reviews(col, card))),
        1498938915662: card.id,
        "Default": STUDY_DECK,
        documented_style + "front content": question,
        documented_style + "front content\n\n<hr id=answer>\n\nback of front content": answer,
        ".card { font-family: arial; ... }": css,
    })


def test_guiCurrentCard_describes_the_card_under_review(client, col, reviewing, gui):
    card = shown_card(gui)

    reply = client.call("guiCurrentCard")

    assert reply == {"result": {
        "cardId": card.id,
        "fields": {"Front": {"value": "front content", "order": 0},
                   "Back": {"value": "back of front content", "order": 1}},
        "fieldOrder": 0,
        "question": card.question(),
        "answer": card.answer(),
        "buttons": [1, 2, 3, 4],
        "nextReviews": upstream_next_reviews(col, card),
        "modelName": "Basic",
        "deckName": STUDY_DECK,
        "css": col.models.by_name("Basic")["css"],
        "template": "Card 1",
    }, "error": None}
    assert reply["result"]["question"].endswith("front content")
    assert reply["result"]["answer"].endswith("back of front content")
    # a new card under the default options; Anki isolates the numbers
    assert reply["result"]["nextReviews"][:3] == ["<\u20681\u2069m", "<\u20686\u2069m", "<\u206810\u2069m"]


def test_guiCurrentCard_names_the_card_type_and_its_field_order(client, col, gui):
    note = col.new_note(col.models.by_name("Basic (and reversed card)"))
    note["Front"], note["Back"] = "f", "b"
    col.add_note(note, col.decks.id(STUDY_DECK))
    reverse = [c for c in note.cards() if c.ord == 1][0]
    col.sched.suspend_cards([c.id for c in note.cards() if c.ord == 0])
    client.result("guiDeckReview", name=STUDY_DECK)

    result = client.result("guiCurrentCard")

    assert (result["cardId"], result["template"], result["fieldOrder"]) == (reverse.id, "Card 2", 1)


def test_guiCurrentCard_outside_review_is_an_error(client, gui):
    assert client.call("guiCurrentCard") == {"result": None, "error": "Gui review is not currently active."}


# guiStartCardTimer ---------------------------------------------------------------

def test_guiStartCardTimer_documented_example_restarts_the_timer(client, reviewing, gui):
    card = shown_card(gui)
    card.timer_started = 1.0

    check_example(client, "gui", "guiStartCardTimer")

    assert card.timer_started > 1.0


def test_guiStartCardTimer_outside_review_is_false(client, gui):
    assert client.call("guiStartCardTimer") == {"result": False, "error": None}


# guiShowQuestion / guiShowAnswer -------------------------------------------------

def test_guiShowAnswer_documented_example_shows_the_answer(client, reviewing, gui):
    check_example(client, "gui", "guiShowAnswer")

    assert gui.reviewer.state == "answer"


def test_guiShowQuestion_documented_example_shows_the_question_again(client, reviewing, gui):
    client.result("guiShowAnswer")

    check_example(client, "gui", "guiShowQuestion")

    assert gui.reviewer.state == "question"
    assert shown_card(gui).nid == reviewing[0].id


@pytest.mark.parametrize("action", ["guiShowQuestion", "guiShowAnswer"])
def test_showing_a_side_outside_review_is_false(client, gui, action):
    assert client.call(action) == {"result": False, "error": None}
    assert gui.state == "deckBrowser"


# guiAnswerCard -------------------------------------------------------------------

def test_guiAnswerCard_documented_example_answers_and_moves_on(client, col, reviewing, gui, qtbot):
    first = shown_card(gui)
    client.result("guiShowAnswer")

    check_example(client, "gui", "guiAnswerCard")

    qtbot.waitUntil(lambda: shown_card(gui) is not None and shown_card(gui).nid == reviewing[1].id,
                    timeout=WAIT_MS)
    assert col.db.list("select ease from revlog where cid = ?", first.id) == [1]


def test_guiAnswerCard_records_the_ease_given(client, col, reviewing, gui, qtbot):
    first = shown_card(gui)
    client.result("guiShowAnswer")

    assert client.call("guiAnswerCard", ease=3) == {"result": True, "error": None}

    qtbot.waitUntil(lambda: col.db.list("select ease from revlog where cid = ?", first.id) == [3],
                    timeout=WAIT_MS)
    # The answer is written in the background and the reviewer moves on after it;
    # ending the test before that lets the teardown leave the review under it.
    qtbot.waitUntil(lambda: gui.reviewer.card is not None and gui.reviewer.card.id != first.id,
                    timeout=WAIT_MS)


def test_guiAnswerCard_before_the_answer_is_shown_is_false(client, col, reviewing, gui):
    assert client.call("guiAnswerCard", ease=3) == {"result": False, "error": None}
    assert col.db.scalar("select count() from revlog") == 0


@pytest.mark.parametrize("ease", [0, 5, -1])
def test_guiAnswerCard_with_an_ease_without_button_is_false(client, col, reviewing, gui, ease):
    client.result("guiShowAnswer")

    assert client.call("guiAnswerCard", ease=ease) == {"result": False, "error": None}
    assert col.db.scalar("select count() from revlog") == 0
    assert gui.reviewer.state == "answer"


def test_guiAnswerCard_outside_review_is_false(client, gui):
    assert client.call("guiAnswerCard", ease=1) == {"result": False, "error": None}


def test_guiAnswerCard_without_ease_is_a_python_style_error(client, gui):
    assert client.call("guiAnswerCard") == {
        "result": None, "error": "guiAnswerCard() missing 1 required positional argument: 'ease'"}


# guiPlayAudio --------------------------------------------------------------------

def test_guiPlayAudio_documented_example_replays_the_side_shown(client, reviewing, gui):
    from aqt import gui_hooks

    replayed = []
    hook = lambda web, card, question: replayed.append((card.id, question))  # noqa: E731
    gui_hooks.audio_will_replay.append(hook)
    try:
        check_example(client, "gui", "guiPlayAudio")
        client.result("guiShowAnswer")
        client.result("guiPlayAudio")
    finally:
        gui_hooks.audio_will_replay.remove(hook)

    card_id = shown_card(gui).id
    assert replayed == [(card_id, True), (card_id, False)]


def test_guiPlayAudio_outside_review_is_false(client, gui):
    assert client.call("guiPlayAudio") == {"result": False, "error": None}


@pytest.mark.lenient_params  # a string ease, on purpose
def test_guiAnswerCard_with_an_ease_that_is_not_an_integer_is_an_error(client, col, reviewing, gui):
    client.result("guiShowAnswer")
    assert client.call("guiAnswerCard", ease="3") == {
        "result": None, "error": 'ease must be an answer button (an integer, 1 to 4), not "3"'}
    assert gui.reviewer.state == "answer"
