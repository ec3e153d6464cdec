"""The statistics group over real HTTP: review counts, review logs, the
statistics report, and inserting reviews (checked in the revlog)."""

from __future__ import annotations

import time

import pytest
from doc_examples import check_example
from models_helpers import add_note, add_reviews, refreshes, reviews

DOC_CARDS = (1485369733217, 1485369902086)
README_REVIEWS = [
    [1594194095746, DOC_CARDS[0], -1, 3, 4, -60, 2500, 6157, 0],
    [1594201393292, DOC_CARDS[1], -1, 1, -60, -60, 0, 4846, 0],
]


def add_cards(col, count, deck_id=1):
    """Card ids of new Basic notes in a deck."""
    return [add_note(col, "Basic", {"Front": f"card {i}"}, deck_id).cards()[0].id for i in range(count)]


def local_ms(year, month, day, hour):
    return int(time.mktime((year, month, day, hour, 0, 0, 0, 0, -1)) * 1000)


def review(review_id, card_id, ease=3):
    return [review_id, card_id, -1, ease, 1, -60, 2500, 5000, 1]


def doc_cards(col):
    """The README's two cards, made in the Default deck."""
    return dict(zip(DOC_CARDS, add_cards(col, 2)))


def with_real_cards(rows, cards):
    return [[row[0], cards[row[1]], *row[2:]] for row in rows]


# getNumCardsReviewedToday ------------------------------------------------------

def test_reviewed_today_documented_example(client, col):
    (card,) = add_cards(col, 1)
    now = int(time.time() * 1000)
    add_reviews(col, [review(now - 2000, card), review(now - 1000, card)])
    check_example(client, "stats", "getNumCardsReviewedToday")


def test_reviewed_today_leaves_out_yesterday(client, col):
    (card,) = add_cards(col, 1)
    day_start = (col.sched.day_cutoff - 86400) * 1000
    add_reviews(col, [review(day_start - 1, card), review(day_start + 1, card)])
    assert client.call("getNumCardsReviewedToday") == {"result": 1, "error": None}


def test_reviewed_today_without_reviews_is_0(client, col):
    assert client.call("getNumCardsReviewedToday") == {"result": 0, "error": None}


# getNumCardsReviewedByDay ---------------------------------------------------------

def test_reviewed_by_day_documented_example(client, col):
    (card,) = add_cards(col, 1)
    add_reviews(col, [review(local_ms(2024, 3, 1, 12), card), review(local_ms(2024, 3, 2, 9), card),
                      review(local_ms(2024, 3, 2, 20), card)])
    check_example(client, "stats", "getNumCardsReviewedByDay")


def test_reviewed_by_day_counts_early_hours_for_the_day_before(client, col):
    # Anki's day begins at 4:00 unless changed: a review at 2:00 is the day before's
    (card,) = add_cards(col, 1)
    hour = time.localtime(col.sched.day_cutoff).tm_hour
    cutoff = local_ms(2024, 3, 2, hour)
    add_reviews(col, [review(cutoff - 3600_000, card), review(cutoff, card)])
    assert client.call("getNumCardsReviewedByDay") == {
        "result": [["2024-03-02", 1], ["2024-03-01", 1]], "error": None}


def test_reviewed_by_day_without_reviews_is_empty(client, col):
    assert client.call("getNumCardsReviewedByDay") == {"result": [], "error": None}


# getCollectionStatsHTML --------------------------------------------------------------

@pytest.fixture
def one_report_time(monkeypatch):
    """Every report says it was made at the same time: Anki writes the second it
    was generated into it, and the test's own report is made in another one."""
    monkeypatch.setattr("time.asctime", lambda *when: "Mon Dec  7 12:00:00 2026")


def expected_report(col, whole):
    stats = col.stats()
    stats.wholeCollection = whole
    return stats.report()


def test_collection_stats_documented_example(client, col, one_report_time):
    add_cards(col, 1)
    check_example(client, "stats", "getCollectionStatsHTML",
                  {"<center>...</center>": expected_report(col, True)})


def test_collection_stats_of_the_current_deck(client, col, one_report_time):
    reply = client.call("getCollectionStatsHTML", wholeCollection=False)
    assert reply == {"result": expected_report(col, False), "error": None}
    assert reply["result"].startswith("<center>") and reply["result"].endswith("</center>")


def test_collection_stats_defaults_to_the_whole_collection(client, col, one_report_time):
    assert client.call("getCollectionStatsHTML") == {"result": expected_report(col, True), "error": None}


# cardReviews, getLatestReviewID ----------------------------------------------------------

def test_card_reviews_documented_example(client, col):
    cards = doc_cards(col)
    first_review = [1594194095740, DOC_CARDS[0], -1, 3, 1, 0, 2500, 3000, 0]
    add_reviews(col, with_real_cards([first_review] + README_REVIEWS, cards))
    check_example(client, "stats", "cardReviews", cards)


def test_card_reviews_only_of_cards_in_that_deck(client, col):
    other_deck = col.decks.id("Other")
    (mine,), (theirs,) = add_cards(col, 1), add_cards(col, 1, other_deck)
    add_reviews(col, [review(1000, mine), review(2000, theirs), review(3000, mine)])
    assert client.call("cardReviews", deck="Default", startID=0) == {
        "result": [review(1000, mine), review(3000, mine)], "error": None}
    assert client.call("cardReviews", deck="Other", startID=0) == {
        "result": [review(2000, theirs)], "error": None}


def test_card_reviews_of_a_missing_deck_is_empty_and_creates_no_deck(client, col):
    assert client.call("cardReviews", deck="No such deck", startID=0) == {"result": [], "error": None}
    assert col.decks.id_for_name("No such deck") is None


def test_card_reviews_needs_an_integer_start(client, col):
    assert client.call("cardReviews", deck="Default", startID="0") == {
        "result": None, "error": "startID should be an integer: 0"}


def test_latest_review_id_documented_example(client, col):
    cards = doc_cards(col)
    add_reviews(col, with_real_cards(README_REVIEWS, cards))
    check_example(client, "stats", "getLatestReviewID", cards)


def test_latest_review_id_without_reviews_is_0(client, col):
    add_cards(col, 1)
    assert client.call("getLatestReviewID", deck="Default") == {"result": 0, "error": None}


def test_latest_review_id_of_a_missing_deck_is_0_and_creates_no_deck(client, col):
    assert client.call("getLatestReviewID", deck="No such deck") == {"result": 0, "error": None}
    assert col.decks.id_for_name("No such deck") is None


# getReviewsOfCards ---------------------------------------------------------------------

def test_reviews_of_cards_documented_example(client, col):
    (card,) = add_cards(col, 1)
    add_reviews(col, [[1653772912146, card, 1750, 1, -20, -20, 0, 38192, 0],
                      [1653772965429, card, 1750, 3, -45, -20, 0, 15337, 0]])
    check_example(client, "stats", "getReviewsOfCards", {1653613948202: card})


def test_reviews_of_cards_with_integer_ids_keeps_the_order_asked(client, col):
    first, second, unreviewed = add_cards(col, 3)
    add_reviews(col, [review(2000, first), review(1000, second), review(3000, first, ease=1)])
    assert client.call("getReviewsOfCards", cards=[second, first, unreviewed, 42]) == {"result": {
        str(second): [{"id": 1000, "usn": -1, "ease": 3, "ivl": 1, "lastIvl": -60,
                       "factor": 2500, "time": 5000, "type": 1}],
        str(first): [{"id": 2000, "usn": -1, "ease": 3, "ivl": 1, "lastIvl": -60,
                      "factor": 2500, "time": 5000, "type": 1},
                     {"id": 3000, "usn": -1, "ease": 1, "ivl": 1, "lastIvl": -60,
                      "factor": 2500, "time": 5000, "type": 1}],
        str(unreviewed): [],
        "42": [],
    }, "error": None}


def test_reviews_of_cards_needs_a_list(client, col):
    assert client.call("getReviewsOfCards", cards=5) == {
        "result": None, "error": "cards must be an array of card ids, not 5"}


@pytest.mark.parametrize("card, shown", [({"id": 1}, '{"id": 1}'), ("abc", '"abc"'), (None, "null")])
def test_reviews_of_cards_refuses_what_is_not_a_card_id(client, col, card, shown):
    # Upstream answered an empty list of reviews under the value's text.
    (known,) = add_cards(col, 1)
    assert client.call("getReviewsOfCards", cards=[known, card]) == {
        "result": None, "error": f"cards must hold card ids (integers), not {shown}"}


def test_reviews_of_cards_keys_are_the_ids_as_given(client, col):
    (card,) = add_cards(col, 1)
    add_reviews(col, [review(1000, card)])
    reply = client.result("getReviewsOfCards", cards=[str(card), 42])
    assert list(reply) == [str(card), "42"] and [r["id"] for r in reply[str(card)]] == [1000]


# insertReviews -----------------------------------------------------------------------------

def test_insert_reviews_documented_example(client, col):
    cards = doc_cards(col)
    check_example(client, "stats", "insertReviews", cards)
    assert reviews(col) == with_real_cards(README_REVIEWS, cards)


def test_inserted_reviews_show_in_anki_card_info(client, col):
    (card,) = add_cards(col, 1)
    client.result("insertReviews", reviews=[[1594194095746, card, -1, 3, 4, -60, 2500, 6157, 1]])
    (entry,) = col.card_stats_data(card).revlog
    assert (entry.time, entry.button_chosen, entry.interval, entry.ease, entry.taken_secs) == (
        1594194095, 3, 4 * 86400, 2500, pytest.approx(6.157))


def test_insert_reviews_of_nothing_is_a_no_op(client, col):
    assert client.call("insertReviews", reviews=[]) == {"result": None, "error": None}
    assert reviews(col) == []


def test_insert_reviews_refuses_a_wrong_count_and_adds_none(client, col):
    (card,) = add_cards(col, 1)
    reply = client.call("insertReviews", reviews=[review(1000, card), review(2000, card)[:8]])
    assert reply == {"result": None,
                     "error": "reviews[1] should be a list of 9 integers: id, cardID, usn, ease, "
                              "ivl, lastIvl, factor, time, type; got 8 values"}
    assert reviews(col) == []


@pytest.mark.parametrize("position, value, error", [
    (0, "1594194095746",
     'reviews[0]: id should be an integer from 1 to 9223372036854775807, not "1594194095746"'),
    (1, 1.5, "reviews[0]: cardID should be an integer from 1 to 9223372036854775807, not 1.5"),
    (3, -1, "reviews[0]: ease should be an integer from 0 to 4, not -1"),
    (3, True, "reviews[0]: ease should be an integer from 0 to 4, not true"),
    (6, None, "reviews[0]: factor should be an integer from 0 to 4294967295, not null"),
    (8, 9, "reviews[0]: type should be an integer from 0 to 5, not 9"),
])
def test_insert_reviews_refuses_values_anki_cannot_read(client, col, position, value, error):
    (card,) = add_cards(col, 1)
    row = review(1000, card)
    row[position] = value
    assert client.call("insertReviews", reviews=[review(500, card), row]) == {
        "result": None, "error": error.replace("reviews[0]", "reviews[1]")}
    assert reviews(col) == []


def test_insert_reviews_refuses_sql_text_in_place_of_a_value(client, col):
    (card,) = add_cards(col, 1)
    row = review(1000, card)
    row[2] = "-1); delete from revlog; --"
    add_reviews(col, [review(500, card)])
    reply = client.call("insertReviews", reviews=[row])
    assert reply == {"result": None,
                     "error": 'reviews[0]: usn should be an integer from -2147483648 to 2147483647, '
                              'not "-1); delete from revlog; --"'}
    assert reviews(col) == [review(500, card)]


def test_insert_reviews_refuses_an_id_already_in_the_collection(client, col):
    (card,) = add_cards(col, 1)
    add_reviews(col, [review(1000, card)])
    assert client.call("insertReviews", reviews=[review(2000, card), review(1000, card, ease=1)]) == {
        "result": None, "error": "reviews[1]: a review with id 1000 already exists"}
    assert reviews(col) == [review(1000, card)]


def test_insert_reviews_refuses_an_id_twice_in_the_request(client, col):
    (card,) = add_cards(col, 1)
    assert client.call("insertReviews", reviews=[review(1000, card), review(1000, card)]) == {
        "result": None, "error": "reviews[1]: id 1000 is also the id of reviews[0]"}
    assert reviews(col) == []


def test_insert_reviews_needs_a_list(client, col):
    assert client.call("insertReviews", reviews={"id": 1}) == {
        "result": None,
        "error": "reviews should be a list of reviews, each a list of 9 integers: id, cardID, usn, "
                 "ease, ivl, lastIvl, factor, time, type"}


def test_insert_reviews_clears_ankis_undo_history(client, col):
    (card,) = add_cards(col, 1)
    assert col.undo_status().undo == "Add Note"
    client.result("insertReviews", reviews=[review(1000, card)])
    assert col.undo_status().undo == ""


@pytest.mark.anki_only  # Anki's windows are refreshed; headless there are none
def test_insert_reviews_refreshes_anki_once(client, col):
    (card,) = add_cards(col, 1)
    with refreshes() as seen:
        client.result("insertReviews", reviews=[review(1000, card), review(2000, card)])
    assert len(seen) == 1 and seen[0].study_queues
