"""An example AnkiConnect plugin: adds the action ``deckNoteCount``."""

import pluggy
from anki.collection import SearchNode

hookimpl = pluggy.HookimplMarker("ankiconnect")


def deckNoteCount(deck, *, col):
    """The number of notes with a card in `deck` or its subdecks."""
    if not col.decks.by_name(deck):
        raise ValueError(f"deck was not found: {deck}")
    return len(col.find_notes(col.build_search_string(SearchNode(deck=deck))))


@hookimpl
def register_actions(register):
    register(deckNoteCount)
