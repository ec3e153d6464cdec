"""Helpers for the tests of the gui group: windows, dialogs, editor pages, notes to show.

The ``gui`` fixture (tests/actions/conftest.py) starts and ends each test with
Anki's windows clean, using the functions here.
"""

from __future__ import annotations

from typing import Any, Callable, List


def visible_windows() -> List[Any]:
    """The top-level windows on screen, tooltips left out."""
    from aqt.qt import QApplication, Qt

    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and w.windowType() != Qt.WindowType.ToolTip]


def describe(windows: List[Any]) -> List[str]:
    return [f"{type(w).__name__} {w.windowTitle()!r}" + (f": {w.text()!r}" if hasattr(w, "text") else "")
            for w in windows]


def windows_of(kind: type) -> List[Any]:
    return [w for w in visible_windows() if isinstance(w, kind)]


def page_value(editor: Any, expression: str, wait_until: Callable[[Callable[[], bool]], Any]) -> Any:
    """The value of a JavaScript expression on an editor's page, once it has
    come back (``wait_until`` turns Qt's loop: qtbot's or the session waiter's)."""
    values: List[Any] = []
    editor.web.evalWithCallback(expression, values.append)
    wait_until(lambda: bool(values))
    return values[0]


def dialog(name: str) -> Any:
    """The open instance of one of aqt.dialogs' windows (``"Browser"``...), or None."""
    import aqt

    return aqt.dialogs._dialogs.get(name, (None, None))[1]


def close_dialogs(waiter: Any) -> None:
    """Close every window aqt.dialogs knows, without asking the user anything."""
    import aqt

    for name, (_, window) in list(aqt.dialogs._dialogs.items()):
        if window is None:
            continue
        if name in ("AddCards", "NewAddCards"):
            window._close()  # skips the "discard current input?" question
        elif getattr(window, "silentlyClose", False):
            window.close()
            aqt.dialogs.markClosed(name)
        else:
            window.closeWithCallback(lambda: None)
    waiter.wait_until(aqt.dialogs.allClosed, timeout=10)


def add_basic_notes(col: Any, fronts: List[str], deck_name: str = "Default",
                    tags: tuple = ()) -> List[Any]:
    """Basic notes with the given Front fields (Back is "back of <front>")."""
    deck_id = col.decks.id(deck_name)
    notes = []
    for front in fronts:
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"] = front
        note["Back"] = f"back of {front}"
        note.tags = list(tags)
        col.add_note(note, deck_id)
        notes.append(note)
    return notes


#: A deck made afresh for each test that reviews: earlier tests' reviews today
#: may have used up the new-card limit of Default, and a new deck's counts
#: start at zero (the collection fixture removes it again).
STUDY_DECK = "Study session"


def return_to_deck_list(anki: Any) -> None:
    from aqt.utils import closeTooltip

    mw = anki.mw
    close_dialogs(anki.waiter)
    if mw.state != "deckBrowser":
        mw.moveToState("deckBrowser")
    anki.waiter.wait_until(lambda: not mw.progress.busy(), timeout=30)
    closeTooltip()
    assert mw.state == "deckBrowser"
