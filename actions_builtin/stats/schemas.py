"""JSON Schema pieces of the statistics actions: reviews, as rows and as objects."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Tuple

from ..shared.schemas import CARD_ID, DECK_NAME, ID_DIGITS, INTEGER, described, obj

# The values of a review, in the order of a review row, and what each means.
REVIEW_VALUES: Tuple[Tuple[str, str], ...] = (
    ("id", "The review's id: when it happened, in milliseconds since 1970 (unique)."),
    ("cardID", "The id of the card reviewed."),
    ("usn", "Update sequence number; -1: not synced yet."),
    ("ease", "The button pressed: 1 again, 2 hard, 3 good, 4 easy; 0: a manual rescheduling."),
    ("ivl", "The new interval: days if positive, seconds if negative."),
    ("lastIvl", "The interval before, the same way."),
    ("factor", "The new ease factor, in tenths of a percent (2500: 250%)."),
    ("time", "How long the answer took, in milliseconds."),
    ("type", "0 learning, 1 review, 2 relearning, 3 filtered deck, 4 manual, 5 rescheduled."),
)


def review_row(bounds: Optional[Mapping[str, Tuple[int, int]]] = None) -> Dict[str, Any]:
    """A review as an array of its 9 integers; ``bounds``: (lowest, highest) by column."""
    values = []
    for name, description in REVIEW_VALUES:
        value = described(INTEGER, f"{name}: {description}")
        if bounds and name in bounds:
            value["minimum"], value["maximum"] = bounds[name]
        values.append(value)
    # maxItems rather than "items": false, which some OpenAPI tools cannot read
    return {"type": "array", "prefixItems": values, "minItems": len(values), "maxItems": len(values),
            "description": "A review: [" + ", ".join(name for name, _ in REVIEW_VALUES) + "]."}


# getReviewsOfCards: keyed by card, so without the card's id.
REVIEW_OBJECT = obj({name: described(INTEGER, description)
                     for name, description in REVIEW_VALUES if name != "cardID"},
                    required=[name for name, _ in REVIEW_VALUES if name != "cardID"],
                    description="A review of the card.")

DAY_COUNT = {"type": "array", "minItems": 2, "maxItems": 2, "prefixItems": [
    {"type": "string", "format": "date", "description": "A local date, YYYY-MM-DD."},
    {"type": "integer", "minimum": 1, "description": "The number of reviews that day."},
]}

DECK = described(DECK_NAME, "A deck's name, in any case (its subdecks do not count).")
CARD_ID_OR_DIGITS = {"anyOf": [CARD_ID, ID_DIGITS]}
