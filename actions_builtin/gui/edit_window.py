"""The window of guiEditNote: an Edit window for any note, with Preview, Browse and a history.

Anki's own Edit Current window only edits the card under review. This one
edits the note a client names; it is registered with Anki's dialog manager,
so there is one at a time, and opening another note in it keeps the notes
shown before in a history (Previous / Next).
"""

from __future__ import annotations

from typing import Any, List, Optional

import aqt
from aqt.browser.previewer import MultiCardPreviewer
from aqt.qt import QMainWindow, Qt, QVBoxLayout, QWidget

from .windows import DIALOG_NAME, save_then

HISTORY_SIZE = 25
SUSPENDED_HINT = "Some of the cards associated with this note have been suspended"


class EditNoteWindow(QMainWindow):
    def __init__(self, mw: Any, note: Any):
        from aqt import gui_hooks
        from aqt.editor import Editor, EditorMode
        from aqt.utils import restoreGeom

        super().__init__(None, Qt.WindowType.Window)
        self.mw = mw
        self.note = note
        self.history: List[int] = []  # note ids, oldest first
        self.previewer: Optional[NotePreviewer] = None
        self._closed = False
        self.setWindowTitle(_edit_title())
        self.setMinimumSize(400, 400)
        fields = QWidget()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(fields)
        self.setCentralWidget(central)
        gui_hooks.editor_did_init_buttons.append(self._add_buttons)
        try:
            self.editor = Editor(mw, fields, self, editor_mode=EditorMode.EDIT_CURRENT)
        finally:
            gui_hooks.editor_did_init_buttons.remove(self._add_buttons)
        gui_hooks.operation_did_execute.append(self._on_operation)
        restoreGeom(self, "ankiconnect-edit")
        self.show_note(note)
        self.show()

    # Buttons ---------------------------------------------------------------

    def _add_buttons(self, buttons: List[str], editor: Any) -> None:
        from aqt.utils import tr

        def add(name: str, label: str, tip: str, keys: str, action: Any) -> None:
            buttons.append(editor.addButton(
                icon=None, cmd=f"ankiconnect_{name}", func=lambda _editor: action(), tip=tip, label=label,
                id=f"ankiconnect-{name}", keys=keys, disables=False))

        add("preview", tr.actions_preview(), "Preview the cards of this note", "Ctrl+Shift+P",
            self.toggle_preview)
        add("browse", tr.qt_misc_browse(), "Show this note in the browser", "Ctrl+F", self.browse)
        add("previous", "&lt;", "Previous note", "Alt+Left", self.show_previous)
        add("next", "&gt;", "Next note", "Alt+Right", self.show_next)

    def _update_buttons(self) -> None:
        position = self.history.index(self.note.id)
        self.editor.web.eval(_SET_DISABLED_JS % (
            "ankiconnect-previous", _js_bool(position == 0),
            "ankiconnect-next", _js_bool(position == len(self.history) - 1)))

    # Notes -----------------------------------------------------------------

    def reopen(self, mw: Any, note: Any) -> None:
        """aqt.dialogs.open() on the open window: show note, after saving the one shown."""
        save_then(self.editor, lambda: self.show_note(note))

    def show_note(self, note: Any, *, remember: bool = True) -> None:
        from anki.consts import QUEUE_TYPE_SUSPENDED
        from aqt.utils import tooltip

        if self._closed:
            return
        self.note = note
        if remember:
            if note.id in self.history:
                self.history.remove(note.id)
            self.history = (self.history + [note.id])[-HISTORY_SIZE:]
        cards = note.cards()
        self.editor.card = cards[0] if cards else None
        self.editor.set_note(note, focusTo=0)
        self._update_buttons()
        if self.previewer is not None:
            self.previewer.show_cards(cards)
        if any(card.queue == QUEUE_TYPE_SUSPENDED for card in cards):
            tooltip(SUSPENDED_HINT, parent=self)

    def show_previous(self) -> None:
        self._step(-1)

    def show_next(self) -> None:
        self._step(+1)

    def _step(self, direction: int) -> None:
        """Show the nearest note in the history in that direction that still exists."""
        from anki.errors import NotFoundError

        position = self.history.index(self.note.id) + direction
        while 0 <= position < len(self.history):
            try:
                note = self.mw.col.get_note(self.history[position])
            except NotFoundError:
                del self.history[position]
                position += min(direction, 0)
                continue
            self.show_note(note, remember=False)
            return
        self._update_buttons()

    def _on_operation(self, changes: Any, handler: Optional[object]) -> None:
        """Show what other windows and the API change in the note."""
        from anki.errors import NotFoundError

        if self._closed or not changes.note_text or handler is self.editor:
            return
        try:
            self.note.load()
        except NotFoundError:  # deleted elsewhere
            self.close()
            return
        self.editor.set_note(self.note)
        if self.previewer is not None:
            self.previewer.show_cards(self.note.cards())

    # Preview and Browse ----------------------------------------------------

    def toggle_preview(self) -> None:
        if self.previewer is not None:
            self.previewer.close()
            return
        self.previewer = NotePreviewer(self, self.mw, self.note.cards())
        self.previewer.open()

    def _on_preview_closed(self) -> None:
        self.previewer = None

    def browse(self) -> None:
        from anki.collection import SearchNode

        aqt.dialogs.open("Browser", self.mw, search=(SearchNode(nid=self.note.id),))

    # Closing ---------------------------------------------------------------

    def closeEvent(self, event: Any) -> None:
        if self._closed:
            event.accept()
            return
        event.ignore()  # close once what the user typed is saved
        save_then(self.editor, self._finish_closing)

    def closeWithCallback(self, done: Any) -> None:
        """How aqt.dialogs closes the window (e.g. when the profile closes)."""
        def close_then_report() -> None:
            self._finish_closing()
            done()

        save_then(self.editor, close_then_report)

    def _finish_closing(self) -> None:
        from aqt import gui_hooks
        from aqt.utils import saveGeom

        if self._closed:
            return
        self._closed = True
        if self.previewer is not None:
            self.previewer.close()
        gui_hooks.operation_did_execute.remove(self._on_operation)
        self.editor.cleanup()
        saveGeom(self, "ankiconnect-edit")
        aqt.dialogs.markClosed(DIALOG_NAME)
        self.mw.deferred_delete_and_garbage_collect(self)
        self.close()


class NotePreviewer(MultiCardPreviewer):
    """Anki's previewer, stepping through the cards of one note."""

    def __init__(self, window: EditNoteWindow, mw: Any, cards: List[Any]):
        super().__init__(parent=None, mw=mw, on_close=window._on_preview_closed)
        self._cards = cards
        self._index = 0
        self._last_card_id = 0

    def show_cards(self, cards: List[Any]) -> None:
        self._cards = cards
        self._index = min(self._index, max(len(cards) - 1, 0))
        self.render_card()

    def card(self) -> Optional[Any]:
        return self._cards[self._index] if self._cards else None

    def card_changed(self) -> bool:
        card = self.card()
        changed = card is None or card.id != self._last_card_id
        self._last_card_id = card.id if card else 0
        return changed

    def _on_prev_card(self) -> None:
        self._index = max(self._index - 1, 0)
        self.render_card()

    def _on_next_card(self) -> None:
        self._index = min(self._index + 1, len(self._cards) - 1)
        self.render_card()

    def _should_enable_prev(self) -> bool:
        return super()._should_enable_prev() or self._index > 0

    def _should_enable_next(self) -> bool:
        return super()._should_enable_next() or self._index < len(self._cards) - 1

    def _render_scheduled(self) -> None:
        super()._render_scheduled()
        self._updateButtons()


def _edit_title() -> str:
    from aqt.utils import tr

    return tr.qt_accel_edit().replace("&", "")


def _js_bool(value: bool) -> str:
    return "true" if value else "false"


# The toolbar's add-on buttons appear once the editor's page has drawn them;
# until then the wanted state waits in a global, so the latest one wins.
_SET_DISABLED_JS = """
globalThis.ankiconnectDisabled = {"%s": %s, "%s": %s};
(function setDisabled(tries) {
    const buttons = Object.keys(globalThis.ankiconnectDisabled).map(id => document.getElementById(id));
    if (buttons.includes(null)) {
        if (tries > 0) { setTimeout(() => setDisabled(tries - 1), 50); }
        return;
    }
    buttons.forEach(button => { button.disabled = globalThis.ankiconnectDisabled[button.id]; });
})(100);
"""
