"""Filtered decks: creating, rebuilding and emptying them as Anki's filtered-deck dialog does.

The work is done by the operations that dialog uses (``add_or_update_filtered_deck``,
``rebuild_filtered_deck``, ``empty_filtered_deck``), so a deck built here
gathers exactly the cards, in the order, that the dialog would. What makes
those operations fail (a search that is not valid or matches nothing, an
order Anki cannot sort by, a name under a filtered deck) is refused before
they run: a failed operation empties Anki's whole undo history.
"""

from __future__ import annotations

from typing import Any, List, Tuple

from ...core.plugin_api import ActionError
from ..shared.params import boolean, json_value, string, whole_number, wrong_type
from ..shared.schemas import BOOLEAN, DECK_NAME, INTEGER, SEARCH, described, nullable, params, schema
from .names import filtered_deck_named, new_deck_name, refuse_filtered_parent
from .schemas import DECK_ID_RESULT, FILTERED_ORDER, FILTERED_ORDERS

# The limits of the dialog's "Limit to" boxes.
MOST_CARDS = 99999
# Orders Anki sorts by only with FSRS on (its dialog hides them otherwise; without
# FSRS, Anki 26 fails with an SQL error and Anki 25.02 gathers no cards).
FSRS_ONLY_ORDERS = frozenset({8, 9})
# Orders that came after the oldest Anki we support, by the Anki that brought them.
ORDERS_SINCE = {10: "26.05"}

Term = Tuple[str, int, int]  # search, limit, order

_DECK = described(DECK_NAME, "A filtered deck (any case).")
_LIMIT = {**described(INTEGER, "At most this many cards (default 100)."), "minimum": 1, "maximum": MOST_CARDS}
_LIMIT2 = {**described(INTEGER, "At most this many cards for search2 (default 20)."),
           "minimum": 1, "maximum": MOST_CARDS}
_NO_MATCH = ("no card matches the search (suspended and buried cards, and cards in other filtered decks, "
             "are left out)")


def _order(col: Any, value: Any, param: str) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value in FILTERED_ORDERS:
        number = FILTERED_ORDERS.index(value)
    elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(FILTERED_ORDERS):
        number = value
    else:
        names = ", ".join(f'"{name}"' for name in FILTERED_ORDERS)
        raise wrong_type(param, f"one of {names}, or its number (0 to {len(FILTERED_ORDERS) - 1})", value)
    name = FILTERED_ORDERS[number]
    if number >= len(col.sched.filtered_deck_order_labels()):
        raise ActionError(f'the order "{name}" needs Anki {ORDERS_SINCE[number]} or newer')
    if number in FSRS_ONLY_ORDERS and not col.get_config("fsrs", False):
        raise ActionError(f'the order "{name}" needs FSRS, which is off in this collection')
    return number


def _search(col: Any, value: Any, param: str) -> str:
    """The search as Anki normalises it (its error if it is not a valid search)."""
    search = string(value, param, "an Anki search")
    return col.build_search_string(search) if search.strip() else search


def _limit(value: Any, param: str) -> int:
    return whole_number(value, param, 1, MOST_CARDS, "a number of cards")


def _terms(col: Any, search: Any, limit: Any, order: Any,
           search2: Any, limit2: Any, order2: Any) -> List[Term]:
    terms = [(_search(col, search, "search"), _limit(limit, "limit"), _order(col, order, "order"))]
    if search2 is not None:
        # the dialog's second search starts at 20 cards in due order
        terms.append((_search(col, search2, "search2"), _limit(20 if limit2 is None else limit2, "limit2"),
                      _order(col, "due" if order2 is None else order2, "order2")))
    elif limit2 is not None or order2 is not None:
        raise ActionError("limit2 and order2 belong to search2, which is missing")
    return terms


def _refuse_no_match(col: Any, terms: List[Term], deck_id: int) -> None:
    """Refuse searches that would gather nothing, as Anki's operation would, but before it runs.

    The searches are the ones Anki builds; the deck's own cards go home first,
    so they count.
    """
    home = f"(-deck:filtered OR did:{deck_id})" if deck_id else "-deck:filtered"
    for search, _, _ in terms:
        wanted = f"({search}) " if search.strip() else ""
        if col.find_cards(f"{wanted}-is:suspended -is:buried {home}"):
            return
    raise ActionError(_NO_MATCH)


@schema(
    params=params(
        name=described(DECK_NAME, "The filtered deck's full name; if a filtered deck has it (any case), "
                                  "that deck is updated."),
        search=described(SEARCH, "The cards to gather."),
        limit=_LIMIT,
        order=described(FILTERED_ORDER, 'The order the cards are gathered and shown in (default "random").'),
        reschedule=described(BOOLEAN, "Reschedule cards based on the answers in this deck (default true)."),
        search2=nullable(SEARCH, "A second search (Anki's second filter), gathered after the first "
                                 "(null: none)."),
        limit2=nullable(_LIMIT2),
        order2=nullable(FILTERED_ORDER, 'The order of search2\'s cards (default "due").'),
        required=["name", "search"]),
    result=DECK_ID_RESULT,
)
def createFilteredDeck(name, search, limit=100, order="random", reschedule=True, search2=None,
                       limit2=None, order2=None, *, col, changes):
    """Create a filtered deck and gather its cards, as Anki's Tools > Create
    Filtered Deck does; a filtered deck of that name is updated and rebuilt.
    Returns its id. Like Anki, selects it as the current deck."""
    from anki.decks import FilteredDeckConfig

    name = new_deck_name(name, "name")
    terms = _terms(col, search, limit, order, search2, limit2, order2)
    reschedule = boolean(reschedule, "reschedule")
    existing = col.decks.id_for_name(name) or 0
    if existing and not col.decks.get(existing)["dyn"]:
        raise ActionError(f"deck {json_value(col.decks.name(existing))} exists and is not a filtered deck")
    refuse_filtered_parent(col, name)
    _refuse_no_match(col, terms, existing)
    deck = col.sched.get_or_create_filtered_deck(existing)
    if not existing:
        deck.name = name
    config = deck.config
    config.reschedule = reschedule
    del config.delays[:]  # as the dialog: the legacy learning steps of filtered decks go
    del config.search_terms[:]
    config.search_terms.extend(FilteredDeckConfig.SearchTerm(search=s, limit=n, order=o) for s, n, o in terms)
    added = col.sched.add_or_update_filtered_deck(deck)
    changes.record(added)
    return added.id


@schema(params=params(deck=_DECK, required=["deck"]),
        result=described(INTEGER, "How many cards it gathered."))
def rebuildFilteredDeck(deck, *, col, changes):
    """Return a filtered deck's cards home and gather them again with its
    searches (Anki's Rebuild); the number of cards it now holds."""
    found = filtered_deck_named(col, deck)
    rebuilt = col.sched.rebuild_filtered_deck(found["id"])
    changes.record(rebuilt)
    return rebuilt.count


@schema(params=params(deck=_DECK, required=["deck"]),
        result=described(INTEGER, "How many cards went home."))
def emptyFilteredDeck(deck, *, col, changes):
    """Return a filtered deck's cards to their home decks (Anki's Empty); the
    deck stays. Returns how many cards went home."""
    found = filtered_deck_named(col, deck)
    count = col.db.scalar("select count() from cards where did = ?", found["id"])
    if count:
        changes.record(col.sched.empty_filtered_deck(found["id"]))
    return count


ACTIONS = (createFilteredDeck, rebuildFilteredDeck, emptyFilteredDeck)
