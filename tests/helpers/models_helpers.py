"""Shared by the note type (model) and statistics tests: note types, notes and
review logs made directly with Anki, and a collection that looks synced."""

from __future__ import annotations

import copy
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

VOCABULARY_CSS = ".card { font-family: arial; font-size: 24px; }"


def add_model(col: Any, name: str, fields: Sequence[str],
              templates: Sequence[Tuple[str, str, str]], css: Optional[str] = None,
              cloze: bool = False) -> Dict[str, Any]:
    """A new note type made with Anki's own API; returns it as stored."""
    models = col.models
    model = models.new(name)
    if cloze:
        model["type"] = 1
    for field in fields:
        models.add_field(model, models.new_field(field))
    for template_name, front, back in templates:
        template = models.new_template(template_name)
        template["qfmt"] = front
        template["afmt"] = back
        models.add_template(model, template)
    if css is not None:
        model["css"] = css
    return copy.deepcopy(models.get(models.add_dict(model).id))


def add_vocabulary(col: Any) -> Dict[str, Any]:
    """The note type the documentation's examples use."""
    return add_model(col, "Vocabulary", ["Word", "Meaning"],
                     [("Recognition", "{{Word}}", "{{FrontSide}}<hr id=answer>{{Meaning}}")],
                     css=VOCABULARY_CSS)


def add_note(col: Any, model_name: str, fields: Dict[str, str], deck_id: int = 1) -> Any:
    note = col.new_note(col.models.by_name(model_name))
    for name, value in fields.items():
        note[name] = value
    col.add_note(note, deck_id)
    return note


def model(col: Any, name: str) -> Dict[str, Any]:
    """The note type as the collection now stores it."""
    found = col.models.by_name(name)
    assert found is not None, f"no note type {name}"
    return copy.deepcopy(found)


def field_names(col: Any, name: str) -> List[str]:
    return [field["name"] for field in model(col, name)["flds"]]


def template_names(col: Any, name: str) -> List[str]:
    return [template["name"] for template in model(col, name)["tmpls"]]


def ids_of(note_type: Dict[str, Any], doc_ids: Dict[str, Any]) -> Dict[Any, Any]:
    """Map the documented ids of a note type to the real ones. doc_ids is
    {"id": ..., "mod": ..., <field or template name>: its id, ...}."""
    real = _real_ids(note_type)
    return {doc_id: real[key] for key, doc_id in doc_ids.items()}


@contextmanager
def synced(col: Any) -> Iterator[None]:
    """The collection as right after a sync: a schema change would make the
    next sync a full one (Anki compares the schema time with the last sync)."""
    last_sync = col.db.scalar("select ls from col")
    col.db.execute("update col set ls = scm")
    try:
        assert not col.schema_changed()
        yield
    finally:
        col.db.execute("update col set ls = ?", last_sync)


def add_reviews(col: Any, rows: Sequence[Sequence[int]]) -> None:
    """Review log entries written directly, as test setup."""
    col.db.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(rows))


def reviews(col: Any) -> List[List[int]]:
    return col.db.all("select id, cid, usn, ease, ivl, lastIvl, factor, time, type from revlog order by id")


class Later:
    """A value for a docs mapping that is only known after the request (e.g.
    the id of the note type the request creates): compares equal to what
    ``get()`` returns when the reply is compared."""

    def __init__(self, get: Callable[[], Any]):
        self._get = get

    def __eq__(self, other: Any) -> bool:
        return self._get() == other

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        try:
            return f"Later({self._get()!r})"
        except Exception as exc:  # shown in assertion messages: never raise
            return f"Later(<{exc!r}>)"


def later_ids_of(col: Any, name: str, doc_ids: Dict[str, Any]) -> Dict[Any, Later]:
    """ids_of() for a note type the request itself creates."""
    return {doc_id: Later(lambda key=key: _real_ids(model(col, name))[key])
            for key, doc_id in doc_ids.items()}


def _real_ids(note_type: Dict[str, Any]) -> Dict[str, Any]:
    real = {"id": note_type["id"], "mod": note_type["mod"]}
    real.update({field["name"]: field["id"] for field in note_type["flds"]})
    real.update({template["name"]: template["id"] for template in note_type["tmpls"]})
    return real


@contextmanager
def refreshes() -> Iterator[List[Any]]:
    """Collects the OpChanges Anki's windows are told about (one per refresh),
    waiting at the end for the refresh the add-on runs just after a request."""
    from aqt import gui_hooks, mw
    from support import wait_for_refresh

    seen: List[Any] = []

    def record(changes: Any, handler: Any) -> None:
        seen.append(changes)

    gui_hooks.operation_did_execute.append(record)
    try:
        yield seen
        wait_for_refresh(mw)
    finally:
        gui_hooks.operation_did_execute.remove(record)
