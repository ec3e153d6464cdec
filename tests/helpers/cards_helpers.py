"""Building cards and decks for the card and deck action tests, straight on the collection."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, List, Optional


def add_note(col: Any, fields: dict, *, deck: str = "Default", model: str = "Basic",
             tags: Optional[List[str]] = None) -> Any:
    """Add a note; returns it (its cards: ``note.card_ids()``)."""
    note = col.new_note(col.models.by_name(model))
    for name, value in fields.items():
        note[name] = value
    note.tags = tags or []
    col.add_note(note, col.decks.id(deck))
    return note


def add_cards(col: Any, count: int, *, deck: str = "Default", prefix: str = "front") -> List[int]:
    """Add count Basic notes; returns their card ids in order."""
    return [add_note(col, {"Front": f"{prefix} {i}", "Back": f"back {i}"}, deck=deck).card_ids()[0]
            for i in range(count)]


def answer(col: Any, card_id: int, ease: int) -> None:
    """Answer a card in Anki's scheduler, as the reviewer does."""
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answerCard(card, ease)


def card(col: Any, card_id: int) -> Any:
    return col.get_card(card_id)


def mark_undo_point(col: Any) -> str:
    """An undoable change, so a test can tell whether the undo history survived."""
    add_note(col, {"Front": "undo point"})
    return col.undo_status().undo


@contextmanager
def pretend_synced(col: Any) -> Iterator[None]:
    """The collection as after a sync: a schema change would need a one-way sync."""
    col.db.execute("update col set ls = scm + 1")
    assert not col.schema_changed()
    try:
        yield
    finally:
        col.db.execute("update col set ls = 0")  # the baseline restore must not prompt


@contextmanager
def schema_prompt_declined() -> Iterator[List[bool]]:
    """Anki's "this needs a full sync" question, answered No without a dialog;
    yields the list of times it was asked."""
    from anki import hooks

    asked: List[bool] = []

    def decline(proceed: bool) -> bool:
        asked.append(proceed)
        return False

    saved = list(hooks.schema_will_change._hooks)
    hooks.schema_will_change._hooks[:] = [decline]
    try:
        yield asked
    finally:
        hooks.schema_will_change._hooks[:] = saved


def add_model(col: Any, name: str, qfmt: str, afmt: str, fields: tuple = ("Front", "Back"),
              css: Optional[str] = None) -> Any:
    """Add a one-template note type."""
    models = col.models
    model = models.new(name)
    for field in fields:
        models.add_field(model, models.new_field(field))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = qfmt, afmt
    models.add_template(model, template)
    if css is not None:
        model["css"] = css
    models.add_dict(model)
    return models.by_name(name)


def reference_cards_info(col: Any, card_ids: List[int]) -> List[dict]:
    """cardsInfo as upstream computes it: Anki's Card and Note objects, card by card."""
    from anki.errors import NotFoundError

    result: List[dict] = []
    for cid in card_ids:
        try:
            card = col.get_card(cid)
        except NotFoundError:
            result.append({})
            continue
        model, note = card.note_type(), card.note()
        states = col._backend.get_scheduling_states(card.id)
        result.append({
            "cardId": card.id,
            "fields": {f["name"]: {"value": note.fields[f["ord"]], "order": f["ord"]} for f in model["flds"]},
            "fieldOrder": card.ord,
            "question": card.question(),
            "answer": card.answer(),
            "modelName": model["name"],
            "ord": card.ord,
            "deckName": col.decks.get(card.did)["name"],
            "css": model["css"],
            "factor": card.factor,
            "interval": card.ivl,
            "note": card.nid,
            "type": card.type,
            "queue": card.queue,
            "due": card.due,
            "reps": card.reps,
            "lapses": card.lapses,
            "left": card.left,
            "mod": card.mod,
            "nextReviews": list(col._backend.describe_next_states(states)),
            "flags": card.flags,
        })
    return result


class IdNamed:
    """Equal to the id that the deck (or options group) of this name has once
    the request is done: for examples whose reply is an id made by the request."""

    def __init__(self, col, name, *, group=False):
        self.col, self.name, self.group = col, name, group

    def current(self):
        if self.group:
            return next((c["id"] for c in self.col.decks.all_config() if c["name"] == self.name), None)
        return self.col.decks.id_for_name(self.name)

    def __eq__(self, other):
        return isinstance(other, int) and other == self.current()

    def __repr__(self):
        return f"<id of {self.name!r}: {self.current()}>"
