"""Keeping the user's edits when an action changes a note that is open in an editor.

Anki's editors (the Browser's, Edit Current's, and any add-on dialog with an
``editor``) keep the note being edited as a Python ``Note`` that the webview
updates field by field as the user types; they save it to the collection in
the background and reload it from the collection after other operations.
An action that wrote a fresh copy of that note would drop edits the editor
has not saved yet, and the editor's next save would drop the action's change.

So an action that changes notes first asks :func:`editor_notes` for the
notes open in editors, applies its change *to that same object* (or saves it
first, for changes made by bulk operations), and lets the request's refresh
reload the editor, which then shows both the user's edits and the action's.

Anki's experimental editor (``NewEditor``) keeps the note in its webview;
it is told to reload the note after the change (:func:`reload_new_editors`).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from ..core.editors import open_editors


def editor_notes(note_ids: Iterable[int]) -> Dict[int, Any]:
    """The notes among note_ids that an editor shows, as the editor holds them."""
    wanted = set(note_ids) if not isinstance(note_ids, (set, frozenset)) else note_ids
    found: Dict[int, Any] = {}
    for editor in open_editors():
        note = getattr(editor, "note", None)
        if note is not None and note.id and note.id in wanted:
            found[note.id] = note
    return found


def save_editor_notes(col: Any, note_ids: Iterable[int]) -> Dict[int, Any]:
    """Save what open editors hold of these notes, before a bulk change to them."""
    notes = editor_notes(note_ids)
    if notes:
        col.update_notes(list(notes.values()))
    return notes


def reload_new_editors(note_ids: Iterable[int]) -> None:
    """Make the experimental (webview-held) editors show the notes' new content."""
    wanted = set(note_ids)
    stale: List[Any] = [e for e in open_editors()
                        if getattr(e, "note", None) is None and getattr(e, "nid", None) in wanted]
    for editor in stale:
        editor.reload_note()
