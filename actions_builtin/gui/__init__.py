"""Actions that drive Anki's windows: browser, add and edit dialogs, reviewer, main window.

Every action runs on Qt's main thread and returns at once: windows are opened
without ``exec()``, so a dialog waiting for the user never holds up the API.
The actions live in one module per window; this package is the plugin.
"""

from __future__ import annotations

from ...core.plugin_api import hookimpl
from ..shared.media_input import note_urls
from ..shared.schemas import documented
from .add import guiAddCards, guiAddNoteSetData
from .browser import guiBrowse, guiSelectCard, guiSelectedNotes, guiSelectNote
from .edit import guiEditNote
from .main import (
    guiCheckDatabase,
    guiDeckBrowser,
    guiDeckOverview,
    guiDeckReview,
    guiExitAnki,
    guiImportFile,
    guiUndo,
)
from .review import (
    guiAnswerCard,
    guiCurrentCard,
    guiPlayAudio,
    guiReviewActive,
    guiShowAnswer,
    guiShowQuestion,
    guiStartCardTimer,
)

ACTIONS = (
    guiBrowse, guiSelectCard, guiSelectNote, guiSelectedNotes, guiAddCards, guiAddNoteSetData, guiEditNote,
    guiReviewActive, guiCurrentCard, guiStartCardTimer, guiShowQuestion, guiShowAnswer,
    guiAnswerCard, guiPlayAudio,
    guiUndo, guiDeckOverview, guiDeckBrowser, guiDeckReview, guiImportFile, guiExitAnki,
    guiCheckDatabase,
)


@hookimpl
def register_actions(register):
    register = documented(register, "gui")
    for action in ACTIONS:
        register(action, gui=True, prefetch=note_urls if action in (guiAddCards, guiAddNoteSetData) else None)
