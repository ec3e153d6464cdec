"""Schema pieces of the note type (model) actions: the note type object, names, positions."""

from __future__ import annotations

from typing import Any, Dict

from ..shared.schemas import (
    BOOLEAN,
    DECK_ID,
    FIELD_NAME,
    INTEGER,
    MODEL_ID,
    MODEL_NAME,
    STRING,
    TEMPLATE_NAME,
    array,
    described,
    nullable,
    obj,
    params,
)

# Strings of digits too, as the docs say: upstream's lookup turned strings into ints.
MODEL_ID_OR_DIGITS = {"anyOf": [MODEL_ID, {"type": "string", "pattern": "^[0-9]+$",
                                           "description": "A note type id as a string of digits."}]}

NOT_BLANK = {"type": "string", "pattern": r"\S"}  # what a new name must be
NEW_FIELD_NAME = described(NOT_BLANK, "A field name, not blank.")
NEW_TEMPLATE_NAME = described(NOT_BLANK, "A card template name, not blank.")

POSITION = {"type": "integer", "minimum": 0,
            "description": "A position, 0 being first; past the last one: last."}

FRONT = described(STRING, "The question format of a card template.")
BACK = described(STRING, "The answer format of a card template.")


def named(**more: Dict[str, Any]) -> Dict[str, Any]:
    """The params of an action on the note type ``modelName`` and these more, all required."""
    return params(modelName=MODEL_NAME, **more, required=["modelName", *more])


# A note type as Anki stores it (its JSON form): open, since Anki adds keys now and then.
_CARD_TEMPLATE = obj({
    "name": TEMPLATE_NAME,
    "ord": described(INTEGER, "Its position, from 0."),
    "qfmt": FRONT,
    "afmt": BACK,
    "bqfmt": described(STRING, "The question format the Browser shows (empty: qfmt)."),
    "bafmt": described(STRING, "The answer format the Browser shows (empty: afmt)."),
    "did": nullable(DECK_ID, "The deck new cards of this template go to; null: the note's deck."),
    "bfont": STRING,
    "bsize": INTEGER,
    "id": nullable(INTEGER),
}, required=["name", "ord", "qfmt", "afmt"], closed=False, description="A card template.")
_FIELD = obj({
    "name": FIELD_NAME,
    "ord": described(INTEGER, "Its position, from 0."),
    "sticky": described(BOOLEAN, "Whether the Add dialog keeps its content for the next note."),
    "rtl": described(BOOLEAN, "Whether it is edited right to left."),
    "font": described(STRING, "The editor's font."),
    "size": described(INTEGER, "The editor's font size."),
    "description": described(STRING, "The editor's placeholder text."),
    "plainText": BOOLEAN,
    "collapsed": BOOLEAN,
    "excludeFromSearch": BOOLEAN,
    "id": nullable(INTEGER),
    "tag": nullable(INTEGER),
    "preventDeletion": described(BOOLEAN, "Whether the note type needs it (Image Occlusion's do)."),
}, required=["name", "ord", "font", "size"], closed=False, description="A field.")
NOTE_TYPE = obj({
    "id": MODEL_ID,
    "name": MODEL_NAME,
    "type": {"enum": [0, 1], "description": "0: standard, 1: cloze."},
    "mod": described(INTEGER, "When it was last changed, in seconds since 1970."),
    "usn": described(INTEGER, "The sync's update sequence number (-1: not synced yet)."),
    "sortf": described(INTEGER, "The position of the field the Browser sorts by."),
    "did": nullable(DECK_ID, "The deck last used with it."),
    "tmpls": array(_CARD_TEMPLATE),
    "flds": array(_FIELD),
    "css": STRING,
    "latexPre": STRING,
    "latexPost": STRING,
    "latexsvg": BOOLEAN,
    "req": array({"type": "array", "prefixItems": [
        described(INTEGER, "A card template's position."),
        {"enum": ["any", "all", "none"]},
        array(INTEGER, "Positions of fields of which any (or all) must be filled in."),
    ]}, "What makes a card of each card template (Anki keeps it for older clients)."),
    "originalStockKind": described(INTEGER, "The stock note type it was made from (0: none)."),
}, required=["id", "name", "type", "mod", "usn", "sortf", "tmpls", "flds", "css"], closed=False,
    description="A note type, as Anki stores it.")
