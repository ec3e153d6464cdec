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
    ids = [_as_id(value) for value in values]
    if None in ids:
        bad = values[ids.index(None)]
        raise wrong_member(param, "card ids (integers)", bad)
    return ids  # type: ignore[return-value]


def card_id(value: Any, param: str = "card") -> int:
    """One card id, as an int (see :func:`card_id_list`)."""
    cid = _as_id(value)
    if cid is None:
        raise wrong_type(param, "a card id (an integer)", value)
    return cid


def _as_id(value: Any) -> Optional[int]:
    if isinstance(value, int) and not isinstance(value, bool) and value in _INT64:
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdecimal() and int(value) in _INT64:
        return int(value)
    return None


def sql_list(ids: Iterable[int]) -> str:
    """``(1,2,3)`` for ``where id in ...``; only for ids already checked to be ints."""
    return "(" + ",".join(str(int(i)) for i in ids) + ")"


def rows_by_id(col: Any, sql: str, ids: Sequence[int]) -> Dict[int, tuple]:
    """Rows of ``sql`` (a query whose first column is the id and which ends in
    ``where id in``) for the given ids, by id."""
    if not ids:
        return {}
    return {row[0]: row for row in col.db.execute(sql + " " + sql_list(set(ids)))}

