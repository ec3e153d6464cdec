"""Checking the card ids clients send, and putting them into SQL safely."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence

from .params import wrong_member, wrong_type

_INT64 = range(-(2**63), 2**63)


def card_id_list(values: Any, param: str = "cards") -> List[int]:
    """The ids of a ``cards`` parameter, as ints.

    Integers and strings of digits (which upstream's SQL took) are accepted;
    anything else is refused before the collection is touched.
    """
    if not isinstance(values, list):
        raise wrong_type(param, "an array of card ids", values)
    ids = [as_id(value) for value in values]
    if None in ids:
        bad = values[ids.index(None)]
        raise wrong_member(param, "card ids (integers)", bad)
    return ids  # type: ignore[return-value]


def card_id(value: Any, param: str = "card") -> int:
    """One card id, as an int (see :func:`card_id_list`)."""
    cid = as_id(value)
    if cid is None:
        raise wrong_type(param, "a card id (an integer)", value)
    return cid


def as_id(value: Any) -> Optional[int]:
    """An id sent as an integer or as a string of ASCII digits (which upstream's
    SQL took) as an int; None for anything else (true, 1.5, "²", 2**70...)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in _INT64 else None
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") else text
        if digits.isascii() and digits.isdigit() and int(text) in _INT64:
            return int(text)
    return None


def deck_id(value: Any, param: str = "deckId") -> int:
    """One deck id, as an int (integers and strings of digits)."""
    did = as_id(value)
    if did is None:
        raise wrong_type(param, "a deck id (an integer)", value)
    return did


def sql_list(ids: Iterable[int]) -> str:
    """``(1,2,3)`` for ``where id in ...``; only for ids already checked to be ints."""
    return "(" + ",".join(str(int(i)) for i in ids) + ")"


def rows_by_id(col: Any, sql: str, ids: Sequence[int]) -> Dict[int, tuple]:
    """Rows of ``sql`` (a query whose first column is the id and which ends in
    ``where id in``) for the given ids, by id."""
    if not ids:
        return {}
    return {row[0]: row for row in col.db.execute(sql + " " + sql_list(set(ids)))}

