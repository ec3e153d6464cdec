"""Anki's open note editors (the Browser's, Edit Current's, add-on dialogs').

An editor holds the note being edited as a Python object that the user's
typing changes before anything is saved, saves it to the collection in the
background, and reloads it from the collection after other operations. An
action that wrote a fresh copy of that note would drop edits the editor has
not saved yet, and the editor's next save would drop the action's change.

So an action that changes notes asks :class:`AnkiEditors` for the notes open
in editors, applies its change *to that same object* (or saves it first, for
changes made by bulk operations), and lets the request's refresh reload the
editor, which then shows both the user's edits and the action's. Anki's
experimental editor (``NewEditor``) keeps the note in its webview; it is
told to reload the note after the change.

Before a request that changes anything, :func:`save_typing` has editors pass
on what the user has just typed.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Iterator, List

import aqt


def open_editors() -> Iterator[Any]:
    """The editors of Anki's open dialogs."""
    for _, instance in list(aqt.dialogs._dialogs.values()):
        editor = getattr(instance, "editor", None)
        if editor is not None:
            yield editor


class AnkiEditors:
    """The OpenEditors of core.environment, for Anki's editors."""

    def notes(self, note_ids: Iterable[int]) -> Dict[int, Any]:
        wanted = note_ids if isinstance(note_ids, (set, frozenset)) else set(note_ids)
        found: Dict[int, Any] = {}
        for editor in open_editors():
            note = getattr(editor, "note", None)
            if note is not None and note.id and note.id in wanted:
                found[note.id] = note
        return found

    def save(self, col: Any, note_ids: Iterable[int]) -> Dict[int, Any]:
        notes = self.notes(note_ids)
        if notes:
            col.update_notes(list(notes.values()))
        return notes

    def reload(self, note_ids: Iterable[int]) -> None:
        wanted = set(note_ids)
        stale: List[Any] = [e for e in open_editors()
                            if getattr(e, "note", None) is None and getattr(e, "nid", None) in wanted]
        for editor in stale:
            editor.reload_note()


def editing_a_saved_note() -> bool:
    """Whether some editor shows a note that is in the collection (not a new one)."""
    return any(_shows_saved_note(e) for e in open_editors())


def save_typing(on_saved: Callable[[], None]) -> bool:
    """Have every editor that shows a saved note pass on what the user typed.

    An editor's webview hands typing to Anki only after a short pause (about
    0.6 s) or when the field loses focus; a change made before that would be
    overwritten by the editor's reload, and the typing lost. This asks each
    such editor to save now (keeping the cursor where it is) and calls
    ``on_saved`` once all have and their saves are written. Returns False,
    without calling it, when no editor needs asking. Runs on the main thread.
    """
    editors = [e for e in open_editors() if _shows_saved_note(e) and _page_is_up(e)]
    if not editors:
        return False
    ops_before = _background_ops(aqt.mw)
    waiting = [len(editors)]

    def one_saved() -> None:
        waiting[0] -= 1
        if waiting[0] == 0:
            _when_background_ops_are_back_to(ops_before, on_saved)

    for editor in editors:
        try:
            _save_then(editor, one_saved)
        except Exception:  # an editor being torn down has nothing left to save
            one_saved()
    return True


# Anki's editor page defines saveNow once it has set up its editor; before that the
# user cannot have typed anything, and calling it is only a JavaScript error.
_SAVE_IF_SET_UP = "typeof saveNow === 'function' ? saveNow(1) : null"


def _save_then(editor: Any, callback: Callable[[], None]) -> None:
    """``editor.call_after_note_saved(callback, keepFocus=True)``, without asking a page
    that has not set up its editor yet (as actions_builtin/gui/windows.py's save_then)."""
    web = getattr(editor, "web", None)
    if getattr(editor, "_ready", None) is None and getattr(editor, "note", None) is not None \
            and web is not None:
        # What Anki's editor does (it calls back whatever the page answers), asked only of a set-up page.
        web.evalWithCallback(_SAVE_IF_SET_UP, lambda _: callback())
    else:  # the experimental editor (which says itself when it is ready), or no note: Anki's way
        editor.call_after_note_saved(callback, keepFocus=True)


def _when_background_ops_are_back_to(count: int, callback: Callable[[], None]) -> None:
    """Call back once no more of Anki's background operations run than ``count``.

    An editor saves the typing it was asked for in a background operation that
    serialises its note only when that thread gets to run. A change made and
    shown before then reloads the editor's note from the collection, and the
    save then writes the reloaded note: the typing would be lost after all.
    """
    from aqt import gui_hooks

    mw = aqt.mw
    if _background_ops(mw) <= count:
        callback()
        return
    done = [False]

    def check(*_: Any) -> None:
        if not done[0] and _background_ops(mw) <= count:
            done[0] = True
            mw.taskman.run_on_main(finish)  # hooks are not removed while they run

    def finish() -> None:
        gui_hooks.operation_did_execute.remove(check)
        gui_hooks.backend_did_block.remove(check)
        callback()

    # An operation ends with one of these (the second when none is left).
    gui_hooks.operation_did_execute.append(check)
    gui_hooks.backend_did_block.append(check)


def _background_ops(mw: Any) -> int:
    """How many collection operations Anki runs in the background (its private count)."""
    return getattr(mw, "_background_op_count", 0)


def _shows_saved_note(editor: Any) -> bool:
    return bool(getattr(getattr(editor, "note", None), "id", 0) or getattr(editor, "nid", None))


def _page_is_up(editor: Any) -> bool:
    """Whether the editor's page has loaded, so the user may have typed into it.

    A page still loading holds no typing, and Anki 26's experimental editor
    drops save requests until it is ready: asking it would only wait out
    the timeout. (Anki's private flags; an editor without them is asked.)
    """
    ready = getattr(editor, "_ready", None)  # the experimental editor
    if ready is not None:
        return bool(ready)
    web = getattr(editor, "web", None)
    return web is not None and bool(getattr(web, "_domDone", True))
