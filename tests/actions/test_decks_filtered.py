"""Filtered decks over real HTTP: createFilteredDeck, rebuildFilteredDeck, emptyFilteredDeck,
and what the other deck actions make of a filtered deck."""

from __future__ import annotations

import pytest
from cards_helpers import IdNamed, add_cards, mark_undo_point
from doc_examples import check_example

NO_MATCH = ("no card matches the search (suspended and buried cards, and cards in other filtered decks, "
            "are left out)")


def make_due(col, cids):
    """Turn new cards into review cards due today."""
    for cid in cids:
        card = col.get_card(cid)
        card.type, card.queue, card.ivl, card.due, card.factor = 2, 2, 3, col.sched.today, 2500
        col.update_card(card)


def gathered(col, name):
    """The cards in the filtered deck; new ones in the order Anki gathered them."""
    return col.db.list("select id from cards where did = ? order by due, id", col.decks.id_for_name(name))


def filtered(col, name, search, limit=100, order=1):
    """A filtered deck made straight on the collection; its id."""
    did = col.decks.new_filtered(name)
    deck = col.decks.get(did)
    deck["terms"] = [[search, limit, order]]
    col.decks.save(deck)
    col.sched.rebuild_filtered_deck(did)
    return did


@pytest.fixture
def fsrs(col):
    col.set_config("fsrs", True)
    yield
    col.set_config("fsrs", False)


def anki_has_relative_overdueness():
    from anki.buildinfo import version

    return tuple(int(part) for part in version.split(".")[:2]) >= (26, 5)


# createFilteredDeck ----------------------------------------------------------------

def test_createFilteredDeck_documented_example_gathers_as_the_dialog_does(client, col):
    due = add_cards(col, 2, deck="Japanese", prefix="due")
    make_due(col, due)
    new = add_cards(col, 3, deck="Japanese", prefix="new")
    check_example(client, "decks", "createFilteredDeck", {1651445861970: IdNamed(col, "Japanese::Cram")})
    cards = gathered(col, "Japanese::Cram")
    assert sorted(cards) == sorted(due + new)
    assert [cid for cid in cards if cid in new] == new  # in the order they were added
    assert {col.get_card(cid).odid for cid in cards} == {col.decks.id_for_name("Japanese")}


def test_createFilteredDeck_is_one_undo_step(client, col):
    cards = add_cards(col, 2, deck="Home")
    did = client.result("createFilteredDeck", name="Cram", search="deck:Home")
    assert col.undo_status().undo == "Build Deck"
    col.undo()
    assert col.decks.get(did, default=False) is None
    assert [col.get_card(cid).did for cid in cards] == [col.decks.id_for_name("Home")] * 2


def test_createFilteredDeck_settings_as_getDeckConfig_and_deckNamesAndIds_show_them(client, col):
    add_cards(col, 3, deck="Home")
    did = client.result("createFilteredDeck", name="Cram", search="deck:Home", limit=2, order="mostLapses",
                        reschedule=False, search2="deck:Home is:new", limit2=7, order2=0)
    config = client.result("getDeckConfig", deck="Cram")
    assert {key: config[key] for key in ("id", "name", "dyn", "terms", "resched")} == {
        "id": did, "name": "Cram", "dyn": 1, "resched": False,
        "terms": [["deck:Home", 2, 4], ["deck:Home is:new", 7, 0]]}
    assert client.result("deckNamesAndIds")["Cram"] == did


def test_createFilteredDeck_defaults_are_the_dialogs(client, col):
    add_cards(col, 1, deck="Home")
    client.result("createFilteredDeck", name="Cram", search="deck:Home", search2="is:new")
    deck = col.decks.get(col.decks.id_for_name("Cram"))
    assert (deck["terms"], deck["resched"]) == ([["deck:Home", 100, 1], ["is:new", 20, 6]], True)


def test_createFilteredDeck_null_second_search_is_none(client, col):
    add_cards(col, 1, deck="Home")
    client.result("createFilteredDeck", name="Cram", search="deck:Home",
                  search2=None, limit2=None, order2=None)
    assert col.decks.get(col.decks.id_for_name("Cram"))["terms"] == [["deck:Home", 100, 1]]


def test_createFilteredDeck_makes_it_the_current_deck_as_anki_does(client, col):
    add_cards(col, 1, deck="Home")
    did = client.result("createFilteredDeck", name="Cram", search="deck:Home")
    assert col.decks.current()["id"] == did


def test_createFilteredDeck_limit_and_order_pick_the_cards(client, col):
    cards = add_cards(col, 4, deck="Home")
    client.result("createFilteredDeck", name="Cram", search="deck:Home", limit=2, order="latestAddedFirst")
    assert gathered(col, "Cram") == cards[:1:-1]


def test_createFilteredDeck_of_an_existing_filtered_deck_updates_and_rebuilds_it(client, col):
    cards = add_cards(col, 3, deck="Home")
    did = filtered(col, "Cram", "deck:Home", limit=1)
    assert len(gathered(col, "Cram")) == 1
    assert client.call("createFilteredDeck", name="cram", search="deck:Home", limit=3, order="added") == {
        "result": did, "error": None}
    assert gathered(col, "Cram") == cards
    assert col.decks.get(did)["terms"] == [["deck:Home", 3, 5]]


def test_createFilteredDeck_under_a_normal_deck(client, col):
    (card,) = add_cards(col, 1, deck="Home")
    did = client.result("createFilteredDeck", name="Home::Cram", search="deck:Home")
    assert col.get_card(card).did == did and col.decks.name(did) == "Home::Cram"


def test_createFilteredDeck_order_by_number_is_the_same_as_by_name(client, col):
    add_cards(col, 1, deck="Home")
    client.result("createFilteredDeck", name="Cram", search="deck:Home", order=3)
    assert col.decks.get(col.decks.id_for_name("Cram"))["terms"] == [["deck:Home", 100, 3]]


@pytest.mark.parametrize("order, number", [("ascendingRetrievability", 8), ("descendingRetrievability", 9)])
def test_createFilteredDeck_retrievability_orders_with_fsrs_on(client, col, fsrs, order, number):
    cards = add_cards(col, 2, deck="Home")
    client.result("createFilteredDeck", name="Cram", search="deck:Home", order=order)
    assert sorted(gathered(col, "Cram")) == cards
    assert col.decks.get(col.decks.id_for_name("Cram"))["terms"] == [["deck:Home", 100, number]]


@pytest.mark.parametrize("order", ["ascendingRetrievability", 9])
def test_createFilteredDeck_retrievability_orders_need_fsrs(client, col, order):
    add_cards(col, 1, deck="Home")
    before = mark_undo_point(col)
    name = "ascendingRetrievability" if order != 9 else "descendingRetrievability"
    assert client.call("createFilteredDeck", name="Cram", search="deck:Home", order=order) == {
        "result": None, "error": f'the order "{name}" needs FSRS, which is off in this collection'}
    assert col.decks.id_for_name("Cram") is None and col.undo_status().undo == before


@pytest.mark.parametrize("order", ["relativeOverdueness", 10])
def test_createFilteredDeck_relative_overdueness_needs_anki_26_05(client, col, order):
    add_cards(col, 1, deck="Home")
    reply = client.call("createFilteredDeck", name="Cram", search="deck:Home", order=order)
    if anki_has_relative_overdueness():
        assert reply == {"result": col.decks.id_for_name("Cram"), "error": None}
        assert col.decks.get(col.decks.id_for_name("Cram"))["terms"] == [["deck:Home", 100, 10]]
    else:
        assert reply == {"result": None, "error": 'the order "relativeOverdueness" needs Anki 26.05 or newer'}
        assert col.decks.id_for_name("Cram") is None


def test_createFilteredDeck_of_a_normal_decks_name_is_an_error(client, col):
    add_cards(col, 1, deck="Home")
    before = mark_undo_point(col)
    assert client.call("createFilteredDeck", name="home", search="deck:Home") == {
        "result": None, "error": 'deck "Home" exists and is not a filtered deck'}
    assert not col.decks.get(col.decks.id_for_name("Home"))["dyn"] and col.undo_status().undo == before


@pytest.mark.parametrize("search", ["tag:nothing-has-this", "deck:Home is:suspended"])
def test_createFilteredDeck_that_gathers_nothing_is_an_error_and_keeps_the_undo_history(client, col, search):
    cards = add_cards(col, 1, deck="Home")
    col.sched.suspend_cards(cards)
    before = mark_undo_point(col)  # Anki's own operation would empty the undo history
    assert client.call("createFilteredDeck", name="Cram", search=search) == {
        "result": None, "error": NO_MATCH}
    assert col.decks.id_for_name("Cram") is None and col.undo_status().undo == before


def test_createFilteredDeck_leaves_out_cards_of_other_filtered_decks(client, col):
    add_cards(col, 1, deck="Home")
    filtered(col, "First", "deck:Home")
    assert client.call("createFilteredDeck", name="Second", search="deck:Home") == {
        "result": None, "error": NO_MATCH}


def test_createFilteredDeck_second_search_alone_may_gather_the_cards(client, col):
    (card,) = add_cards(col, 1, deck="Home")
    did = client.result("createFilteredDeck", name="Cram", search="tag:none", search2="deck:Home")
    assert col.get_card(card).did == did


def test_createFilteredDeck_bad_search_is_ankis_error(client, col):
    add_cards(col, 1, deck="Home")
    before = mark_undo_point(col)
    reply = client.call("createFilteredDeck", name="Cram", search="deck:Home (")
    assert reply["result"] is None and "Invalid search" in reply["error"]
    assert col.decks.id_for_name("Cram") is None and col.undo_status().undo == before


def test_createFilteredDeck_under_a_filtered_deck_is_an_error(client, col):
    add_cards(col, 2, deck="Home")
    filtered(col, "Cram", "deck:Home", limit=1)
    before = mark_undo_point(col)
    assert client.call("createFilteredDeck", name="Cram::More", search="deck:Home") == {
        "result": None, "error": 'deck "Cram" is a filtered deck, which cannot have subdecks'}
    assert col.undo_status().undo == before


@pytest.mark.parametrize("name, why", [("", "it is empty"), ("A::::B", 'a part between "::" is empty'),
                                       ("Cr\x07am", "it holds control characters")])
def test_createFilteredDeck_names_anki_would_alter_are_errors(client, col, name, why):
    add_cards(col, 1, deck="Home")
    reply = client.call("createFilteredDeck", name=name, search="deck:Home")
    assert reply["error"].startswith("invalid deck name ") and reply["error"].endswith(why)
    assert [d.name for d in col.decks.all_names_and_ids()] == ["Default", "Home"]


@pytest.mark.lenient_params
@pytest.mark.parametrize("params, error", [
    ({"limit": 0}, "limit must be a number of cards (an integer from 1 to 99999), not 0"),
    ({"limit": 100000}, "limit must be a number of cards (an integer from 1 to 99999), not 100000"),
    ({"limit": True}, "limit must be a number of cards (an integer from 1 to 99999), not true"),
    ({"search2": "is:new", "limit2": "5"},
     'limit2 must be a number of cards (an integer from 1 to 99999), not "5"'),
    ({"limit2": 5}, "limit2 and order2 belong to search2, which is missing"),
    ({"reschedule": "no"}, 'reschedule must be true or false, not "no"'),
    ({"order": 11}, 'order must be one of "oldestSeenFirst", "random", "increasingIntervals", '
                    '"decreasingIntervals", "mostLapses", "added", "due", "latestAddedFirst", '
                    '"ascendingRetrievability", "descendingRetrievability", "relativeOverdueness", '
                    'or its number (0 to 10), not 11'),
    ({"order": "Random"}, 'order must be one of "oldestSeenFirst", "random", "increasingIntervals", '
                          '"decreasingIntervals", "mostLapses", "added", "due", "latestAddedFirst", '
                          '"ascendingRetrievability", "descendingRetrievability", "relativeOverdueness", '
                          'or its number (0 to 10), not "Random"'),
    ({"search": 5}, "search must be an Anki search (a string), not 5"),
])
def test_createFilteredDeck_bad_params_are_errors(client, col, params, error):
    add_cards(col, 1, deck="Home")
    reply = client.call("createFilteredDeck", **{"name": "Cram", "search": "deck:Home", **params})
    assert reply == {"result": None, "error": error}
    assert col.decks.id_for_name("Cram") is None


# rebuildFilteredDeck ----------------------------------------------------------------

def test_rebuildFilteredDeck_documented_example(client, col):
    add_cards(col, 12, deck="Japanese")
    did = filtered(col, "Japanese::Cram", "deck:Japanese")
    col.sched.empty_filtered_deck(did)
    check_example(client, "decks", "rebuildFilteredDeck")
    assert len(gathered(col, "Japanese::Cram")) == 12


def test_rebuildFilteredDeck_gathers_what_matches_now_in_one_undo_step(client, col):
    first = add_cards(col, 2, deck="Home")
    filtered(col, "Cram", "deck:Home")
    later = add_cards(col, 3, deck="Home", prefix="later")
    assert client.call("rebuildFilteredDeck", deck="cram") == {"result": 5, "error": None}
    assert sorted(gathered(col, "Cram")) == first + later
    assert col.undo_status().undo == "Build Deck"
    col.undo()
    assert sorted(gathered(col, "Cram")) == first


def test_rebuildFilteredDeck_that_matches_nothing_now_answers_0(client, col):
    cards = add_cards(col, 1, deck="Home")
    filtered(col, "Cram", "deck:Home")
    col.sched.empty_filtered_deck(col.decks.id_for_name("Cram"))
    col.sched.suspend_cards(cards)
    assert client.call("rebuildFilteredDeck", deck="Cram") == {"result": 0, "error": None}


@pytest.mark.parametrize("action", ["rebuildFilteredDeck", "emptyFilteredDeck"])
def test_a_normal_deck_is_refused_and_keeps_the_undo_history(client, col, action):
    add_cards(col, 1, deck="Home")
    before = mark_undo_point(col)
    assert client.call(action, deck="Home") == {"result": None, "error": 'deck "Home" is not a filtered deck'}
    assert col.undo_status().undo == before


@pytest.mark.parametrize("action", ["rebuildFilteredDeck", "emptyFilteredDeck"])
def test_an_unknown_deck_is_an_error(client, col, action):
    assert client.call(action, deck="Nowhere") == {"result": None, "error": "deck was not found: Nowhere"}


# emptyFilteredDeck ------------------------------------------------------------------

def test_emptyFilteredDeck_documented_example_sends_the_cards_home(client, col):
    cards = add_cards(col, 12, deck="Japanese")
    filtered(col, "Japanese::Cram", "deck:Japanese")
    check_example(client, "decks", "emptyFilteredDeck")
    home = col.decks.id_for_name("Japanese")
    assert {(col.get_card(cid).did, col.get_card(cid).odid) for cid in cards} == {(home, 0)}
    assert col.decks.id_for_name("Japanese::Cram") is not None  # the deck stays


def test_emptyFilteredDeck_is_one_undo_step(client, col):
    cards = add_cards(col, 2, deck="Home")
    did = filtered(col, "Cram", "deck:Home")
    client.result("emptyFilteredDeck", deck="Cram")
    assert col.undo_status().undo == "Empty"
    col.undo()
    assert [col.get_card(cid).did for cid in cards] == [did, did]


def test_emptyFilteredDeck_of_an_empty_deck_answers_0_and_changes_nothing(client, col):
    add_cards(col, 1, deck="Home")
    did = filtered(col, "Cram", "deck:Home")
    col.sched.empty_filtered_deck(did)
    before = mark_undo_point(col)
    assert client.call("emptyFilteredDeck", deck="Cram") == {"result": 0, "error": None}
    assert col.undo_status().undo == before


# The other deck actions and filtered decks --------------------------------------------

def test_setDeckConfigId_and_saveDeckConfig_answer_false_for_a_filtered_deck(client, col):
    add_cards(col, 1, deck="Home")
    filtered(col, "Cram", "deck:Home")
    config = client.result("getDeckConfig", deck="Cram")
    assert client.call("setDeckConfigId", decks=["Cram"], configId=1) == {"result": False, "error": None}
    assert client.call("saveDeckConfig", config=config) == {"result": False, "error": None}


def test_getDeckStats_counts_a_filtered_decks_cards(client, col):
    add_cards(col, 2, deck="Home")
    did = filtered(col, "Cram", "deck:Home")
    stats = client.result("getDeckStats", decks=["Cram"])
    assert (stats[str(did)]["new_count"], stats[str(did)]["total_in_deck"]) == (2, 2)
