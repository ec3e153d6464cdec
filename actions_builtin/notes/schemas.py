"""JSON Schema pieces of the note actions (the shared ones are in ``shared/schemas.py``)."""

from __future__ import annotations

from ..shared.schemas import (
    CARD_IDS,
    FIELDS,
    INTEGER,
    MEDIA,
    MOD_TIME,
    MODEL_NAME,
    NOTE_ID,
    STRING,
    TAG,
    TAG_LIST,
    TAGS,
    described,
    found_or_empty,
    map_of,
    nullable,
    obj,
)

# updateNoteTags' and updateNote's rule: a string is a single tag, not a list.
TAG_OR_TAGS = {"anyOf": [TAG_LIST, described(TAG, "A single tag (spaces do not separate tags here).")]}

_MEDIA = {"audio": MEDIA, "video": MEDIA, "picture": MEDIA}
_EXACT_FIELDS = described(FIELDS, "New values by exact field name (null counts as empty); the other "
                                  "fields keep theirs, unknown names are ignored.")

NOTE_FIELDS_UPDATE = obj({"id": NOTE_ID, "fields": _EXACT_FIELDS, **_MEDIA},
                         required=["id", "fields"], closed=False,
                         description="The note to change, and its new field values and media.")

NOTE_UPDATE = {
    **obj({"id": NOTE_ID, "fields": _EXACT_FIELDS,
           "tags": described(TAG_OR_TAGS, "The note's new tags, replacing all it has."), **_MEDIA},
          required=["id"], closed=False,
          description='The note to change: new field values (and media), new tags, or both.'),
    "anyOf": [{"required": ["fields"]}, {"required": ["tags"]}],
}

NOTE_MODEL_UPDATE = obj({
    "id": NOTE_ID,
    "modelName": {**described(MODEL_NAME, "The note type the note gets."), "minLength": 1},
    "fields": {**map_of(STRING, "Values by field name of the new note type (any case); "
                                "the fields not given are empty."), "minProperties": 1},
    "tags": nullable(TAGS, "The note's tags, replacing all it has (none when left out)."),
}, required=["id", "modelName", "fields"], closed=False)

CAN_ADD = {"anyOf": [
    obj({"canAdd": {"const": True}}, required=["canAdd"]),
    obj({"canAdd": {"const": False},
         "error": described(STRING, "The error addNote would give.")}, required=["canAdd", "error"]),
]}

NOTE_INFO = obj({
    "noteId": NOTE_ID,
    "profile": described(STRING, "The name of the profile open now."),
    "tags": TAG_LIST,
    "fields": map_of(obj({"value": STRING, "order": described(INTEGER, "The field's position, from 0.")},
                         required=["value", "order"]), "By field name."),
    "modelName": MODEL_NAME,
    "mod": MOD_TIME,
    "cards": described(CARD_IDS, "The note's cards, by template position."),
}, description="A note (with keys: only those keys); {} for an id that is not a note.")
# The keys of a note's reply, in their order.
NOTE_KEYS = tuple(NOTE_INFO["properties"])

NOTE_MOD_TIME = found_or_empty({"noteId": NOTE_ID, "mod": MOD_TIME},
                               "A note's modification time; {} for an id that is not a note.")
