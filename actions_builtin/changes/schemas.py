"""Schema pieces of the change feed (the shared ones are in ../shared/schemas.py)."""

from __future__ import annotations

from ..shared.schemas import (
    BOOLEAN,
    CARD_IDS,
    DECK_ID,
    FILE_NAME,
    INTEGER,
    MODEL_ID,
    NOTE_IDS,
    STRING,
    array,
    described,
    nullable,
    obj,
    params,
)

MAX_WAIT = 60
MAX_LIMIT = 100_000
DEFAULT_LIMIT = 10_000

CURSOR = described({**STRING, "pattern": "^c[12][.][0-9a-f]{8}([.]-?[0-9]+)+$"},
                   "Where a client stands in the feed, as getChanges answered it (opaque).")


def _kind(ids: dict, what: str) -> dict:
    return obj({"changed": described(ids, f"{what} added or modified since the cursor."),
                "deleted": described(ids, f"{what} deleted since the cursor.")},
               required=["changed", "deleted"])


GET_CHANGES_PARAMS = params(
    since=nullable(CURSOR, "The cursor of the last reply; null: the present (the starting point)."),
    wait=described({"type": "number", "minimum": 0, "maximum": MAX_WAIT},
                   f"Seconds to wait for a change when there is nothing new yet (0 to {MAX_WAIT}, "
                   "default 0: answer at once)."),
    limit=described({**INTEGER, "minimum": 1, "maximum": MAX_LIMIT},
                    f"The most ids (or file names) in each list (default {DEFAULT_LIMIT:,}); "
                    "a longer one is cut, and more is true."),
)

CHANGES = obj({
    "cursor": described(CURSOR, "Pass it as since next time."),
    "reset": described(BOOLEAN, "true: what changed since the cursor cannot be listed exactly (another "
                                "collection's cursor, a full sync, an undo of what the cursor saw...); "
                                "the lists are empty: re-read what you keep, then go on from this cursor."),
    "more": described(BOOLEAN, "true: limit cut a list; call again with this cursor for the rest."),
    "notes": _kind(NOTE_IDS, "Notes"),
    "cards": _kind(CARD_IDS, "Cards"),
    "decks": _kind(array(DECK_ID, "Deck ids."), "Decks"),
    "models": _kind(array(MODEL_ID, "Note type ids."), "Note types (models)"),
    "media": obj({"added": array(FILE_NAME, "Media files added (or replaced) since the cursor."),
                  "deleted": array(FILE_NAME, "Media files deleted since the cursor.")},
                 required=["added", "deleted"]),
    "reviews": described({**INTEGER, "minimum": 0},
                         "The number of reviews added to the review log since the cursor "
                         "(those a sync brought from other devices included)."),
}, required=["cursor", "reset", "more", "notes", "cards", "decks", "models", "media", "reviews"],
    description="What changed since the cursor.")
