"""Anki's Add dialog: guiAddCards and guiAddNoteSetData.

Both use Anki's standard Add dialog (``aqt.dialogs`` name ``"AddCards"``,
the one File > Add opens), whose editor holds the note being written as a
Python ``Note``. Anki 26's experimental editor (``NewAddCards``, behind an
experiment flag) keeps its note in the webview and is not driven here.

Nothing here waits for the user: what must wait (the dialog's "discard
current input?" question, the editor saving what was typed) continues in
Anki's own callbacks after the reply.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ...core.plugin_api import ActionError, Host
from ..shared.media_input import add_note_media, has_media
from ..shared.note_input import field_value, read_tags
from ..shared.params import boolean
from ..shared.schemas import (
    BOOLEAN,
    DECK_NAME,
    FIELDS,
    MEDIA,
    MODEL_NAME,
    TAGS,
    described,
    nullable,
    obj,
    params,
    schema,
)
from .windows import dialogs, open_window, save_then

DIALOG_NAME = "AddCards"
NOT_OPEN = {"error": "Add Note dialog is not open", "code": 1}  # a successful result, as upstream
#: What this module uses of the dialog (Anki 23.10 to 26.9 have all of it).
DIALOG_API = ("set_note", "set_deck", "set_note_type", "closeWithCallback")

# Other keys (e.g. addNote's options) are ignored.
_NOTE_KEYS = {
    "deckName": DECK_NAME,
    "modelName": MODEL_NAME,
    "fields": FIELDS,
    "tags": nullable(TAGS),
    "audio": MEDIA,
    "video": MEDIA,
    "picture": MEDIA,
}
_NOTE = obj(_NOTE_KEYS, required=["deckName", "modelName"], closed=False)


@schema(params=params(note=nullable(_NOTE, "The note to show (default null: the Add dialog as it is).")),
        result=described({"const": 0}, "Always 0: the note has no id until the user adds it."))
def guiAddCards(note: Optional[Dict[str, Any]] = None, *, col: Any, mw: Any, host: Host) -> int:
    """Open the Add dialog, filled in with note (deck, note type, fields, tags, media).

    The note is added only when the user clicks Add; the reply is 0 (the
    note has no id before that). An Add dialog that is open already closes
    first (asking, as Anki does, if it holds unsaved input).
    """
    _check_dialog_api(dialogs()._dialogs.get(DIALOG_NAME, (None,))[0])
    if note is None:
        dialog = dialogs().open(DIALOG_NAME, mw)
        dialog.activateWindow()
        return 0
    if not isinstance(note, dict):
        raise ActionError("a note must be an object")
    deck = _by_name(col.decks, _required(note, "deckName"), "deck was not found: {}")
    model = _by_name(col.models, _required(note, "modelName"), "model was not found: {}")
    prefilled = col.new_note(model)
    for name, value in _fields(note).items():
        if name in prefilled:  # exact names, as upstream; others are ignored
            prefilled[name] = field_value(name, value)
    if "tags" in note:
        prefilled.tags = read_tags(note["tags"])
    if has_media(note):
        add_note_media(col, note, prefilled, download=host.download)

    def show() -> None:
        dialog = dialogs().open(DIALOG_NAME, mw)
        dialog.set_note(prefilled, deck["id"])
        dialog.activateWindow()

    current = open_window(DIALOG_NAME)
    if current is None:
        show()
    else:
        current.closeWithCallback(show)
    return 0


@schema(
    params=params(
        note=obj(_NOTE_KEYS, closed=False, description="What to change (only the keys given)."),
        append=described(BOOLEAN, "Add field texts and tags to those the note has (default false)."),
        required=["note"],
    ),
    result={"anyOf": [
        {"const": True},
        obj({"error": {"const": NOT_OPEN["error"]}, "code": {"const": NOT_OPEN["code"]}},
            required=["error", "code"], description="No Add dialog is open (a result, as upstream answers)."),
    ]},
)
def guiAddNoteSetData(note: Dict[str, Any], append: bool = False, *, col: Any, mw: Any, host: Host) -> Any:
    """Change what the open Add dialog holds: deck, note type, fields, tags, media.

    Only the keys given change. With ``append``, field values are added after
    what the fields hold and tags are added to the note's. Everything is
    checked before anything changes. Replies ``{"error": "Add Note dialog is
    not open", "code": 1}`` (as a result, not an error) when there is no Add
    dialog.
    """
    append = boolean(append, "append")
    dialog = open_window(DIALOG_NAME)
    if dialog is None:
        return dict(NOT_OPEN)
    _check_dialog_api(dialog)
    if not isinstance(note, dict):
        raise ActionError("a note must be an object")
    deck = _by_name(col.decks, note["deckName"], 'Deck "{}" not found') if "deckName" in note else None
    model = _by_name(col.models, note["modelName"], 'Model "{}" not found') if "modelName" in note else None
    field_names = [f["name"] for f in (model or dialog.editor.note.note_type())["flds"]]
    fields = {}
    for name, value in _fields(note).items():
        if name not in field_names:
            raise ActionError(f'Field "{name}" not found in current note')
        fields[name] = field_value(name, value)
    tags = read_tags(note["tags"]) if "tags" in note else None
    media = _FieldAppends(field_names)
    if has_media(note):
        add_note_media(col, note, media, download=host.download)

    def apply() -> None:
        if open_window(DIALOG_NAME) is not dialog:
            return  # closed meanwhile
        if model is not None:
            dialog.set_note_type(model["id"])  # first: a new note type picks its own deck
        if deck is not None:
            dialog.set_deck(deck["id"])
        target = dialog.editor.note
        for name, value in fields.items():
            if name in target:  # the user may have switched the note type meanwhile
                target[name] = target[name] + value if append else value
        if tags is not None:
            target.tags = _merged_tags(target.tags, tags) if append else tags
        for name, value in media.appended.items():
            if name in target:
                target[name] += value
        dialog.editor.loadNote()

    save_then(dialog.editor, apply)  # what the user typed last is kept
    return True


def _check_dialog_api(dialog: Any) -> None:
    """Refuse clearly on an Anki whose Add dialog is not the one this module knows."""
    editor = getattr(dialog, "editor", None)  # only an open dialog has one
    missing = [name for name in DIALOG_API if not hasattr(dialog, name)]
    if editor is not None and not hasattr(editor, "loadNote"):
        missing.append("editor.loadNote")
    if missing:
        raise ActionError(f"this Anki's Add dialog cannot be driven (it lacks {', '.join(missing)})")


def _required(note: Dict[str, Any], key: str) -> Any:
    if key not in note:
        raise ActionError(f"'{key}'")  # what upstream's KeyError says
    return note[key]


def _by_name(manager: Any, name: Any, error: str) -> Dict[str, Any]:
    """The deck or note type called name (any letter case)."""
    found = manager.by_name(name) if isinstance(name, str) else None
    if found is None:
        raise ActionError(error.format(name))
    return found


def _fields(note: Dict[str, Any]) -> Dict[str, Any]:
    fields = note.get("fields") or {}
    if not isinstance(fields, dict):
        raise ActionError("fields must be an object of field names and values")
    return fields


def _merged_tags(old: List[str], new: List[str]) -> List[str]:
    """old, then the new tags it lacks (Anki's tags ignore letter case)."""
    merged = list(old)
    seen = {tag.lower() for tag in old}
    for tag in new:
        if tag.lower() not in seen:
            merged.append(tag)
            seen.add(tag.lower())
    return merged


class _FieldAppends:
    """Stands in for the dialog's note while media files are stored.

    The media references (or error texts) meant for its fields are collected
    here and appended to the note once the editor has saved.
    """

    def __init__(self, field_names: List[str]):
        self._names = set(field_names)
        self.appended: Dict[str, str] = {}

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __getitem__(self, name: str) -> str:
        return self.appended.get(name, "")

    def __setitem__(self, name: str, value: str) -> None:
        self.appended[name] = value
