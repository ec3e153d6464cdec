"""Anki's open note editors (the Browser's, Edit Current's, add-on dialogs').

An editor holds the note being edited as a Python object that the user's
typing changes before anything is saved; code that changes notes must know
about it, or one side's edits are lost.
"""

from __future__ import annotations

from typing import Any, Iterator


def open_editors() -> Iterator[Any]:
    """The editors of Anki's open dialogs (none outside Anki)."""
    try:
        import aqt
    except ImportError:
        return
    if getattr(aqt, "mw", None) is None:
        return
    for _, instance in list(aqt.dialogs._dialogs.values()):
        editor = getattr(instance, "editor", None)
        if editor is not None:
            yield editor


def editing_a_saved_note() -> bool:
    """Whether some editor shows a note that is in the collection (not a new one)."""
    return any(getattr(getattr(e, "note", None), "id", 0) or getattr(e, "nid", None)
               for e in open_editors())
