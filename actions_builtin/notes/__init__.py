"""Note actions: adding (with duplicate checks), updating, tags, queries.

The tag actions live in ``tags.py`` and the read-only queries in
``queries.py``; this module registers all of them as the ``notes``
plugin.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ...core.plugin_api import ActionError, Changes, Host, hookimpl
from ..shared.media_input import add_note_media, has_media, note_urls, notes_urls
from ..shared.note_input import DuplicateCheck, NoteReader, NoteRequest, read_tags
from ..shared.params import wrong_type
from ..shared.schemas import (
    BOOLEAN,
    NO_PARAMS,
    NOTE,
    NOTE_ID,
    NOTE_IDS,
    NULL,
    array,
    described,
    documented,
    nullable,
    params,
    schema,
)
from . import duplicates, queries, tags
from .common import note_for_update, note_ids, remove_empty_notes
from .schemas import CAN_ADD, NOTE_FIELDS_UPDATE, NOTE_MODEL_UPDATE, NOTE_UPDATE
from .tags import tag_list

# Adding ------------------------------------------------------------------------


def _checked(reader: NoteReader, check: DuplicateCheck, source: Any) -> NoteRequest:
    """Parse a note object and refuse it if it cannot be added (upstream's texts).

    Media objects are previewed (referenced in the fields without storing
    anything), so the check sees the fields as adding would create them.
    """
    request = reader.read(source)
    if has_media(source):
        original = list(request.note.fields)
        add_note_media(reader.col, source, request.note, download=None)  # a preview
        error = check.error(request)
        request.note.fields = original
        request.first_stripped = None  # the check saw the previewed fields
    else:
        error = check.error(request)
    if error:
        raise ActionError(error)
    return request


def _store_media(request: NoteRequest, host: Host) -> None:
    if has_media(request.source):
        add_note_media(request.note.col, request.source, request.note, download=host.download)


_ONE_NOTE = params(note=NOTE, required=["note"])
_NOTES = params(notes=array(NOTE), required=["notes"])


@schema(params=_ONE_NOTE, result=described(NOTE_ID, "The new note's id."))
def addNote(note: Any, *, col: Any, host: Host, changes: Changes) -> int:
    """Create a note; return its id.

    Refused with ``cannot create note because it is a duplicate`` / ``...
    it is empty``, ``model was not found: X``, ``deck was not found: X``.
    Media objects (audio, video, picture) are stored once the note passed its
    checks, and referenced in the fields they list.
    """
    reader = NoteReader(col)
    request = _checked(reader, DuplicateCheck(reader), note)
    _store_media(request, host)
    with changes.undo_step("Add Note"):
        col.add_note(request.note, request.deck_id)
    return request.note.id


@schema(params=_NOTES,
        result=array(nullable(NOTE_ID), "The new id of each note, in order; null: not created."))
def addNotes(notes: Any, *, col: Any, host: Host, changes: Changes) -> List[Optional[int]]:
    """Create several notes; return the id of each, or null for a note that could not be created.

    Every note is checked as ``addNote`` checks it, also against the notes
    before it in the same request. The others are created, in one undo step.
    """
    from anki.collection import AddNoteRequest

    if not isinstance(notes, list):
        raise ActionError("notes must be a list of note objects")
    reader = NoteReader(col)
    check = DuplicateCheck(reader)
    accepted: List[Optional[NoteRequest]] = []
    for source in notes:
        try:
            request = _checked(reader, check, source)
            _store_media(request, host)
        except Exception:  # noqa: BLE001 - any failure makes this note null, as documented
            accepted.append(None)
            continue
        check.remember(request)
        accepted.append(request)
    to_add = [AddNoteRequest(r.note, r.deck_id) for r in accepted if r is not None]
    if to_add:
        with changes.undo_step("Add Notes"):
            col.add_notes(to_add)
    return [r.note.id if r is not None else None for r in accepted]


# Checking ------------------------------------------------------------------------


def _can_add_detail(reader: NoteReader, check: DuplicateCheck, source: Any) -> Dict[str, Any]:
    try:
        _checked(reader, check, source)
    except Exception as exc:  # noqa: BLE001 - every reason is reported, as upstream
        return {"canAdd": False, "error": str(exc)}
    return {"canAdd": True}


def _list_of_notes(notes: Any) -> List[Any]:
    if not isinstance(notes, list):
        raise ActionError("notes must be a list of note objects")
    return notes


@schema(params=_ONE_NOTE, result=BOOLEAN)
def canAddNote(note: Any, *, col: Any) -> bool:
    """Whether addNote would create this note (nothing is stored or added)."""
    if not isinstance(note, dict):  # a wrong type, not a note that cannot be added
        raise wrong_type("note", "a note object", note)
    reader = NoteReader(col)
    return _can_add_detail(reader, DuplicateCheck(reader), note)["canAdd"]


@schema(params=_NOTES, result=array(BOOLEAN, "For each note, in order."))
def canAddNotes(notes: Any, *, col: Any) -> List[bool]:
    """For each note, whether addNote would create it (each checked on its own)."""
    reader = NoteReader(col)
    check = DuplicateCheck(reader)
    return [_can_add_detail(reader, check, n)["canAdd"] for n in _list_of_notes(notes)]


@schema(params=_ONE_NOTE, result=CAN_ADD)
def canAddNoteWithErrorDetail(note: Any, *, col: Any) -> Dict[str, Any]:
    """``{"canAdd": true}``, or ``{"canAdd": false, "error": "<why not>"}``."""
    if not isinstance(note, dict):  # a wrong type, not a note that cannot be added
        raise wrong_type("note", "a note object", note)
    reader = NoteReader(col)
    return _can_add_detail(reader, DuplicateCheck(reader), note)


@schema(params=_NOTES, result=array(CAN_ADD, "For each note, in order."))
def canAddNotesWithErrorDetail(notes: Any, *, col: Any) -> List[Dict[str, Any]]:
    """For each note, ``{"canAdd": true}`` or ``{"canAdd": false, "error": "<why not>"}``."""
    reader = NoteReader(col)
    check = DuplicateCheck(reader)
    return [_can_add_detail(reader, check, n) for n in _list_of_notes(notes)]


# Updating ------------------------------------------------------------------------


def _note_object(note: Any) -> dict:
    if not isinstance(note, dict):
        raise ActionError("note must be an object")
    if "id" not in note:
        raise ActionError("'id'")
    return note


def _set_fields(anki_note: Any, fields: Any) -> None:
    if not isinstance(fields, dict):
        raise ActionError("fields must be an object of field names and values")
    for name, value in fields.items():
        if name in anki_note:  # exact field names, as upstream
            anki_note[name] = value if isinstance(value, str) else ("" if value is None else str(value))


def _update(col: Any, host: Host, changes: Changes, label: str, anki_note: Any) -> None:
    with changes.undo_step(label):
        col.update_note(anki_note)
    host.editors.reload([anki_note.id])


@schema(params=params(note=NOTE_FIELDS_UPDATE, required=["note"]), result=NULL)
def updateNoteFields(note: Any, *, col: Any, host: Host, changes: Changes) -> None:
    """Set fields of an existing note (exact field names; unknown ones are ignored).

    Media objects are stored and referenced as with addNote. Edits the user
    has made to the note in an open editor are kept.
    """
    note = _note_object(note)
    anki_note = note_for_update(col, host.editors, note["id"])
    if "fields" not in note:
        raise ActionError("'fields'")
    _set_fields(anki_note, note["fields"])
    add_note_media(col, note, anki_note, download=host.download)
    _update(col, host, changes, "Update Note Fields", anki_note)


@schema(params=params(note=NOTE_UPDATE, required=["note"]), result=NULL)
def updateNote(note: Any, *, col: Any, host: Host, changes: Changes) -> None:
    """Set the fields and/or replace the tags of an existing note, in one step."""
    note = _note_object(note)
    if "fields" not in note and "tags" not in note:
        raise ActionError('Must provide a "fields" or "tags" property.')
    anki_note = note_for_update(col, host.editors, note["id"])
    new_tags = tag_list(note["tags"]) if "tags" in note else None
    if "fields" in note:
        _set_fields(anki_note, note["fields"])
        add_note_media(col, note, anki_note, download=host.download)
    if new_tags is not None:
        anki_note.tags = new_tags
    _update(col, host, changes, "Update Note", anki_note)


@schema(params=params(note=NOTE_MODEL_UPDATE, required=["note"]), result=NULL)
def updateNoteModel(note: Any, *, col: Any, host: Host, changes: Changes) -> None:
    """Give a note another note type, with new fields (all others empty) and tags.

    Cards of templates the new note type has are kept (by template position),
    the others are deleted; cards for the new templates are generated.
    """
    if not isinstance(note, dict):
        raise ActionError("note must be an object")
    nid = note.get("id")
    if not nid:
        raise ActionError("Note ID is required")
    model_name = note.get("modelName")
    if not model_name:
        raise ActionError("Model name is required")
    fields = note.get("fields")
    if not fields or not isinstance(fields, dict):
        raise ActionError("Fields must be provided as a dictionary")
    tags = read_tags(note.get("tags", []))
    old = note_for_update(col, host.editors, nid)
    model = col.models.by_name(model_name) if isinstance(model_name, str) else None
    if model is None:
        raise ActionError(f"Model '{model_name}' not found")
    from anki.notes import Note

    new = Note(col, model)
    new.id, new.guid, new.tags = old.id, old.guid, tags
    by_name: Dict[str, int] = {}
    for index, field in enumerate(model["flds"]):
        by_name.setdefault(field["name"].lower(), index)
    for name, value in fields.items():
        index = by_name.get(name.lower())
        if index is not None:
            new.fields[index] = value if isinstance(value, str) else str(value)
    with changes.undo_step("Update Note Model"):
        col.update_note(new)
        _remove_orphan_cards(col, new.id, model)


def _remove_orphan_cards(col: Any, nid: int, model: dict) -> None:
    """Cards of templates the note's new (standard) note type does not have."""
    if model["type"] == 1:  # cloze: a card's ord is its cloze number
        return
    orphans = col.db.list("select id from cards where nid = ? and ord >= ?", nid, len(model["tmpls"]))
    if orphans:
        col.remove_cards_and_orphaned_notes(orphans)


# Deleting ------------------------------------------------------------------------


@schema(params=params(notes=NOTE_IDS, required=["notes"]), result=NULL)
def deleteNotes(notes: Any, *, col: Any, changes: Changes) -> None:
    """Delete notes and all their cards."""
    ids = note_ids(notes)
    if ids:
        with changes.undo_step("Delete Notes"):
            col.remove_notes(ids)


@schema(params=NO_PARAMS, result=NULL)
def removeEmptyNotes(*, col: Any, changes: Changes) -> None:
    """Delete every note whose fields are all empty (HTML without text counts as empty)."""
    remove_empty_notes(col, changes)


@hookimpl
def register_actions(register):
    register = documented(register, "notes")
    for action in (addNote, updateNoteFields, updateNote):
        register(action, prefetch=note_urls)
    register(addNotes, prefetch=notes_urls)
    for action in (canAddNote, canAddNotes, canAddNoteWithErrorDetail, canAddNotesWithErrorDetail,
                   updateNoteModel, deleteNotes, removeEmptyNotes):
        register(action)
    for action in tags.ACTIONS + queries.ACTIONS + duplicates.ACTIONS:
        register(action)
