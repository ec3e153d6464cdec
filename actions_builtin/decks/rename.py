"""renameDeck: Anki's Rename in the deck list, refusing what Anki would silently alter."""

from __future__ import annotations

from ...core.plugin_api import ActionError
from ..shared.params import json_value
from ..shared.schemas import DECK_NAME, described, params, schema
from .names import deck_named, is_inside, new_deck_name, refuse_filtered_parent


@schema(params=params(deck=described(DECK_NAME, "The deck to rename (any case)."),
                      newName=described(DECK_NAME, 'Its new full name; "::" makes it a subdeck.'),
                      required=["deck", "newName"]),
        result=described(DECK_NAME, "The deck's new full name as Anki stored it (spaces around "
                                    "\"::\" trimmed, existing parents' letter case)."))
def renameDeck(deck, newName, *, col, changes):
    """Rename a deck (and so move it: ``A::B`` to ``C::B``); its subdecks move
    with it, and every id stays. The new name must not be another deck's, and
    a deck cannot move into its own subdecks. Returns the new full name."""
    found = deck_named(col, deck)
    new_name = new_deck_name(newName, "newName")
    old_name = found["name"]
    if new_name == old_name:
        return old_name
    taken = col.decks.id_for_name(new_name)
    if taken and taken != found["id"]:
        raise ActionError(f"a deck named {json_value(col.decks.name(taken))} already exists")
    if is_inside(new_name, old_name):
        raise ActionError(f"deck {json_value(old_name)} cannot move into itself ({json_value(new_name)})")
    refuse_filtered_parent(col, new_name)
    # Anki leaves no undo entry for a name it trims back to the old one
    changes.record(col.decks.rename(found["id"], new_name))
    return col.decks.name(found["id"])
