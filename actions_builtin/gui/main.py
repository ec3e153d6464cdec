"""The main window: guiDeckOverview, guiDeckBrowser, guiDeckReview, guiUndo,
guiImportFile, guiExitAnki, guiCheckDatabase."""

from __future__ import annotations

import os
from typing import Any, Optional

from ...core.plugin_api import ActionError
from ..shared.params import string
from ..shared.schemas import BOOLEAN, DECK_NAME, NO_PARAMS, NULL, STRING, described, nullable, params, schema

#: Time for the reply to guiExitAnki to leave before Anki starts closing (ms).
EXIT_DELAY_MS = 1000


_NAMED_DECK = params(name=described(DECK_NAME, "The deck's full name, any letter case."), required=["name"])
_FOUND = described(BOOLEAN, "false if there is no such deck.")
_ALWAYS_TRUE = described({"const": True}, "Always true.")


@schema(params=_NAMED_DECK, result=_FOUND)
def guiDeckOverview(name: str, *, col: Any, mw: Any) -> bool:
    """Select the deck named name (any letter case) and show its overview; false if there is none."""
    deck = col.decks.by_name(string(name, "name", "a deck name"))
    if deck is None:
        return False
    col.decks.select(deck["id"])
    mw.moveToState("overview")
    return True


@schema(params=NO_PARAMS, result=NULL)
def guiDeckBrowser(*, mw: Any) -> None:
    """Show the deck list in the main window."""
    mw.moveToState("deckBrowser")


@schema(params=_NAMED_DECK, result=_FOUND)
def guiDeckReview(name: str, *, col: Any, mw: Any) -> bool:
    """Start reviewing the deck named name; false if there is none."""
    if not guiDeckOverview(name, col=col, mw=mw):
        return False
    mw.moveToState("review")
    return True


@schema(params=NO_PARAMS, result=_ALWAYS_TRUE)
def guiUndo(*, mw: Any) -> bool:
    """Undo the last change, as Edit > Undo does (nothing happens if there is none)."""
    from aqt.operations.collection import undo

    undo(parent=mw)
    return True


@schema(params=params(path=nullable(STRING, "The file's full path (default null: ask the user).")),
        result=NULL)
def guiImportFile(path: Optional[str] = None, *, mw: Any) -> None:
    """Import a file as File > Import does; without path, ask the user for one.

    Every window this opens leaves Anki (and the API) running while it waits
    for the user.
    """
    from . import importing

    if path is not None:
        if not os.path.isfile(path):
            raise ActionError(f"file was not found: {path}")
        importing.check_supported(mw, path)
    _bring_to_front(mw)
    if path is None:
        importing.ask_for_file(mw)
    else:
        importing.import_file(mw, path)


def _bring_to_front(window: Any) -> None:
    window.show()
    window.raise_()
    window.activateWindow()


@schema(params=NO_PARAMS, result=NULL)
def guiExitAnki(*, mw: Any) -> None:
    """Close Anki as File > Exit does, a moment after replying."""
    mw.progress.single_shot(EXIT_DELAY_MS, mw.close)


@schema(params=NO_PARAMS, result=_ALWAYS_TRUE)
def guiCheckDatabase(*, mw: Any) -> bool:
    """Start Tools > Check Database; replies at once, before the check is done."""
    mw.onCheckDB()
    return True
