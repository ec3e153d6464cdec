"""guiEditNote: an Edit window for any note, with Preview, Browse and a history.

Anki's own Edit Current window only edits the card under review. This one
edits the note a client names (the window itself is in edit_window.py,
imported when it is first needed: the gui plugin also loads without Anki).
"""

from __future__ import annotations

from typing import Any

from ..shared.schemas import NOTE_ID, NULL, params, schema
from .windows import DIALOG_NAME, dialogs, open_window


@schema(params=params(note=NOTE_ID, required=["note"]), result=NULL)
def guiEditNote(note: int, *, col: Any, mw: Any) -> None:
    """Open the Edit window on a note (Preview, Browse, and Previous/Next through the notes shown)."""
    from .edit_window import EditNoteWindow

    shown = col.get_note(note)
    # Registered again each time: the class is this module's, even after the add-on reloads.
    dialogs().register_dialog(DIALOG_NAME, EditNoteWindow, open_window(DIALOG_NAME))
    dialogs().open(DIALOG_NAME, mw, shown)
