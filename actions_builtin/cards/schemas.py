"""Schema pieces of the card actions only (the shared ones are in ../shared/schemas.py)."""

from __future__ import annotations

from ..shared.schemas import (
    CARD_ID,
    CSS,
    DECK_NAME,
    FIELD_VALUES,
    INTEGER,
    MOD_TIME,
    MODEL_NAME,
    NEXT_REVIEWS,
    NOT_FOUND,
    NOTE_ID,
    STRING,
    array,
    described,
    obj,
)

CARD_TYPE = {"type": "integer", "enum": [0, 1, 2, 3],
             "description": "0 new, 1 learning, 2 review, 3 relearning."}
CARD_QUEUE = {"type": "integer", "enum": [-3, -2, -1, 0, 1, 2, 3, 4],
              "description": "As type, and -3 buried by Anki, -2 buried by the user, -1 suspended, "
                             "3 learning over a day, 4 preview."}

_CARD_INFO_KEYS = {
    "cardId": CARD_ID,
    "fields": FIELD_VALUES,
    "fieldOrder": described(INTEGER, "The same as ord."),
    "question": described(STRING, "The question side as Anki renders it for review: "
                                  "<style> with the note type's CSS, then the HTML."),
    "answer": described(STRING, "The answer side, rendered the same way."),
    "modelName": MODEL_NAME,
    "ord": described(INTEGER, "The card's template, from 0."),
    "deckName": described(DECK_NAME, "The deck the card is in now (a filtered deck, if it is in one)."),
    "css": CSS,
    "factor": described(INTEGER, "The ease factor (2500 = 250%; 0 for a new card)."),
    "interval": described(INTEGER, "The current interval, in days."),
    "note": NOTE_ID,
    "type": CARD_TYPE,
    "queue": CARD_QUEUE,
    "due": described(INTEGER, "New: the position in the queue; review: a day number; "
                              "learning: seconds since 1970."),
    "reps": described(INTEGER, "How often it was answered."),
    "lapses": described(INTEGER, "How often it was forgotten."),
    "left": described(INTEGER, "The learning steps left (Anki's own count)."),
    "mod": MOD_TIME,
    "nextReviews": described(NEXT_REVIEWS, "The labels of the Again, Hard, Good and Easy buttons."),
    "flags": described(INTEGER, "The flag: 0 none, 1 red ... 7 purple."),
}
# All of them, in this order, or none ({}: not a card); with the keys param, only those. (Not said
# with anyOf [card, {}]: openapi-python-client drops an object nested in an anyOf member, 0.29.)
CARD_INFO = obj(_CARD_INFO_KEYS, description="A card (with keys: only those keys); {}: the id is not a card.")

MOD_TIME_OF_CARD = {"anyOf": [obj({"cardId": CARD_ID, "mod": MOD_TIME}, required=["cardId", "mod"]),
                              NOT_FOUND]}

INTERVALS = array({"anyOf": [
    described(INTEGER, "The last interval (negative: seconds, positive: days; 0: a new card)."),
    described(array(INTEGER), "With complete: every interval, oldest first ([]: not a card, or no history)."),
]})

# setSpecificValueOfCard's answers.
VALUES_SET = {"anyOf": [
    array({"const": True}, "Changed: true per key.", minItems=1),
    # "type" beside "const": openapi-python-client 0.29 cannot parse the pair otherwise
    array({"type": "array", "prefixItems": [{"type": "boolean", "const": False}, STRING],
           "minItems": 2, "maxItems": 2}, "Not changed: [[false, the error]].", minItems=1, maxItems=1),
    described({"const": False}, "Refused: keys and newValues of different lengths, or a key that "
                                "needs warning_check."),
]}
