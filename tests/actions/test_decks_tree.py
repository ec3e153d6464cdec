"""getDeckTree over real HTTP: the deck list with its subdecks and today's counts."""

from __future__ import annotations

from cards_helpers import add_cards, answer
from doc_examples import check_example


def test_getDeckTree_documented_example(client, col):
    add_cards(col, 2, deck="Japanese::JLPT N5")
    add_cards(col, 1, deck="Japanese")
    check_example(client, "decks", "getDeckTree", {
        1651445861960: col.decks.id_for_name("Japanese"),
        1651445861967: col.decks.id_for_name("Japanese::JLPT N5")})


def test_the_default_deck_shows_while_it_is_the_only_one(client, col):
    assert client.result("getDeckTree") == [{
        "deck_id": 1, "name": "Default", "full_name": "Default", "filtered": False, "new_count": 0,
        "learn_count": 0, "review_count": 0, "total_in_deck": 0, "children": []}]


def test_the_tree_holds_every_level_and_the_counts_of_anki_s_deck_list(client, col):
    cards = add_cards(col, 2, deck="A::B::C")
    answer(col, cards[0], 1)  # Again: a learning card
    add_cards(col, 1, deck="A::D")
    tree = client.result("getDeckTree")
    assert [deck["full_name"] for deck in tree] == ["A"]
    [a] = tree
    assert [child["full_name"] for child in a["children"]] == ["A::B", "A::D"]
    c = a["children"][0]["children"][0]
    assert (c["name"], c["full_name"], c["total_in_deck"], c["children"]) == ("C", "A::B::C", 2, [])
    assert (a["new_count"], a["learn_count"], a["total_in_deck"]) == (2, 1, 0)
    expected = {node.deck_id: (node.new_count, node.learn_count, node.review_count)
                for node in _walk(col.sched.deck_due_tree())}
    assert {d["deck_id"]: (d["new_count"], d["learn_count"], d["review_count"]) for d in _walk_reply(tree)} \
        == {did: counts for did, counts in expected.items() if did != 0}


def test_a_filtered_deck_says_so(client, col):
    add_cards(col, 2, deck="Spanish")
    client.result("createFilteredDeck", name="Spanish review", search="deck:Spanish")
    tree = {deck["full_name"]: deck for deck in client.result("getDeckTree")}
    assert tree["Spanish review"]["filtered"] is True
    assert tree["Spanish"]["filtered"] is False


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _walk_reply(decks):
    for deck in decks:
        yield deck
        yield from _walk_reply(deck["children"])
