"""Finding Anki's windows and waiting for their editors: shared by the gui modules.

The gui modules import ``aqt`` only when an action runs: the plugin also
loads where there is no Anki window (the headless server), so that its
actions are listed, and answered with an error, there too.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

#: The dialog manager's name for guiEditNote's window (upstream AnkiConnect's,
#: kept for add-ons that look for it).
DIALOG_NAME = "foosoft.ankiconnect.Edit"


def dialogs() -> Any:
    """Anki's dialog manager, ``aqt.dialogs``."""
    import aqt

    return aqt.dialogs


def open_window(name: str) -> Optional[Any]:
    """The open instance of one of aqt.dialogs' windows, or None.

    (``aqt.dialogs.getInstance`` is newer than Anki 25.02.)
    """
    return dialogs()._dialogs.get(name, (None, None))[1]


def after_editor_saved(window: Any, work: Callable[[], None]) -> None:
    """Run work once the window's editor has saved what the user typed.

    Anki's own browser does this before it searches: a search reloads the
    table, and the editor's pending keystrokes must reach the note first.
    """
    editor = getattr(window, "editor", None)
    # Anki 26's experimental editor only answers once its page is ready; until
    # then the user cannot have typed anything.
    if editor is None or not getattr(editor, "_ready", True):
        work()
    else:
        save_then(editor, work)


# Anki's editor page defines saveNow once it has set up its editor; before that the
# user cannot have typed anything, and calling it is only a JavaScript error.
_SAVE_IF_SET_UP = "typeof saveNow === 'function' ? saveNow(%d) : null"


def save_then(editor: Any, work: Callable[[], None], *, keep_focus: bool = False) -> None:
    """``editor.call_after_note_saved(work)``: work runs once the editor has saved what
    the user typed; without asking a page that has not set up its editor yet.

    (Anki's editor asks the page whatever its state, which leaves ``saveNow is not
    defined`` in the web console when a window is closed, or its note changed, just
    after it opened. core/in_anki/editors.py asks the same way.)
    """
    web = getattr(editor, "web", None)
    if getattr(editor, "_ready", None) is None and getattr(editor, "note", None) is not None \
            and web is not None:
        # What Anki's editor does (it calls back whatever the page answers), asked only of a set-up page.
        web.evalWithCallback(_SAVE_IF_SET_UP % int(keep_focus), lambda _: work())
    else:  # the experimental editor (which says itself when it is ready), or no note: Anki's way
        editor.call_after_note_saved(work, keepFocus=keep_focus)
