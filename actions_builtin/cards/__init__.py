"""Card actions: ease, suspension, due dates, answers (``answers.py``), card info,
FSRS memory states (``memory_state.py``).

Reads take one SQL query or one search for the whole batch; changes go
through Anki's undoable operations, one undo step per request.
"""

from __future__ import annotations

import time
from typing import Any, Dict, List

from ...core.plugin_api import ActionError, hookimpl
from ..shared.ids import card_id, card_id_list, rows_by_id, sql_list
from ..shared.params import boolean, chosen_keys, string_list, wrong_member, wrong_type
from ..shared.schemas import (
    ANY,
    BOOLEAN,
    CARD_ID,
    CARD_IDS,
    INTEGER,
    NOTE_IDS,
    NULL,
    SEARCH,
    STRING,
    array,
    described,
    documented,
    key_choice,
    nullable,
    params,
    schema,
)
from . import memory_state
from .answers import answerCards
from .info import CARD_KEYS, cards_info
from .schemas import CARD_INFO, INTERVALS, MOD_TIME_OF_CARD, VALUES_SET

_CARDS = params(cards=CARD_IDS, required=["cards"])

CARD_QUEUE_SUSPENDED = -1
CARD_TYPE_NEW = 0  # what Anki's is:new search matches
CARD_TYPE_RELEARNING = 3
QUEUE_TYPE_LEARNING = 1
# Cards whose last learning step is longer than this are due only once it has
# passed, as when reviewing in Anki (upstream's rule, in seconds).
LONG_LEARNING_STEP = 1200

# setSpecificValueOfCard refuses these unless warning_check is set.
PROTECTED_CARD_KEYS = frozenset(
    ("did", "id", "ivl", "lapses", "left", "mod", "nid", "odid", "odue", "ord", "queue", "reps", "type",
     "usn"))
_INT_CARD_KEYS = PROTECTED_CARD_KEYS | {"due", "factor", "flags"}


def _not_found(cid: int) -> ActionError:
    return ActionError(f"Card was not found: {cid}")


def _existing(col: Any, ids: List[int], columns: str = "id") -> Dict[int, tuple]:
    """Rows of the cards table for ids, by id; the first unknown id is an error."""
    rows = rows_by_id(col, f"select {columns} from cards where id in", ids)
    for cid in ids:
        if cid not in rows:
            raise _not_found(cid)
    return rows


# Reading ---------------------------------------------------------------------

@schema(params=_CARDS,
        result=array(nullable(INTEGER), "The ease factor of each card; null: not a card."))
def getEaseFactors(cards, *, col):
    """The ease factor of each card (2500 = 250%), or null for an unknown id."""
    ids = card_id_list(cards)
    factors = rows_by_id(col, "select id, factor from cards where id in", ids)
    return [factors[cid][1] if cid in factors else None for cid in ids]


@schema(params=params(card=CARD_ID, required=["card"]), result=BOOLEAN)
def suspended(card, *, col):
    """Whether the card is suspended."""
    cid = card_id(card)
    return _existing(col, [cid], "id, queue")[cid][1] == CARD_QUEUE_SUSPENDED


@schema(params=_CARDS, result=array(nullable(BOOLEAN), "Whether each card is suspended; null: not a card."))
def areSuspended(cards, *, col):
    """Whether each card is suspended; null for an unknown id."""
    ids = card_id_list(cards)
    queues = rows_by_id(col, "select id, queue from cards where id in", ids)
    return [queues[cid][1] == CARD_QUEUE_SUSPENDED if cid in queues else None for cid in ids]


@schema(params=_CARDS, result=array(BOOLEAN, "Whether each card is due."))
def areDue(cards, *, col):
    """Whether each card is due now. New cards count as due; a card in a
    learning step longer than 20 minutes is due once the step has passed."""
    ids = card_id_list(cards)
    if not ids:
        return []
    known = rows_by_id(col, _TYPE_AND_LONG_STEP, ids)
    for cid in ids:
        if cid not in known:
            raise _not_found(cid)
    # Anki's is:due decides the others: the new ones are due, the long steps decided by their review.
    undecided = [cid for cid, ctype, reviewed_at, _ in known.values()
                 if ctype != CARD_TYPE_NEW and reviewed_at is None]
    due = set(col.find_cards("cid:" + ",".join(map(str, undecided)) + " is:due")) if undecided else set()
    now = time.time()
    result = []
    for cid in ids:
        _, ctype, reviewed_at, ivl = known[cid]
        if ctype == CARD_TYPE_NEW:
            result.append(True)
        elif reviewed_at is not None:
            result.append(reviewed_at / 1000.0 - ivl <= now)
        else:
            result.append(cid in due)
    return result


# areDue's columns: a card's type, and the id (time) and ivl of its last review when that
# review put it into a learning step longer than 20 minutes (else nulls). Only that last
# review decides, so only it is read: the review log's index on cid leads straight to each
# card's newest entry, and only the entries that decide the answer leave SQLite.
_TYPE_AND_LONG_STEP = (
    f"select c.id, c.type, r.id, r.ivl from cards c left join revlog r on c.type != {CARD_TYPE_NEW}"
    f" and r.id = (select max(id) from revlog where cid = c.id) and r.ivl < {-LONG_LEARNING_STEP}"
    " where c.id in")


@schema(
    params=params(cards=CARD_IDS, complete=described(BOOLEAN, "Every interval of each card's history, "
                                                              "oldest first (default false)."),
                  required=["cards"]),
    result=INTERVALS,
)
def getIntervals(cards, complete=False, *, col):
    """The last interval of each card from its review history (negative:
    seconds, positive: days; 0 for a new card), or with ``complete`` every
    interval, oldest first."""
    complete = boolean(complete, "complete")
    ids = card_id_list(cards)
    if not ids:
        return []
    found = rows_by_id(col, "select id, type, ivl from cards where id in", ids)
    history: Dict[int, List[int]] = {}
    for cid, ivl in col.db.execute(
            "select cid, ivl from revlog where cid in " + sql_list(set(ids)) + " order by id"):
        history.setdefault(cid, []).append(ivl)
    result: List[Any] = []
    for cid in ids:
        if cid in found and found[cid][1] == CARD_TYPE_NEW:
            result.append(0)
        elif complete:
            result.append(history.get(cid, []))
        elif cid in history:
            result.append(history[cid][-1])
        elif cid in found:  # no review history (e.g. imported): the card's own interval
            result.append(found[cid][2])
        else:
            raise _not_found(cid)
    return result


@schema(params=params(query=nullable(SEARCH, 'The search (null or left out: find nothing; "": every card).')),
        result=CARD_IDS)
def findCards(query=None, *, col):
    """The ids of the cards matching an Anki search; [] without a query."""
    if query is None:
        return []
    return list(col.find_cards(query))


@schema(params=_CARDS, result=described(NOTE_IDS, "Each note once, by its cards' lowest id."))
def cardsToNotes(cards, *, col):
    """The distinct note ids of the cards."""
    ids = card_id_list(cards)
    if not ids:
        return []
    return col.db.list("select distinct nid from cards where id in " + sql_list(ids))


@schema(params=_CARDS, result=array(MOD_TIME_OF_CARD))
def cardsModTime(cards, *, col):
    """``{"cardId", "mod"}`` for each card; ``{}`` for an unknown id."""
    ids = card_id_list(cards)
    mods = rows_by_id(col, "select id, mod from cards where id in", ids)
    return [{"cardId": cid, "mod": mods[cid][1]} if cid in mods else {} for cid in ids]


@schema(params=params(cards=CARD_IDS, keys=key_choice(CARD_KEYS), required=["cards"]),
        result=array(CARD_INFO))
def cardsInfo(cards, keys=None, *, col):
    """Everything about each card: fields, rendered question and answer, note
    type, deck, scheduling and the labels of the answer buttons; ``{}`` for an
    unknown id. With ``keys``, only those keys are computed and answered
    (leave out question, answer and css, and no card is rendered)."""
    ids = card_id_list(cards)
    return cards_info(col, ids, None if keys is None else chosen_keys(keys, CARD_KEYS))


# Changing --------------------------------------------------------------------

@schema(params=params(cards=CARD_IDS, easeFactors=array(INTEGER, "One per card (2500 = 250%)."),
                      required=["cards", "easeFactors"]),
        result=array(BOOLEAN, "Per card: set; false: not a card."))
def setEaseFactors(cards, easeFactors, *, col, changes):
    """Set the ease factor of each card; true per card that exists."""
    ids = card_id_list(cards)
    known = rows_by_id(col, "select id from cards where id in", ids)
    if not isinstance(easeFactors, list):
        raise wrong_type("easeFactors", "an array of integers", easeFactors)
    factors = [_int_value(value) for value in easeFactors]
    for index, factor in enumerate(factors):
        if not isinstance(factor, int) or isinstance(factor, bool):
            raise wrong_member("easeFactors", "integers", easeFactors[index])
    updated = {}
    for index, cid in enumerate(ids):
        if cid in known:
            if index >= len(factors):
                raise ActionError("list index out of range")
            updated[cid] = factors[index]
    if updated:
        with changes.undo_step("Set Ease Factors"):
            loaded = [col.get_card(cid) for cid in updated]
            for card in loaded:
                card.factor = updated[card.id]
            col.update_cards(loaded)
    return [cid in known for cid in ids]


@schema(
    params=params(
        card=CARD_ID,
        keys=array(STRING, "Names of card attributes (flags, factor, due, ...)."),
        newValues=array(ANY, "One value per key (numbers may be strings of digits)."),
        warning_check=described(BOOLEAN, "Allow the keys that can break a card (did, ivl, queue, ...)."),
        required=["card", "keys", "newValues"],
    ),
    result=VALUES_SET,
)
def setSpecificValueOfCard(card, keys, newValues, warning_check=False, *, col, changes):
    """Set attributes of one card (``flags``, ``factor``, ``due``...). Keys that
    can break a card (``did``, ``ivl``, ``queue``, ...) also need
    ``warning_check: true``. Returns ``false`` for a refused request, one
    ``true`` per key on success, or ``[[false, "error"]]``."""
    cid = card_id(card)
    string_list(keys, "keys", "card attribute names")
    allowed = boolean(warning_check, "warning_check")
    if not isinstance(newValues, list):
        raise wrong_type("newValues", "an array of values", newValues)
    if len(keys) != len(newValues):
        return False
    if not allowed and any(key in PROTECTED_CARD_KEYS for key in keys):
        return False
    try:
        anki_card = col.get_card(cid)
    except Exception as exc:
        return [[False, _card_error(cid, exc)]]
    try:
        for key, value in zip(keys, newValues):
            setattr(anki_card, key, _int_value(value) if key in _INT_CARD_KEYS else value)
        changes.record(col.update_card(anki_card))  # one op: it fails whole, leaving no undo entry
    except Exception as exc:
        return [[False, str(exc)]]
    return [True] * max(len(keys), 1)


def _card_error(card: Any, exc: Exception) -> str:
    from anki.errors import NotFoundError

    return str(_not_found(card)) if isinstance(exc, NotFoundError) else str(exc)


def _int_value(value: Any) -> Any:
    """Numbers sent as strings ("1", as upstream's documentation does) or as 3.0."""
    if isinstance(value, str) and value.strip().lstrip("-").isdecimal():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@schema(params=params(cards=CARD_IDS, suspend=described(BOOLEAN, "false: unsuspend (default true)."),
                      required=["cards"]),
        result=described(BOOLEAN, "Whether any card changed."))
def suspend(cards, suspend=True, *, col, changes):
    """Suspend the cards (or unsuspend them with ``suspend: false``); true if
    any card was changed, false if all already were in that state."""
    wanted = boolean(suspend, "suspend")
    ids = card_id_list(cards)
    queues = _existing(col, ids, "id, queue")
    to_change = [cid for cid in dict.fromkeys(ids) if (queues[cid][1] == CARD_QUEUE_SUSPENDED) != wanted]
    if not to_change:
        return False
    with changes.undo_step("Suspend" if wanted else "Unsuspend"):
        if wanted:
            col.sched.suspend_cards(to_change)
        else:
            col.sched.unsuspend_cards(to_change)
    return True


@schema(params=_CARDS, result=described(BOOLEAN, "Whether any card changed."))
def unsuspend(cards, *, col, changes):
    """Unsuspend the cards; true if any card was changed, false if none was suspended."""
    return suspend(cards, False, col=col, changes=changes)


@schema(params=_CARDS, result=NULL)
def forgetCards(cards, *, col, changes):
    """Make the cards new again, at their original position in the new queue,
    keeping their review and lapse counts (a reset entry goes into the review
    history)."""
    ids = card_id_list(cards)
    if ids:
        with changes.undo_step("Forget Cards"):
            col.sched.schedule_cards_as_new(ids, restore_position=True, reset_counts=False)
    return None


@schema(params=_CARDS, result=NULL)
def relearnCards(cards, *, col, changes):
    """Put the cards into relearning (type 3, learning queue); unknown ids are
    ignored."""
    ids = card_id_list(cards)
    known = rows_by_id(col, "select id from cards where id in", ids)
    if known:
        with changes.undo_step("Relearn Cards"):
            loaded = [col.get_card(cid) for cid in known]
            for anki_card in loaded:
                anki_card.type = CARD_TYPE_RELEARNING
                anki_card.queue = QUEUE_TYPE_LEARNING
            col.update_cards(loaded)
    return None


@schema(
    params=params(
        cards=CARD_IDS,
        days={"anyOf": [STRING, INTEGER], "description": '"0" today, "1" tomorrow, "3-7" a day in that '
                                                         'range; "!" at the end also sets the interval.'},
        required=["cards", "days"],
    ),
    result={"const": True},
)
def setDueDate(cards, days, *, col, changes):
    """Make the cards review cards due in ``days``: ``"0"`` today, ``"1!"``
    tomorrow and set the interval to 1, ``"3-7"`` a random day in that range."""
    from anki.errors import InvalidInput

    ids = card_id_list(cards)
    if isinstance(days, int) and not isinstance(days, bool):
        days = str(days)
    if not isinstance(days, str):
        raise _invalid_days(days)
    try:
        changes.record(col.sched.set_due_date(ids, days))  # one op: a bad days string fails whole
    except InvalidInput:
        raise _invalid_days(days) from None
    return True


def _invalid_days(days: Any) -> ActionError:
    # Anki's own message is just the value: "" for an empty string, which
    # clients testing the error's truth would take for success.
    return ActionError(f'invalid days value: {days!r} (use e.g. "0", "1!" or "3-7")')


@hookimpl
def register_actions(register):
    register = documented(register, "cards")
    for action in (getEaseFactors, setEaseFactors, setSpecificValueOfCard, suspend, unsuspend,
                   suspended, areSuspended, areDue, getIntervals, findCards, cardsToNotes,
                   cardsModTime, cardsInfo, forgetCards, relearnCards, answerCards, setDueDate,
                   *memory_state.ACTIONS):
        register(action)
