"""getCardMemoryState: each card's FSRS memory state, and its retrievability now.

One query answers the whole batch, through the SQL functions Anki's own
Browser columns and ``prop:s``/``prop:d``/``prop:r`` searches use, so the
numbers are Anki's. The retrievability function takes the time now since
Anki 25.09 (it counts from the card's last review to the second); older
Ankis count whole days and take one argument less.
"""

from __future__ import annotations

import time
from typing import Any, Dict, List, Optional

from ...core.plugin_api import ActionError
from ..shared.fsrs import fsrs_on, shortest
from ..shared.ids import card_id_list, rows_by_id, sql_list
from ..shared.schemas import CARD_IDS, NUMBER, array, described, nullable, obj, params, schema

MEMORY_STATE = obj({
    "stability": described(NUMBER, "Days until the chance of recalling the card falls to 90%."),
    "difficulty": described(NUMBER, "FSRS's difficulty, from 1 (easiest) to 10 (hardest); Anki's card "
                                    "info shows it as a percentage: (difficulty - 1) / 9."),
    "retrievability": nullable(NUMBER, "The chance of recalling the card now, from 0 to 1 (to four "
                                       "decimals)."),
}, required=["stability", "difficulty", "retrievability"])

_DUE = "case when odue != 0 then odue else due end"
# Retrievability changes by the second: its 32-bit value's last digits say nothing.
RETRIEVABILITY_PLACES = 4


@schema(
    params=params(cards=CARD_IDS, required=["cards"]),
    result=obj({
        "fsrs": described({"type": "boolean"}, "Whether FSRS is on (Anki's deck options); off, every "
                                               "card is null."),
        "cards": array(nullable(MEMORY_STATE, "null: the card has no memory state (new, or FSRS is off)."),
                       "For each card, in order."),
    }, required=["fsrs", "cards"]),
)
def getCardMemoryState(cards: Any, *, col: Any) -> Dict[str, Any]:
    """FSRS's memory state of each card: stability, difficulty and the
    retrievability now; null for a card without one, and for every card while
    FSRS is off (``"fsrs": false`` says so)."""
    ids = card_id_list(cards)
    on = fsrs_on(col)
    states = _memory_states(col, ids) if on else dict.fromkeys(
        rows_by_id(col, "select id from cards where id in", ids))
    for cid in ids:
        if cid not in states:
            raise ActionError(f"Card was not found: {cid}")
    return {"fsrs": on, "cards": [states[cid] for cid in ids]}


def _memory_states(col: Any, ids: List[int]) -> Dict[int, Optional[Dict[str, Any]]]:
    """By card id (every card found): its memory state, or None."""
    if not ids:
        return {}
    timing = [col.sched.today, col.sched.day_cutoff]
    if _retrievability_takes_now(col):
        timing.append(int(time.time()))
    retrievability = f"extract_fsrs_retrievability(data, {_DUE}, ivl, {', '.join(map(str, timing))})"
    states: Dict[int, Optional[Dict[str, Any]]] = {}
    for cid, stability, difficulty, recall in col.db.execute(
            "select id, extract_fsrs_variable(data, 's'), extract_fsrs_variable(data, 'd'), "
            f"{retrievability} from cards where id in {sql_list(ids)}"):
        states[cid] = None if stability is None or difficulty is None else {
            "stability": shortest(stability), "difficulty": shortest(difficulty),
            "retrievability": None if recall is None else round(recall, RETRIEVABILITY_PLACES)}
    return states


# Asked of Anki once: its version cannot change while the add-on runs.
_retrievability_signature: Dict[str, bool] = {}


def _retrievability_takes_now(col: Any) -> bool:
    """Whether Anki's retrievability function takes the time now (six arguments)."""
    takes_now = _retrievability_signature.get("takes_now")
    if takes_now is None:
        from anki.errors import DBError

        try:
            col.db.scalar("select extract_fsrs_retrievability('', 0, 0, 0, 0, 0)")
            takes_now = True
        except DBError:  # "wrong number of arguments": Anki before 25.09
            takes_now = False
        _retrievability_signature["takes_now"] = takes_now
    return takes_now


ACTIONS = (getCardMemoryState,)
