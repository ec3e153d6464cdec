"""Writing the JSON Schemas of actions: small reusable pieces, and the docs' examples.

Each action declares, beside its code, a JSON Schema (draft 2020-12) of its
``params`` object and one of its ``result``; the group registers through
:func:`documented`, which hands them to ``register`` (as ``params_schema``
and ``result_schema``, what a third-party plugin passes itself) together
with the action's example from ``docs/actions/<page>.md``::

    from ..shared.schemas import BOOLEAN, FILE_NAME, documented, params, schema

    @schema(params=params(filename=FILE_NAME, required=["filename"]), result=BOOLEAN)
    def hasMediaFile(filename, *, col): ...

    @hookimpl
    def register_actions(register):
        register = documented(register, "media")
        register(hasMediaFile)

A schema says what the server accepts and answers; the suite checks every
request and reply it sends against them. Where the server is more lenient
than a piece says (note and card ids may also be strings of digits, as
upstream's SQL took them), the piece keeps to the documented contract.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Tuple

# JSON types ------------------------------------------------------------------

NULL = {"type": "null"}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
STRING = {"type": "string"}
ANY: Dict[str, Any] = {}  # any JSON value


def _with_description(schema: Dict[str, Any], description: Optional[str]) -> Dict[str, Any]:
    if description:
        schema["description"] = description
    return schema


def described(schema: Mapping[str, Any], description: str) -> Dict[str, Any]:
    """schema with a description of its own (for one parameter or field)."""
    return {**schema, "description": description}


def nullable(schema: Mapping[str, Any], description: Optional[str] = None) -> Dict[str, Any]:
    """schema, or null."""
    return _with_description({"anyOf": [dict(schema), NULL]}, description)


def array(items: Mapping[str, Any], description: Optional[str] = None, **keywords: Any) -> Dict[str, Any]:
    """An array of items (``keywords``: more JSON Schema, e.g. ``minItems=1``)."""
    return _with_description({"type": "array", "items": dict(items), **keywords}, description)


def obj(properties: Mapping[str, Mapping[str, Any]], required: Iterable[str] = (),
        description: Optional[str] = None, closed: bool = True) -> Dict[str, Any]:
    """An object with these properties; ``closed``: no others (unknown keys are refused).

    Leave it open (``closed=False``) where the server ignores unknown keys.
    """
    schema: Dict[str, Any] = {"type": "object", "properties": {k: dict(v) for k, v in properties.items()}}
    required = list(required)
    if required:
        schema["required"] = required
    if closed:
        schema["additionalProperties"] = False
    return _with_description(schema, description)


def map_of(values: Mapping[str, Any], description: Optional[str] = None) -> Dict[str, Any]:
    """An object whose keys are free (names, ids) and whose values are all values."""
    return _with_description({"type": "object", "additionalProperties": dict(values)}, description)


def params(required: Iterable[str] = (), **properties: Mapping[str, Any]) -> Dict[str, Any]:
    """The ``params`` object of an action: these parameters and no others.

    Unknown parameters are always refused (``x() got an unexpected keyword
    argument``), so the object is closed.
    """
    return obj(properties, required)


NO_PARAMS = params()



# Pieces of the API -----------------------------------------------------------

NOTE_ID = described(INTEGER, "A note id (the time it was created, in milliseconds since 1970).")
CARD_ID = described(INTEGER, "A card id (the time it was created, in milliseconds since 1970).")
DECK_ID = described(INTEGER, "A deck id.")
MODEL_ID = described(INTEGER, "A note type (model) id.")
NOTE_IDS = array(NOTE_ID, "Note ids.")
CARD_IDS = array(CARD_ID, "Card ids.")

DECK_NAME = described(STRING, 'A deck name; "::" separates a subdeck from its parent ("Japanese::Verbs").')
MODEL_NAME = described(STRING, "A note type (model) name.")
FIELD_NAME = described(STRING, "A field name of a note type.")
TAG = described(STRING, "A tag; '::' separates a child tag from its parent.")
TAG_LIST = array(TAG, "Tags.")
TAGS = {"anyOf": [TAG_LIST, described(STRING, "Tags separated by spaces.")]}
SEARCH = described(STRING, 'An Anki search, as typed in the Browser ("deck:current is:due").')
FIELDS = map_of(nullable(STRING), "Field values by field name (null counts as empty).")

FILE_NAME = described(STRING, "A media file name; only its last path component is used.")
BASE64 = {"type": "string", "contentEncoding": "base64", "description": "Content, base64-encoded."}
MD5_HEX = described(STRING, "An MD5 digest, as 32 hexadecimal digits.")

MEDIA_OBJECT = obj({
    "filename": FILE_NAME,
    "data": BASE64,
    "path": described(STRING, "A regular file on the machine Anki runs on."),
    "url": described(STRING, "Where to download the file (within the webTimeout setting)."),
    "skipHash": described(MD5_HEX, "Store nothing if the content has this MD5 digest."),
    "deleteExisting": described(BOOLEAN, "Move an existing different file of this name to the trash."),
    "fields": array(FIELD_NAME, "The fields that get a reference to the stored file."),
}, required=["filename"], closed=False,
    description='A file to store: from "data", "path" or "url", the first one given.')
MEDIA = {"anyOf": [MEDIA_OBJECT, array(MEDIA_OBJECT), NULL]}

DUPLICATE_SCOPE_OPTIONS = obj({
    "deckName": nullable(DECK_NAME, "The deck to look for duplicates in (default: the note's deck)."),
    "checkChildren": described(BOOLEAN, "Look in its subdecks too."),
    "checkAllModels": described(BOOLEAN, "Count notes of every note type as duplicates."),
}, closed=False)
NOTE_OPTIONS = obj({
    "allowDuplicate": BOOLEAN,
    "duplicateScope": described(STRING, '"deck": look for duplicates in one deck only '
                                        "(default: everywhere)."),
    "duplicateScopeOptions": nullable(DUPLICATE_SCOPE_OPTIONS),
}, closed=False)
NOTE = obj({
    "deckName": DECK_NAME,
    "modelName": MODEL_NAME,
    "fields": FIELDS,
    "tags": nullable(TAGS),
    "options": nullable(NOTE_OPTIONS),
    "audio": MEDIA,
    "video": MEDIA,
    "picture": MEDIA,
}, required=["deckName", "modelName", "fields"], closed=False, description="A note to add.")

# Of the models and gui groups.
TEMPLATE_NAME = described(STRING, 'A card template (card type) name of a note type ("Card 1").')


# Pieces of the API, added with the notes and stats groups ----------------------

ID_DIGITS = {"type": "string", "pattern": "^[0-9]+$",
             "description": "An id written as a string of digits (as upstream's SQL took it)."}
MOD_TIME = described(INTEGER, "When it was last changed, in seconds since 1970.")


def found_or_empty(properties: Mapping[str, Mapping[str, Any]], description: str) -> Dict[str, Any]:
    """An object with all these properties, or ``{}`` for an id that names nothing.

    Said with ``dependentRequired`` (each property needs all the others)
    rather than ``anyOf: [object, {}]``, which openapi-python-client cannot
    turn into code when the object holds objects of its own.
    """
    schema = obj(properties, description=description)
    schema["dependentRequired"] = {name: [other for other in properties if other != name]
                                   for name in properties}
    return schema


# Added with the cards, decks and collection groups (phase 2) ----------------
# openapi-python-client (0.29) drops an object nested in a member of an anyOf
# (e.g. FIELD_VALUES in anyOf [a card, NOT_FOUND]), and that whole member with
# it: see CARD_INFO in cards/schemas.py for a way around.

NOT_FOUND = described(obj({}), "{}: there is no card or note with this id.")
FIELD_VALUES = map_of(
    obj({"value": described(STRING, "The field's content (HTML)."),
         "order": described(INTEGER, "The field's position in the note type, from 0.")},
        required=["value", "order"]),
    "The note's fields by name.")
EASE = {"type": "integer", "enum": [1, 2, 3, 4], "description": "An answer: 1 Again, 2 Hard, 3 Good, 4 Easy."}
CSS = described(STRING, "The note type's CSS.")
NEXT_REVIEWS = array(STRING, "The labels of the answer buttons (when the card would be due next), "
                             "as Anki shows them.")


def key_choice(keys: Iterable[str]) -> Dict[str, Any]:
    """The ``keys`` param of a lean read: which top-level keys of each reply object to answer."""
    return array({"type": "string", "enum": list(keys)},
                 "Only these keys of each object are computed and answered, in the reply's own order "
                 "(left out: all of them).", minItems=1)


# Declaring and registering ---------------------------------------------------

_DECLARED = "_ankiconnect_schemas"


def schema(*, params: Mapping[str, Any], result: Mapping[str, Any]) -> Callable[[Callable], Callable]:
    """Declare an action's params and result schemas beside it (see :func:`documented`)."""
    def declare(function: Callable) -> Callable:
        setattr(function, _DECLARED, (params, result))
        return function
    return declare


def documented(register: Callable[..., None], page: str) -> Callable[..., None]:
    """A ``register`` that adds each action's declared schemas and documented example.

    The example of ``## action`` on ``docs/actions/<page>.md`` becomes the
    ``examples`` of its schemas: the request's params, and the reply's
    result when it is not an error.
    """
    examples = documented_examples(page)

    def register_documented(function: Callable, name: Optional[str] = None, **options: Any) -> None:
        declared = getattr(function, _DECLARED, None)
        if declared is not None:
            example = examples.get(name or function.__name__)
            params_schema, result_schema = declared
            if example is not None:
                params_schema = {**params_schema, "examples": [example[0]]}
                if len(example) > 1:
                    result_schema = {**result_schema, "examples": [example[1]]}
            options.setdefault("params_schema", params_schema)
            options.setdefault("result_schema", result_schema)
        register(function, name, **options)

    return register_documented


# The folder of the add-on, not of the checkout it may be linked from: Anki
# runs the packaged add-on, whose docs/actions must then be there too.
DOCS = Path(os.path.abspath(__file__)).parents[2] / "docs" / "actions"

_SECTION = re.compile(r"^## (\w+)\s*$", re.MULTILINE)
_BLOCK = re.compile(r"^```json (request|reply)\s*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def documented_exchanges(page: str) -> Dict[str, Tuple[Any, Any]]:
    """(request, reply) of each action's example on a docs page: a section
    ``## action`` with fenced blocks tagged ``json request`` and ``json reply``.

    A missing page gives none: the schemas are served without examples.
    Each call gives new objects, so callers may change what they get.
    """
    return {action: (json.loads(request), json.loads(reply))
            for action, (request, reply) in _documented_blocks(page).items()}


@functools.lru_cache(maxsize=None)
def _documented_blocks(page: str) -> Dict[str, Tuple[str, str]]:
    """The request and reply blocks of a docs page, read once: plugins are
    loaded again whenever one is added at runtime, and the page does not change."""
    try:
        text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    except OSError:
        return {}
    found: Dict[str, Tuple[str, str]] = {}
    sections = list(_SECTION.finditer(text))
    for index, section in enumerate(sections):
        end = sections[index + 1].start() if index + 1 < len(sections) else len(text)
        blocks = dict(_BLOCK.findall(text[section.end():end]))
        if "request" in blocks and "reply" in blocks:
            found[section.group(1)] = (blocks["request"], blocks["reply"])
    return found


def documented_examples(page: str) -> Dict[str, Tuple[Any, ...]]:
    """(params,) or (params, result) of each action's example on a docs page."""
    found: Dict[str, Tuple[Any, ...]] = {}
    for action, (request, reply) in documented_exchanges(page).items():
        example: Tuple[Any, ...] = (request.get("params", {}),)
        result = _result_of(reply, request.get("version", 4))
        if result is not _ERROR:
            example += (result,)
        found[action] = example
    return found


_ERROR = object()


def _result_of(reply: Any, version: Any) -> Any:
    if isinstance(reply, dict) and set(reply) == {"result", "error"}:
        return _ERROR if reply["error"] is not None else reply["result"]
    return reply if version <= 4 else _ERROR
