"""Read-only note actions of the ``notes`` plugin: findNotes, notesInfo, notesModTime.

notesInfo and notesModTime read the notes table in one query per 5,000 ids
instead of loading each note through the backend: 1,000 notes take a few
milliseconds instead of ~90.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from ...core.plugin_api import ActionError, Host
from ..shared.params import chosen_keys
from ..shared.schemas import NOTE_IDS, SEARCH, array, key_choice, nullable, params, schema
from .common import note_ids
from .find_fast import find_notes
from .schemas import NOTE_INFO, NOTE_KEYS, NOTE_MOD_TIME

_CHUNK = 5000


@schema(params=params(query=nullable(SEARCH, 'An Anki search ("" matches every note; '
                                            "null or left out: nothing).")),
        result=NOTE_IDS)
def findNotes(query: Optional[str] = None, *, col: Any) -> List[int]:
    """Ids of the notes matching an Anki search (``""`` matches every note).

    No query (null or omitted) finds nothing, as upstream.
    """
    if query is None:
        return []
    if not isinstance(query, str):
        raise ActionError("query must be a string")
    return find_notes(col, query)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _in(ids: Sequence[int]) -> str:
    return ",".join(map(str, ids))


@schema(
    params={**params(notes=NOTE_IDS,
                     query=nullable(SEARCH, "The notes to describe, instead of notes (used when given)."),
                     keys=key_choice(NOTE_KEYS)),
            "anyOf": [{"required": ["notes"]}, {"required": ["query"]}]},
    result=array(NOTE_INFO, "For each note, in order."),
)
def notesInfo(notes: Optional[List[int]] = None, query: Optional[str] = None,
              keys: Optional[List[str]] = None, *, col: Any, host: Host) -> List[Dict[str, Any]]:
    """For each note: id, profile, tags, fields (value and order), note type, mod time, card ids.

    ``query`` (an Anki search) is used instead of ``notes`` when given. An
    id that is not a note gives ``{}``. With ``keys``, only those keys are
    computed and answered.
    """
    chosen = None if keys is None else chosen_keys(keys, NOTE_KEYS)
    if query is not None:
        ids = findNotes(query, col=col)
    elif notes is not None:
        ids = note_ids(notes)
    else:
        raise ActionError('Must provide either "notes" or a "query"')
    rows: Dict[int, Tuple[int, int, str, str]] = {}
    cards: Dict[int, List[int]] = {}
    with_cards = chosen is None or "cards" in chosen
    unique = list(dict.fromkeys(ids))
    for chunk in _chunks(unique):
        for nid, mid, mod, tags, flds in col.db.execute(
                f"select id, mid, mod, tags, flds from notes where id in ({_in(chunk)})"):
            rows[nid] = (mid, mod, tags, flds)
            cards[nid] = []
        if with_cards:
            for nid, cid in col.db.execute(
                    f"select nid, id from cards where nid in ({_in(chunk)}) order by nid, ord"):
                cards[nid].append(cid)
    profile = host.profile_name
    models: Dict[int, Tuple[str, List[str]]] = {}
    if chosen is not None:
        return _lean_notes_info(col, ids, chosen, rows, cards, profile, models)
    result: List[Dict[str, Any]] = []
    for nid in ids:
        row = rows.get(nid)
        if row is None:
            result.append({})
            continue
        mid, mod, tags, flds = row
        if mid not in models:
            model = col.models.get(mid)
            models[mid] = (model["name"], [f["name"] for f in model["flds"]])
        model_name, field_names = models[mid]
        values = flds.split("\x1f")
        result.append({
            "noteId": nid,
            "profile": profile,
            "tags": tags.split(),
            "fields": {name: {"value": value, "order": order}
                       for order, (name, value) in enumerate(zip(field_names, values))},
            "modelName": model_name,
            "mod": mod,
            "cards": cards[nid],
        })
    return result


def _lean_notes_info(col: Any, ids: Sequence[int], keys: Sequence[str], rows: Dict[int, tuple],
                     cards: Dict[int, List[int]], profile: Optional[str],
                     models: Dict[int, Tuple[str, List[str]]]) -> List[Dict[str, Any]]:
    """notesInfo's objects with only these keys: no note type is looked up, no
    field split, without a key that needs it."""

    def model_of(mid: int) -> Tuple[str, List[str]]:
        if mid not in models:
            model = col.models.get(mid)
            models[mid] = (model["name"], [f["name"] for f in model["flds"]])
        return models[mid]

    def fields(row: tuple) -> Dict[str, Dict[str, Any]]:
        return {name: {"value": value, "order": order}
                for order, (name, value) in enumerate(zip(model_of(row[0])[1], row[3].split("\x1f")))}

    getters: Dict[str, Callable[[int, tuple], Any]] = {
        "noteId": lambda nid, row: nid,
        "profile": lambda nid, row: profile,
        "tags": lambda nid, row: row[2].split(),
        "fields": lambda nid, row: fields(row),
        "modelName": lambda nid, row: model_of(row[0])[0],
        "mod": lambda nid, row: row[1],
        "cards": lambda nid, row: cards[nid],
    }
    chosen = [(key, getters[key]) for key in keys]
    return [{key: get(nid, rows[nid]) for key, get in chosen} if nid in rows else {} for nid in ids]


@schema(params=params(notes=NOTE_IDS, required=["notes"]),
        result=array(NOTE_MOD_TIME, "For each note, in order."))
def notesModTime(notes: Any, *, col: Any) -> List[Dict[str, Any]]:
    """For each note ``{"noteId": id, "mod": seconds}``; ``{}`` for an id that is not a note."""
    ids = note_ids(notes)
    mods: Dict[int, int] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        mods.update(col.db.execute(f"select id, mod from notes where id in ({_in(chunk)})"))
    return [{"noteId": nid, "mod": mods[nid]} if nid in mods else {} for nid in ids]


ACTIONS = (findNotes, notesInfo, notesModTime)
