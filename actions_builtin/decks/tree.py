"""getDeckTree: the deck list as Anki's main window shows it, parents holding their subdecks."""

from __future__ import annotations

from typing import Any, Dict

from ..shared.schemas import (
    BOOLEAN,
    DECK_ID,
    DECK_NAME,
    INTEGER,
    NO_PARAMS,
    STRING,
    array,
    described,
    obj,
    schema,
)

_NODE: Dict[str, Any] = obj({
    "deck_id": DECK_ID,
    "name": described(STRING, 'The deck\'s own name (the last part of "A::B").'),
    "full_name": DECK_NAME,
    "filtered": described(BOOLEAN, "Whether it is a filtered deck."),
    "new_count": described(INTEGER, "New cards to study today (its subdecks' included, after the limits)."),
    "learn_count": described(INTEGER, "Learning cards due today (with its subdecks')."),
    "review_count": described(INTEGER, "Reviews due today (with its subdecks', after the limits)."),
    "total_in_deck": described(INTEGER, "All cards in the deck itself (not its subdecks)."),
    # Not a $ref to this schema: the OpenAPI document and its client generators
    # would look for the definition in the wrong place.
    "children": array({"type": "object"}, "Its subdecks, each in the same form as this deck."),
}, required=["deck_id", "name", "full_name", "filtered", "new_count", "learn_count", "review_count",
             "total_in_deck", "children"])


@schema(params=NO_PARAMS, result=array(_NODE, "The top-level decks, in the order of Anki's deck list."))
def getDeckTree(*, col):
    """Every deck as a tree, with today's counts as Anki's deck list shows them:
    each deck holds its subdecks in ``children``."""
    return [_node(child, "") for child in col.sched.deck_due_tree().children]


def _node(node: Any, parent: str) -> Dict[str, Any]:
    full_name = f"{parent}::{node.name}" if parent else node.name
    return {
        "deck_id": node.deck_id,
        "name": node.name,
        "full_name": full_name,
        "filtered": node.filtered,
        "new_count": node.new_count,
        "learn_count": node.learn_count,
        "review_count": node.review_count,
        "total_in_deck": node.total_in_deck,
        "children": [_node(child, full_name) for child in node.children],
    }


ACTIONS = (getDeckTree,)
