"""Adding and removing deck options groups through Anki's Deck Options operation.

Anki's legacy calls for this (``decks.add_config``, ``decks.remove_config``)
clear the undo history, and ``remove_config`` asks the user about a full sync
in a modal dialog, which must never happen in the middle of a request. The
operation the Deck Options screen uses (``update_deck_configs``) does both
jobs undoably and never prompts: it marks the schema modified itself, so
Anki asks about the one-way sync at the next sync instead.

That operation also sets the options group of one "target" deck and writes
the collection-wide deck options settings; both are handed back unchanged,
copied from what Anki reports, so only the group is added or removed.
"""

from __future__ import annotations

from typing import Any, Tuple

DEFAULT_DECK_ID = 1
DEFAULT_CONFIG_ID = 1


def add_copy(col: Any, name: str, source_id: int) -> Tuple[int, Any]:
    """Add a group named name, a copy of group source_id; (its id, OpChanges)."""
    state = col.decks.get_deck_configs_for_update(DEFAULT_DECK_ID)
    groups = {entry.config.id: entry.config for entry in state.all_config}
    copy = type(groups[source_id])()
    copy.CopyFrom(groups[source_id])
    copy.id = 0
    copy.name = name
    before = set(groups)
    # The target keeps its own group: it is the last, "selected" one.
    changes = update(col, state, DEFAULT_DECK_ID, [copy, groups[state.current_deck.config_id]], [])
    new_id = next(c["id"] for c in col.decks.all_config() if c["id"] not in before)
    return new_id, changes


def remove(col: Any, config_id: int) -> Any:
    """Remove a group; decks using it get the default group. Returns OpChanges."""
    users = [d["id"] for d in col.decks.all() if "conf" in d and int(d["conf"]) == config_id]
    # Decks of a removed group are given the selected (last) group: the default
    # one. The target is one of them, so no other deck changes group; with no
    # users, the Default deck is the target and keeps its own group.
    target = users[0] if users else DEFAULT_DECK_ID
    state = col.decks.get_deck_configs_for_update(target)
    groups = {entry.config.id: entry.config for entry in state.all_config}
    selected = groups[DEFAULT_CONFIG_ID] if users else groups[state.current_deck.config_id]
    return update(col, state, target, [selected], [config_id])


def update(col: Any, state: Any, target: int, configs: list, removed: list) -> Any:
    """Save the configs (the target deck gets the last one) and remove the removed ones,
    as the Deck Options screen does; the collection-wide settings in state stay as they are."""
    from anki.decks import UpdateDeckConfigs

    request = UpdateDeckConfigs(target_deck_id=target, configs=configs, removed_config_ids=removed,
                                limits=state.current_deck.limits)
    # Collection-wide settings go back as they are (including any that a newer
    # Anki adds under the same name).
    offered = {field.name for field in type(state).DESCRIPTOR.fields}
    for field in request.DESCRIPTOR.fields:
        if field.name in offered:
            value = getattr(state, field.name)
            if isinstance(value, (bool, int, float, str)):
                setattr(request, field.name, value)
    return col.decks.update_deck_configs(request)
