"""Schema pieces of the deck actions only (the shared ones are in ../shared/schemas.py)."""

from __future__ import annotations

from ..shared.schemas import (
    BOOLEAN,
    DECK_ID,
    DECK_NAME,
    INTEGER,
    SEARCH,
    STRING,
    array,
    described,
    map_of,
    obj,
)

DECK_NAMES = array(DECK_NAME, "Full deck names.")
CONFIG_ID = {"anyOf": [INTEGER, {"type": "string", "pattern": "^[0-9]+$"}],
             "description": "An options group id (an integer, or a string of digits)."}

GROUP_ID = described(INTEGER, "The options group's id (1: the default group).")
# Objects, but not said so: openapi-python-client (0.29) drops an object nested in an anyOf
# member (getDeckConfig's result), and with it the whole group.
_SETTINGS = {"description": "Settings as Anki stores them (an object)."}

# Anki stores more keys than these, which differ between Anki versions.
_GROUP_KEYS = {
    "name": STRING,
    "mod": described(INTEGER, "When it last changed, in seconds since 1970 (set when saved)."),
    "usn": described(INTEGER, "The update sequence number (set when saved)."),
    "new": described(_SETTINGS, "For new cards."),
    "rev": described(_SETTINGS, "For reviews."),
    "lapse": described(_SETTINGS, "For forgotten cards."),
}
_GROUP = "An options group (a preset of Anki's deck options)."

OPTIONS_GROUP = obj({"id": GROUP_ID, **_GROUP_KEYS,
                     "dyn": described({"const": False}, "Not a filtered deck.")},
                    required=["id", *_GROUP_KEYS, "dyn"], closed=False, description=_GROUP)
# What saveDeckConfig takes: a group as getDeckConfig answers it; Anki checks the rest. (No
# "dyn": openapi-python-client 0.29 writes broken code for an optional const.)
OPTIONS_GROUP_TO_SAVE = obj({"id": CONFIG_ID, **_GROUP_KEYS}, required=["id"], closed=False,
                            description=_GROUP)

FILTERED_DECK = obj({
    "id": DECK_ID,
    "name": DECK_NAME,
    "dyn": described({"const": 1}, "A filtered deck."),
    "terms": array({"type": "array", "prefixItems": [SEARCH, INTEGER, INTEGER]},
                   "Its searches: [search, how many cards, order]."),
    "resched": described(BOOLEAN, "Whether answers reschedule the cards."),
}, required=["id", "name", "dyn"], closed=False, description="A filtered deck's own settings.")

DECK_STATS = map_of(obj({
    "deck_id": DECK_ID,
    "name": described(STRING, 'The deck\'s own name (the last part of "A::B").'),
    "new_count": described(INTEGER, "New cards to study today."),
    "learn_count": described(INTEGER, "Learning cards due today."),
    "review_count": described(INTEGER, "Reviews due today."),
    "total_in_deck": described(INTEGER, "All cards in the deck itself (not its subdecks)."),
}, required=["deck_id", "name", "new_count", "learn_count", "review_count", "total_in_deck"]),
    "By deck id, in the order of Anki's deck list.")
DECK_STATS["propertyNames"] = {"pattern": "^[0-9]+$"}

# The orders of Anki's filtered-deck dialog, by the number Anki stores (the position here).
FILTERED_ORDERS = ("oldestSeenFirst", "random", "increasingIntervals", "decreasingIntervals", "mostLapses",
                   "added", "due", "latestAddedFirst", "ascendingRetrievability", "descendingRetrievability",
                   "relativeOverdueness")
FILTERED_ORDER = {"anyOf": [
    described({"type": "string", "enum": list(FILTERED_ORDERS)},
              "An order by name, as Anki's filtered-deck dialog lists them (the retrievability orders "
              "need FSRS; relativeOverdueness Anki 26.05 or newer)."),
    {**described(INTEGER, "The order's number, as Anki stores it (its position in the list of names, "
                          "from 0)."),
     "minimum": 0, "maximum": len(FILTERED_ORDERS) - 1},
]}
DECK_ID_RESULT = described(DECK_ID, "The filtered deck's id.")
