"""Small pieces the note actions share: ids, note lookup, empty notes."""

from __future__ import annotations

from typing import Any, List

from ...core.plugin_api import ActionError, OpenEditors
from ..shared.ids import as_id


def note_ids(values: Any, what: str = "notes") -> List[int]:
    """A list of note (or card) ids; numeric strings are accepted as upstream's SQL did."""
    if not isinstance(values, list):
        raise ActionError(f"{what} must be a list of ids")
    ids = [as_id(value) for value in values]
    if None in ids:
        raise ActionError(f"{what} must be a list of ids, not {values[ids.index(None)]!r}")
    return ids  # type: ignore[return-value]


def get_note(col: Any, nid: Any) -> Any:
    """The note with this id, as stored; ``Note was not found: N`` otherwise."""
    from anki.errors import NotFoundError

    note_id = as_id(nid)
    if note_id is None:
        raise ActionError(f"Note was not found: {nid}")
    try:
        return col.get_note(note_id)
    except NotFoundError:
        raise ActionError(f"Note was not found: {nid}") from None


def note_for_update(col: Any, editors: OpenEditors, nid: Any) -> Any:
    """The note to change: the open editor's copy (with the user's edits) if there is one."""
    note = get_note(col, nid)
    return editors.notes([note.id]).get(note.id, note)


def remove_empty_notes(col: Any, changes: Any) -> None:
    from anki.utils import strip_html_media

    def blank(field: str) -> bool:
        if "<" in field or "&" in field:
            field = strip_html_media(field)
        return not field.strip()

    empty = [nid for nid, flds in col.db.execute("select id, flds from notes")
             if all(blank(field) for field in flds.split("\x1f"))]
    if empty:
        with changes.undo_step("Remove Empty Notes"):
            col.remove_notes(empty)
