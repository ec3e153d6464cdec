"""The "note" object of addNote, addNotes, canAddNote(s)*, guiAddCards...

    {"deckName": "Default", "modelName": "Basic",
     "fields": {"Front": "...", "Back": "..."}, "tags": ["..."],
     "options": {"allowDuplicate": false, "duplicateScope": "deck",
                 "duplicateScopeOptions": {"deckName": null, "checkChildren": false,
                                           "checkAllModels": false}},
     "audio": [...], "video": [...], "picture": [...]}

``NoteReader.read`` turns one into an unsaved ``anki.notes.Note`` plus its
deck and duplicate options, with upstream's error texts. ``DuplicateCheck``
decides whether a note may be added, with upstream's rules; it remembers the
notes accepted earlier in the same request, so a batch cannot add the same
note twice. Both are built once per request: they cache note types and decks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from anki.notes import Note
from anki.utils import checksum, field_checksum, strip_html_media

from ...core.plugin_api import ActionError

EMPTY = 1
DUPLICATE = 2
ERRORS = {
    EMPTY: "cannot create note because it is empty",
    DUPLICATE: "cannot create note because it is a duplicate",
}
UNKNOWN_ERROR = "cannot create note for unknown reason"

_MODEL_CLOZE = 1


@dataclass
class DuplicateOptions:
    allow: bool = False
    deck_scope: bool = False  # duplicateScope == "deck"
    scope_deck_name: Optional[str] = None  # duplicateScopeOptions.deckName
    check_children: bool = False
    check_all_models: bool = False


@dataclass
class NoteRequest:
    """One parsed note object: the unsaved note, where it goes, how to check it."""

    note: Note
    deck_id: int
    options: DuplicateOptions
    source: dict  # the client's object (for its media)
    first_stripped: Optional[str] = None  # set by the check, reused by remember()


class NoteReader:
    """Parses note objects; note types and decks are looked up once per name."""

    def __init__(self, col: Any):
        self.col = col
        self._models: Dict[Any, Tuple[dict, Dict[str, int]]] = {}
        self._decks: Dict[Any, Optional[int]] = {}

    def model(self, name: Any) -> Tuple[dict, Dict[str, int]]:
        """The note type called name (any case) and its lower-cased field names -> index."""
        if name not in self._models:
            model = self.col.models.by_name(name) if isinstance(name, str) else None
            if model is None:
                raise ActionError(f"model was not found: {name}")
            by_name: Dict[str, int] = {}
            for index, field in enumerate(model["flds"]):
                by_name.setdefault(field["name"].lower(), index)
            self._models[name] = (model, by_name)
        return self._models[name]

    def deck_id(self, name: Any) -> Optional[int]:
        """The id of the deck called name (any case), None if there is none."""
        if name not in self._decks:
            deck = self.col.decks.by_name(name) if isinstance(name, str) else None
            self._decks[name] = deck["id"] if deck else None
        return self._decks[name]

    def read(self, source: Any) -> NoteRequest:
        """Parse one note object, in upstream's order of checks and error texts."""
        if not isinstance(source, dict):
            raise ActionError("a note must be an object")
        model, field_index = self.model(_required(source, "modelName"))
        deck_name = _required(source, "deckName")
        deck_id = self.deck_id(deck_name)
        if deck_id is None:
            raise ActionError(f"deck was not found: {deck_name}")
        note = Note(self.col, model)
        if "tags" in source:
            note.tags = read_tags(source["tags"])
        fields = _required(source, "fields")
        if not isinstance(fields, dict):
            raise ActionError("fields must be an object of field names and values")
        for name, value in fields.items():
            index = field_index.get(name.lower())
            if index is not None:
                note.fields[index] = field_value(name, value)
        return NoteRequest(note, deck_id, read_options(source.get("options")), source)


def _required(source: dict, key: str) -> Any:
    if key not in source:
        raise ActionError(f"'{key}'")  # what upstream's KeyError says
    return source[key]


def field_value(name: str, value: Any) -> str:
    """A field's text as a client sent it; null counts as empty."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    raise ActionError(f'the value of field "{name}" must be a string')


def read_tags(tags: Any) -> List[str]:
    """Tags as a list; a string is read as space-separated tags."""
    if tags is None:
        return []
    if isinstance(tags, str):
        return tags.split()
    if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags):
        return list(tags)
    raise ActionError("tags must be a list of strings")


def read_options(options: Any) -> DuplicateOptions:
    result = DuplicateOptions()
    if not options:
        return result
    if not isinstance(options, dict):
        raise ActionError("options must be an object")
    if "allowDuplicate" in options:
        result.allow = options["allowDuplicate"]
        if not isinstance(result.allow, bool):
            raise ActionError('option parameter "allowDuplicate" must be boolean')
    result.deck_scope = options.get("duplicateScope") == "deck"
    scope = options.get("duplicateScopeOptions") or {}
    if not isinstance(scope, dict):
        raise ActionError("duplicateScopeOptions must be an object")
    result.scope_deck_name = scope.get("deckName")
    for key, attribute in (("checkChildren", "check_children"), ("checkAllModels", "check_all_models")):
        if key in scope:
            value = scope[key]
            if not isinstance(value, bool):
                raise ActionError(f'option parameter "duplicateScopeOptions.{key}" must be boolean')
            setattr(result, attribute, value)
    return result


@dataclass
class _Accepted:
    """A note accepted earlier in this request, as the duplicate rules see it."""

    mid: int
    csum: int
    first_stripped: str
    deck_id: int


class DuplicateCheck:
    """Upstream's empty/duplicate rules, answered from the notes' checksum index.

    - Default scope: Anki's own rule (``Note.fields_check``): the first field,
      HTML stripped (media names kept), must not be empty, and no note of the
      same note type may have the same stripped first field.
    - ``duplicateScope: "deck"`` or ``checkAllModels``: upstream's own rule:
      the raw first field must not be blank, and no note (of the same note type
      unless checkAllModels) with the same first-field checksum may have a card
      in the scope deck (and its children with checkChildren).

    Anki's ``fields_check`` queries by checksum *and* note type, which SQLite
    answers with the note-type index (a scan of every note of that type: 4 ms
    per note on 50,000 notes). Here the checksum index is used, and the same
    comparison is made.
    """

    def __init__(self, reader: NoteReader):
        self.col = reader.col
        self.reader = reader
        self._accepted_texts: set = set()  # (mid, stripped first field)
        self._accepted_sums: Dict[int, List[_Accepted]] = {}  # first-field checksum -> notes
        self._scope_decks: Dict[Tuple[int, Any, bool], Optional[frozenset]] = {}

    def error(self, request: NoteRequest) -> Optional[str]:
        """Why the note cannot be added, or None if it can."""
        state = self.state(request)
        if state == 0 or (state == DUPLICATE and request.options.allow):
            return None
        return ERRORS.get(state, UNKNOWN_ERROR)

    def state(self, request: NoteRequest) -> int:
        """0, EMPTY, DUPLICATE, or another of Anki's NoteFieldsCheckResult states."""
        options = request.options
        if options.deck_scope or options.check_all_models:
            return self._scoped_state(request)
        return self._anki_state(request)

    def remember(self, request: NoteRequest) -> None:
        """Count this note as added, for the checks of later notes of the request."""
        stripped = request.first_stripped
        if stripped is None:
            stripped = strip_html_media(request.note.fields[0])
        csum = int(checksum(stripped)[:8], 16)  # field_checksum() of the raw field, without a 2nd strip
        entry = _Accepted(request.note.mid, csum, stripped, request.deck_id)
        self._accepted_texts.add((entry.mid, stripped))
        self._accepted_sums.setdefault(entry.csum, []).append(entry)

    # Anki's rule ----------------------------------------------------------------

    def _anki_state(self, request: NoteRequest) -> int:
        note = request.note
        if _cloze_matters(note):
            return int(note.fields_check())  # Anki's cloze checks come first; rare, so ask Anki
        stripped = request.first_stripped = strip_html_media(note.fields[0])
        if not stripped.strip():
            return EMPTY
        if request.options.allow:
            return 0  # a duplicate would be allowed: skip the search
        mid = note.mid
        if (mid, stripped) in self._accepted_texts:
            return DUPLICATE
        rows = self.col.db.all(
            "select id, flds from notes where csum = ? and +mid = ?", field_checksum(stripped), mid)
        for nid, flds in rows:
            if nid != note.id and strip_html_media(flds.split("\x1f", 1)[0]) == stripped:
                return DUPLICATE
        return 0

    # Upstream's scoped rule -------------------------------------------------------

    def _scoped_state(self, request: NoteRequest) -> int:
        note, options = request.note, request.options
        first = note.fields[0]
        if not first.strip():
            return EMPTY
        if options.allow:
            return 0
        csum = field_checksum(first)
        decks = self._scope(request) if options.deck_scope else None
        if options.deck_scope and decks is None:
            return 0  # the scope deck does not exist: nothing can be a duplicate in it
        for entry in self._accepted_sums.get(csum, ()):
            if (options.check_all_models or entry.mid == note.mid) \
                    and (decks is None or entry.deck_id in decks):
                return DUPLICATE
        sql = "select id from notes where csum = ?"
        args: List[Any] = [csum]
        if note.id:
            sql += " and id != ?"
            args.append(note.id)
        if not options.check_all_models:
            sql += " and +mid = ?"
            args.append(note.mid)
        nids = self.col.db.list(sql, *args)
        if not nids:
            return 0
        if decks is None:
            return DUPLICATE
        in_scope = self.col.db.scalar(
            f"select 1 from cards where nid in ({_ints(nids)}) and did in ({_ints(decks)}) limit 1")
        return DUPLICATE if in_scope else 0

    def _scope(self, request: NoteRequest) -> Optional[frozenset]:
        options = request.options
        key = (request.deck_id, options.scope_deck_name, options.check_children)
        if key not in self._scope_decks:
            did: Optional[int] = request.deck_id
            if options.scope_deck_name is not None:
                did = self.reader.deck_id(options.scope_deck_name)
            if did is None:
                self._scope_decks[key] = None
            else:
                decks = {did}
                if options.check_children:
                    decks.update(child_id for _, child_id in self.col.decks.children(did))
                self._scope_decks[key] = frozenset(decks)
        return self._scope_decks[key]


def _cloze_matters(note: Note) -> bool:
    if note.note_type()["type"] == _MODEL_CLOZE:
        return True
    return any("{{c" in value.lower() for value in note.fields)


def _ints(values: Any) -> str:
    return ",".join(str(int(v)) for v in values)
