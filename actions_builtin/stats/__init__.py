"""Statistics actions: review counts, review logs, collection stats.

Review logs are read with single SQL queries (Anki has no bulk API for them).
``insertReviews`` writes with SQL too, as Anki has no operation that adds
review log entries; see its docstring for what that means for undo.
"""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List, Tuple

from ...core.plugin_api import ActionError, Changes, hookimpl
from ..shared.ids import card_id_list
from ..shared.params import boolean
from ..shared.schemas import (
    BOOLEAN,
    INTEGER,
    NO_PARAMS,
    NULL,
    STRING,
    array,
    described,
    documented,
    map_of,
    params,
    schema,
)
from .schemas import CARD_ID_OR_DIGITS, DAY_COUNT, DECK, REVIEW_OBJECT, review_row

REVIEW_COLUMNS = ("id", "cid", "usn", "ease", "ivl", "lastIvl", "factor", "time", "type")

# What Anki can read back from each revlog column (its Rust types), so an
# inserted review never breaks the statistics or the card info screen.
_I32 = (-2 ** 31, 2 ** 31 - 1)
_U32 = (0, 2 ** 32 - 1)
_REVIEW_FIELDS: Tuple[Tuple[str, Tuple[int, int]], ...] = (
    ("id", (1, 2 ** 63 - 1)),
    ("cardID", (1, 2 ** 63 - 1)),
    ("usn", _I32),
    ("ease", (0, 4)),
    ("ivl", _I32),
    ("lastIvl", _I32),
    ("factor", _U32),
    ("time", _U32),
    ("type", (0, 5)),  # learn, review, relearn, filtered, manual, rescheduled
)
_REVIEW_SHAPE = "a list of 9 integers: " + ", ".join(name for name, _ in _REVIEW_FIELDS)


@schema(params=NO_PARAMS, result=described(INTEGER, "The number of reviews."))
def getNumCardsReviewedToday(*, col: Any) -> int:
    """How many reviews were done since today began (Anki's "next day starts at")."""
    day_start_ms = (col.sched.day_cutoff - 86400) * 1000
    return col.db.scalar("select count() from revlog where id > ?", day_start_ms)


@schema(params=NO_PARAMS, result=array(DAY_COUNT, "[date, count] of each day with reviews, newest first."))
def getNumCardsReviewedByDay(*, col: Any) -> List[List[Any]]:
    """The number of reviews per day, newest day first, as [date, count] pairs.

    Days are local dates that begin at the hour the Anki day begins.
    """
    offset = int(time.strftime("%H", time.localtime(col.sched.day_cutoff))) * 3600
    rows = col.db.all(
        "select date(id/1000 - ?, 'unixepoch', 'localtime') as day, count() "
        "from revlog group by day order by day desc",
        offset,
    )
    return [[day, count] for day, count in rows]


@schema(params=params(wholeCollection=described(BOOLEAN, "The whole collection (default true); "
                                                         "false: the current deck only.")),
        result=described(STRING, "HTML: <center>...</center>, its graphs as scripts using jQuery and Flot."))
def getCollectionStatsHTML(wholeCollection: bool = True, *, col: Any) -> str:
    """Anki's statistics report (the legacy HTML one), for the whole
    collection or the current deck."""
    whole = boolean(wholeCollection, "wholeCollection")
    stats = col.stats()
    stats.wholeCollection = whole
    return stats.report()


@schema(params=params(deck=DECK,
                      startID=described(INTEGER, "A review id: only reviews with a larger id are given."),
                      required=["deck", "startID"]),
        result=array(review_row(), "Oldest first; [] when there is no such deck."))
def cardReviews(deck: str, startID: int, *, col: Any) -> List[List[int]]:
    """Reviews newer than ``startID`` of the cards now in ``deck`` (exact
    deck, subdecks not included), oldest first, each as
    [id, cardID, usn, ease, ivl, lastIvl, factor, time, type]."""
    _check_int(startID, "startID")
    deck_id = _deck_id(col, deck)
    if deck_id is None:
        return []
    return col.db.all(
        f"select {', '.join(REVIEW_COLUMNS)} from revlog "
        "where id > ? and cid in (select id from cards where did = ?) order by id",
        startID, deck_id,
    )


@schema(params=params(deck=DECK, required=["deck"]),
        result=described(INTEGER, "A review id (its time in milliseconds); 0: no review, or no such deck."))
def getLatestReviewID(deck: str, *, col: Any) -> int:
    """The id (time in ms) of the newest review of a card now in ``deck``; 0 if none."""
    deck_id = _deck_id(col, deck)
    if deck_id is None:
        return 0
    latest = col.db.scalar(
        "select max(id) from revlog where cid in (select id from cards where did = ?)", deck_id)
    return latest or 0


@schema(params=params(cards=array(CARD_ID_OR_DIGITS, "Card ids."), required=["cards"]),
        result=map_of(array(REVIEW_OBJECT, "Oldest first; [] for a card without reviews or no card."),
                      "By card id, as given."))
def getReviewsOfCards(cards: List[Any], *, col: Any) -> Dict[str, List[Dict[str, int]]]:
    """Every review of each card, oldest first, keyed by card id. Ids may
    be numbers or strings of digits."""
    # keyed by the ids as given: "12" stays "12", 12 becomes "12" (a JSON key)
    wanted = {str(card): card_id for card, card_id in zip(cards, card_id_list(cards))}
    reviews: Dict[str, List[Dict[str, int]]] = {key: [] for key in wanted}
    ids = set(wanted.values())
    if ids:
        by_card: Dict[int, List[Dict[str, int]]] = {}
        rows = col.db.all(
            f"select {', '.join(REVIEW_COLUMNS)} from revlog "
            f"where cid in ({','.join(str(i) for i in ids)}) order by id"  # validated integers
        )
        for row in rows:
            entry = dict(zip(REVIEW_COLUMNS, row))
            by_card.setdefault(entry.pop("cid"), []).append(entry)
        for key, card_id in wanted.items():
            reviews[key] = by_card.get(card_id, [])
    return reviews


@schema(params=params(reviews=array(review_row(dict(_REVIEW_FIELDS)), "Reviews to add; all or none."),
                      required=["reviews"]),
        result=NULL)
def insertReviews(reviews: List[List[int]], *, col: Any, changes: Changes) -> None:
    """Add review log entries, each [id, cardID, usn, ease, ivl, lastIvl,
    factor, time, type]; all of them or, on any error, none.

    Anki has no operation that adds review log entries, so they are written
    with one SQL statement batch (parameters, never text). Anki treats such
    a write like any direct database change: it cannot be undone, and it
    clears Anki's undo history (Edit > Undo).
    """
    rows = _valid_reviews(reviews)
    if not rows:
        return None
    ids = [row[0] for row in rows]
    existing = col.db.list(f"select id from revlog where id in ({','.join(map(str, ids))})")
    if existing:
        raise ActionError(f"reviews[{ids.index(existing[0])}]: a review with id {existing[0]} already exists")
    sql = f"insert into revlog ({', '.join(REVIEW_COLUMNS)}) values ({', '.join('?' * len(REVIEW_COLUMNS))})"
    col.db.transact(lambda: col.db.executemany(sql, rows))
    # Anki rebuilds its study queues after a direct write; the main window
    # then shows the new "studied today" figures.
    from anki.collection import OpChanges

    changes.record(OpChanges(study_queues=True, mtime=True))
    return None


def _valid_reviews(reviews: Any) -> List[List[int]]:
    if not isinstance(reviews, list):
        raise ActionError(f"reviews should be a list of reviews, each {_REVIEW_SHAPE}")
    seen: Dict[int, int] = {}
    for index, review in enumerate(reviews):
        if not isinstance(review, list) or len(review) != len(_REVIEW_FIELDS):
            got = f"{len(review)} values" if isinstance(review, list) else _json(review)
            raise ActionError(f"reviews[{index}] should be {_REVIEW_SHAPE}; got {got}")
        for (name, (low, high)), value in zip(_REVIEW_FIELDS, review):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ActionError(f"reviews[{index}]: {name} should be an integer from {low} to {high}, "
                                  f"not {_json(value)}")
        if review[0] in seen:
            raise ActionError(
                f"reviews[{index}]: id {review[0]} is also the id of reviews[{seen[review[0]]}]")
        seen[review[0]] = index
    return reviews


def _deck_id(col: Any, name: Any) -> Any:
    """The deck's id (name in any case), or None; a missing deck is not created."""
    if not isinstance(name, str):
        raise ActionError(f"deck should be a deck name: {name}")
    return col.decks.id_for_name(name)


def _check_int(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ActionError(f"{name} should be an integer: {value}")


def _json(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


@hookimpl
def register_actions(register):
    register = documented(register, "stats")
    register(getNumCardsReviewedToday)
    register(getNumCardsReviewedByDay)
    register(getCollectionStatsHTML)
    register(cardReviews)
    register(getReviewsOfCards)
    register(getLatestReviewID)
    register(insertReviews)
