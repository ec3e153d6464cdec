"""Deck actions: names, creation, moving cards, deletion, options groups, stats;
renaming (``rename.py``), filtered decks (``filtered.py``) and the FSRS settings
of options presets (``fsrs.py``).

Deck names given by clients are matched as upstream does: exactly (case and
all) where upstream compared against ``deckNames``, case-insensitively where
it asked Anki (``createDeck``, ``changeDeck``, ``getDeckStats``).
"""

from __future__ import annotations

from typing import Any, Dict, List

from ...core.plugin_api import ActionError, hookimpl
from ..shared.ids import card_id_list, deck_id, rows_by_id
from ..shared.params import boolean, string, string_list, wrong_type
from ..shared.schemas import (
    BOOLEAN,
    CARD_IDS,
    DECK_ID,
    DECK_NAME,
    NO_PARAMS,
    NULL,
    STRING,
    described,
    documented,
    map_of,
    params,
    schema,
)
from . import filtered, fsrs, options
from .rename import renameDeck
from .schemas import (
    CONFIG_ID,
    DECK_NAMES,
    DECK_STATS,
    FILTERED_DECK,
    GROUP_ID,
    OPTIONS_GROUP,
    OPTIONS_GROUP_TO_SAVE,
)

_EXACT_NAMES = described(DECK_NAMES, "Exactly as deckNames answers them.")


def _names(col: Any) -> Dict[str, int]:
    """Every deck's full name -> id, in Anki's order."""
    return {d.name: d.id for d in col.decks.all_names_and_ids()}


def _deck_name(deck: Any) -> str:
    return string(deck, "deck", "a deck name")


def _deck_name_list(decks: Any) -> List[str]:
    return string_list(decks, "decks", "deck names")


def _config_id(value: Any, param: str = "configId") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise wrong_type(param, "an options group id", value)
    return int(value)  # as upstream: int()'s own error text for "abc"


# Reading ---------------------------------------------------------------------

@schema(params=NO_PARAMS, result=DECK_NAMES)
def deckNames(*, col):
    """The full names of all decks (filtered decks and Default included), sorted as in Anki."""
    return [d.name for d in col.decks.all_names_and_ids()]


@schema(params=NO_PARAMS, result=map_of(DECK_ID, "Deck ids by full name."))
def deckNamesAndIds(*, col):
    """``{name: id}`` for all decks, in the order of ``deckNames``."""
    return _names(col)


@schema(params=params(cards=CARD_IDS, required=["cards"]),
        result=map_of(CARD_IDS, "The cards given, by the full name of the deck they are in."))
def getDecks(cards, *, col):
    """``{deckName: [cardId, ...]}``: the given cards grouped by the deck they
    are in now (a filtered deck, if they are in one). Unknown ids are left out."""
    ids = card_id_list(cards)
    decks = rows_by_id(col, "select id, did from cards where id in", ids)
    names = {did: name for name, did in _names(col).items()}
    grouped: Dict[str, List[int]] = {}
    for cid in ids:
        if cid in decks:
            did = decks[cid][1]
            name = names.get(did) or col.decks.get(did)["name"]  # a lost deck: Anki says Default
            grouped.setdefault(name, []).append(cid)
    return grouped


@schema(params=params(deckId=DECK_ID, required=["deckId"]), result=DECK_NAME)
def deckNameFromId(deckId, *, col):
    """The full name of the deck with this id."""
    deck = col.decks.get(deck_id(deckId), default=False)
    if deck is None:
        raise ActionError(f"deck was not found: {deckId}")
    return deck["name"]


@schema(params=params(deck=described(DECK_NAME, "Exactly as deckNames answers it."), required=["deck"]),
        result={"anyOf": [OPTIONS_GROUP, FILTERED_DECK,
                          described({"const": False}, "No deck has exactly this name.")]})
def getDeckConfig(deck, *, col):
    """The options group of the deck (a filtered deck's own options), or false
    if no deck has exactly this name."""
    names = _names(col)
    deck = _deck_name(deck)
    if deck not in names:
        return False
    return col.decks.config_dict_for_deck_id(names[deck])


@schema(params=params(decks=described(DECK_NAMES, "In any case; names that are not decks are left out."),
                      required=["decks"]),
        result=DECK_STATS)
def getDeckStats(decks, *, col):
    """Today's counts for the decks, keyed by deck id, in deck-tree order.
    ``name`` is the deck's own name (the last part of ``A::B``). Unknown
    names are left out."""
    wanted = set()
    for name in _deck_name_list(decks):
        did = col.decks.id_for_name(name)
        if did:
            wanted.add(did)
    stats: Dict[int, Dict[str, Any]] = {}
    if not wanted:
        return stats
    pending = list(reversed(col.sched.deck_due_tree().children))
    while pending:  # depth first, parents before children
        node = pending.pop()
        if node.deck_id in wanted:
            stats[node.deck_id] = {
                "deck_id": node.deck_id,
                "name": node.name,
                "new_count": node.new_count,
                "learn_count": node.learn_count,
                "review_count": node.review_count,
                "total_in_deck": node.total_in_deck,
            }
        pending.extend(reversed(node.children))
    return stats


# Changing --------------------------------------------------------------------

@schema(params=params(deck=DECK_NAME, required=["deck"]),
        result=described(DECK_ID, "The new deck's, or the existing one's."))
def createDeck(deck, *, col, changes):
    """Create a deck (and its missing parents); return its id. An existing
    deck (names compare case-insensitively) is left as it is."""
    existing = col.decks.id_for_name(_deck_name(deck))
    if existing:
        return existing
    added = col.decks.add_normal_deck_with_name(deck)
    changes.record(added)
    return added.id


@schema(params=params(cards=CARD_IDS, deck=described(DECK_NAME, "Created if it does not exist."),
                      required=["cards", "deck"]),
        result=NULL)
def changeDeck(cards, deck, *, col, changes):
    """Move the cards into the deck, creating it if needed; cards in a
    filtered deck leave it first."""
    ids = card_id_list(cards)
    existing = col.decks.id_for_name(_deck_name(deck))
    if existing:
        if ids:
            changes.record(col.set_deck(ids, existing))  # one op: a filtered target fails whole
        return None
    with changes.undo_step("Change Deck"):
        created = col.decks.add_normal_deck_with_name(deck).id
        if ids:
            col.set_deck(ids, created)
    return None


@schema(params=params(decks=_EXACT_NAMES,
                      cardsToo=described({"const": True}, "Delete their cards too: it must be true."),
                      required=["decks", "cardsToo"]),
        result=NULL)
def deleteDecks(decks, cardsToo=False, *, col, changes):
    """Delete the decks with exactly these names, their subdecks and all
    their cards. ``cardsToo`` must be true."""
    if not boolean(cardsToo, "cardsToo"):  # upstream read it by its truth: "false" deleted
        raise ActionError(
            "Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well")
    names = _names(col)
    # a name that is not exactly a deck's is skipped, as upstream does
    wanted = dict.fromkeys(_deck_name_list(decks))
    doomed = [names[d] for d in wanted if d in names]
    if doomed:
        changes.record(col.decks.remove(doomed))
    return None


@schema(params=params(config=OPTIONS_GROUP_TO_SAVE, required=["config"]),
        result=described(BOOLEAN, "false: no group has this id, or Anki refused it."))
def saveDeckConfig(config, *, col, changes):
    """Save an options group (as returned by getDeckConfig); false if no group
    has its id or Anki refuses it."""
    from anki.collection import OpChanges
    from anki.utils import int_time

    if not isinstance(config, dict):
        raise ActionError("config must be an object")
    config["id"] = str(config["id"])
    config["mod"] = int_time()
    config["usn"] = col.usn()
    if int(config["id"]) not in {c["id"] for c in col.decks.all_config()}:
        return False
    try:
        col.decks.update_config(config)  # Anki has no undoable way to save a group dict
    except Exception:
        return False
    changes.record(OpChanges(deck_config=True, study_queues=True))
    return True


@schema(params=params(decks=_EXACT_NAMES, configId=CONFIG_ID, required=["decks", "configId"]),
        result=described(BOOLEAN, "false (nothing changed): a deck or the group does not exist, "
                                  "or a deck is filtered."))
def setDeckConfigId(decks, configId, *, col, changes):
    """Give the decks the options group with this id; false (and nothing
    changed) if a deck or the group does not exist, or a deck is filtered."""
    config_id = _config_id(configId)
    names = _names(col)
    wanted = _deck_name_list(decks)
    if not all(d in names for d in wanted):
        return False
    if config_id not in {c["id"] for c in col.decks.all_config()}:
        return False
    dicts = [col.decks.get(names[d]) for d in dict.fromkeys(wanted)]
    if any("conf" not in d for d in dicts):
        return False  # a filtered deck has no options group
    to_change = [d for d in dicts if int(d["conf"]) != config_id]
    if to_change:
        with changes.undo_step("Set Deck Config Id"):
            for deck in to_change:
                deck["conf"] = config_id
                col.decks.update_dict(deck)
    return True


@schema(params=params(name=described(STRING, "The new group's name."),
                      cloneFrom=described(CONFIG_ID, 'The group to copy (default "1", the default group).'),
                      required=["name"]),
        result={"anyOf": [described(GROUP_ID, "The new group's id."),
                          described({"const": False}, "There is no group to copy.")]})
def cloneDeckConfigId(name, cloneFrom="1", *, col, changes):
    """Add an options group named ``name``, a copy of group ``cloneFrom``
    (default: the default group); return its id, or false if that group does
    not exist."""
    name = string(name, "name", "an options group name")
    source_id = _config_id(cloneFrom, "cloneFrom")
    if source_id not in {c["id"] for c in col.decks.all_config()}:
        return False
    new_id, done = options.add_copy(col, name, source_id)
    changes.record(done)
    return new_id


@schema(params=params(configId=CONFIG_ID, required=["configId"]),
        result=described(BOOLEAN, "false: the default group (1), or no such group."))
def removeDeckConfigId(configId, *, col, changes):
    """Remove an options group; decks using it get the default group. False
    for the default group (id 1) or an unknown id. Needs a one-way sync
    afterwards, which Anki asks about at the next sync."""
    config_id = _config_id(configId)
    if config_id == options.DEFAULT_CONFIG_ID:
        return False
    if config_id not in {c["id"] for c in col.decks.all_config()}:
        return False
    changes.record(options.remove(col, config_id))
    return True


@hookimpl
def register_actions(register):
    register = documented(register, "decks")
    for action in (deckNames, deckNamesAndIds, getDecks, createDeck, changeDeck, deleteDecks,
                   getDeckConfig, saveDeckConfig, setDeckConfigId, cloneDeckConfigId,
                   removeDeckConfigId, getDeckStats, deckNameFromId, renameDeck, *filtered.ACTIONS,
                   *fsrs.ACTIONS):
        register(action)
