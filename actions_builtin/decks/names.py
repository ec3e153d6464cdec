"""Finding a deck by the name a client gives, and checking a name a deck is to get.

Anki never refuses a deck name: it drops control characters, trims each
``::`` part, calls an empty part ``blank`` and appends ``+`` to a name that is
taken. A client asking for "Japanese" and getting "Japanese+" or "blank"
would not notice; the actions that give decks new names refuse such names
instead, in words.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Dict

from ...core.plugin_api import ActionError
from ..shared.params import json_value, string


def deck_named(col: Any, name: Any, param: str = "deck") -> Dict[str, Any]:
    """The deck called name (any case, as Anki looks names up); an error if there is none."""
    did = col.decks.id_for_name(string(name, param, "a deck name"))
    if not did:
        raise ActionError(f"deck was not found: {name}")
    return col.decks.get(did)


def filtered_deck_named(col: Any, name: Any, param: str = "deck") -> Dict[str, Any]:
    """The filtered deck called name; an error if there is none, or it is a normal deck."""
    deck = deck_named(col, name, param)
    if not deck["dyn"]:
        raise ActionError(f"deck {json_value(deck['name'])} is not a filtered deck")
    return deck


def new_deck_name(name: Any, param: str) -> str:
    """A name a deck can get as it is, but for spaces around its parts (Anki trims those)."""
    name = string(name, param, "a deck name")
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise _invalid(name, "it holds control characters")
    if not name.strip():
        raise _invalid(name, "it is empty")
    if any(not _trimmed(part) for part in name.split("::")):
        raise _invalid(name, 'a part between "::" is empty')
    return name


def refuse_filtered_parent(col: Any, name: str) -> None:
    """Refuse a name that would put a deck under a filtered deck, which cannot have subdecks.

    Anki refuses it too, but from inside its operation, and a failed operation
    empties Anki's whole undo history.
    """
    parts = name.split("::")
    for depth in range(len(parts) - 1, 0, -1):
        did = col.decks.id_for_name("::".join(parts[:depth]))
        if did:
            parent = col.decks.get(did)
            if parent["dyn"]:
                raise ActionError(f"deck {json_value(parent['name'])} is a filtered deck, "
                                  "which cannot have subdecks")
            return


def is_inside(name: str, ancestor: str) -> bool:
    """Whether name is a subdeck's name of ancestor (at any depth)."""
    key, parent = _key(name), _key(ancestor)
    return key[:len(parent)] == parent and len(key) > len(parent)


def _trimmed(part: str) -> str:
    """A part of a name as Anki keeps it: without spaces and colons at either end."""
    start, end = 0, len(part)
    while start < end and (part[start].isspace() or part[start] == ":"):
        start += 1
    while end > start and (part[end - 1].isspace() or part[end - 1] == ":"):
        end -= 1
    return part[start:end]


def _key(name: str) -> tuple:
    return tuple(_trimmed(unicodedata.normalize("NFC", part)).casefold() for part in name.split("::"))


def _invalid(name: str, why: str) -> ActionError:
    return ActionError(f"invalid deck name {json_value(name)}: {why}")
