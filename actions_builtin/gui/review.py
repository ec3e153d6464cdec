"""The reviewer: guiReviewActive, guiCurrentCard, guiStartCardTimer,
guiShowQuestion, guiShowAnswer, guiAnswerCard, guiPlayAudio."""

from __future__ import annotations

from typing import Any, Dict, Optional

from ...core.plugin_api import ActionError
from ..shared.params import wrong_type
from ..shared.schemas import (
    BOOLEAN,
    CARD_ID,
    DECK_NAME,
    INTEGER,
    MODEL_NAME,
    NO_PARAMS,
    STRING,
    TEMPLATE_NAME,
    array,
    described,
    map_of,
    obj,
    params,
    schema,
)


def _reviewer(mw: Any) -> Any:
    reviewer = getattr(mw, "reviewer", None)
    if reviewer is None:
        raise ActionError("reviewer is not available")
    return reviewer


def _reviewing(mw: Any) -> Optional[Any]:
    """The reviewer when it shows a card, else None."""
    reviewer = _reviewer(mw)
    if reviewer.card is not None and mw.state == "review":
        return reviewer
    return None


_DONE = described(BOOLEAN, "false when the reviewer shows no card.")


@schema(params=NO_PARAMS, result=described(BOOLEAN, "Whether the reviewer shows a card."))
def guiReviewActive(*, mw: Any) -> bool:
    """Whether the main window is reviewing a card."""
    return _reviewing(mw) is not None


_EASE = {"type": "integer", "minimum": 1, "maximum": 4, "description": "1 Again, 2 Hard, 3 Good, 4 Easy."}
_CURRENT_CARD = obj({
    "cardId": CARD_ID,
    "fields": map_of(obj({"value": STRING, "order": described(INTEGER, "Its position, from 0.")},
                         required=["value", "order"]), "Every field of the note, by name."),
    "fieldOrder": described(INTEGER, "The card template's position, from 0."),
    "question": described(STRING, "The question side as Anki renders it, its CSS in a <style> first."),
    "answer": described(STRING, "The answer side as Anki renders it, its CSS in a <style> first."),
    "buttons": array(_EASE, "The answer buttons."),
    "nextReviews": array(STRING, "For each button, the interval Anki shows above it, in its words."),
    "modelName": MODEL_NAME,
    "deckName": described(DECK_NAME, "The deck the card is in now."),
    "css": described(STRING, "The note type's CSS."),
    "template": TEMPLATE_NAME,
}, required=["cardId", "fields", "fieldOrder", "question", "answer", "buttons", "nextReviews",
             "modelName", "deckName", "css", "template"])


@schema(params=NO_PARAMS, result=_CURRENT_CARD)
def guiCurrentCard(*, col: Any, mw: Any) -> Dict[str, Any]:
    """The card under review: its fields, question and answer, buttons and next intervals."""
    reviewer = _reviewing(mw)
    if reviewer is None:
        raise ActionError("Gui review is not currently active.")
    card = reviewer.card
    note = card.note()
    model = card.note_type()
    buttons = [ease for ease, _label in reviewer._answerButtonList()]
    # One backend call for every label, from the states the reviewer's buttons show.
    labels = col.sched.describe_next_states(reviewer.get_scheduling_states())
    return {
        "cardId": card.id,
        "fields": {field["name"]: {"value": note.fields[field["ord"]], "order": field["ord"]}
                   for field in model["flds"]},
        "fieldOrder": card.ord,
        "question": card.question(),
        "answer": card.answer(),
        "buttons": buttons,
        "nextReviews": [labels[ease - 1] for ease in buttons],
        "modelName": model["name"],
        "deckName": col.decks.name(card.did),
        "css": model["css"],
        "template": card.template()["name"],
    }


@schema(params=NO_PARAMS, result=_DONE)
def guiStartCardTimer(*, mw: Any) -> bool:
    """Restart the timer of the card under review (the time its answer records)."""
    reviewer = _reviewing(mw)
    if reviewer is None:
        return False
    reviewer.card.start_timer()
    return True


@schema(params=NO_PARAMS, result=_DONE)
def guiShowQuestion(*, mw: Any) -> bool:
    """Show the question side of the card under review."""
    reviewer = _reviewing(mw)
    if reviewer is None:
        return False
    reviewer._showQuestion()
    return True


@schema(params=NO_PARAMS, result=_DONE)
def guiShowAnswer(*, mw: Any) -> bool:
    """Show the answer side of the card under review."""
    reviewer = _reviewing(mw)
    if reviewer is None:
        return False
    reviewer._showAnswer()
    return True


@schema(params=params(ease=described(INTEGER, "1 Again, 2 Hard, 3 Good, 4 Easy (no such button: false)."),
                      required=["ease"]),
        result=described(BOOLEAN, "false when the reviewer shows no answer, or has no such button."))
def guiAnswerCard(ease: int, *, col: Any, mw: Any) -> bool:
    """Answer the card under review (1 Again ... 4 Easy); its answer must be shown."""
    if isinstance(ease, bool) or not isinstance(ease, int):
        raise wrong_type("ease", "an answer button (an integer, 1 to 4)", ease)
    reviewer = _reviewing(mw)
    if reviewer is None or reviewer.state != "answer":
        return False
    if ease <= 0 or ease > col.sched.answerButtons(reviewer.card):
        return False
    reviewer._answerCard(ease)
    return True


@schema(params=NO_PARAMS, result=_DONE)
def guiPlayAudio(*, mw: Any) -> bool:
    """Play the audio of the side of the card under review that is shown."""
    reviewer = _reviewing(mw)
    if reviewer is None:
        return False
    reviewer.replayAudio()
    return True
