"""answerCards: answering cards as Anki's reviewer does, with the time each answer took.

Without ``time`` an answer goes through Anki's ``answerCard``, which records
the time since the card was loaded (a few milliseconds here). With ``time``
the answer is built the same way and only the time taken is the client's:
a client that shows the cards itself knows how long its user looked at one,
and Anki's statistics and FSRS's optimizer read that time from the review log.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

from ...core.plugin_api import ActionError
from ..shared.ids import card_id, rows_by_id
from ..shared.params import whole_number
from ..shared.schemas import BOOLEAN, CARD_ID, EASE, INTEGER, array, described, obj, params, schema

# Anki stores the time of an answer in an unsigned 32-bit field (about 49 days).
LONGEST_ANSWER_MS = 2**32 - 1

_TIME = {**described(INTEGER, "How long the answer took, in milliseconds (default: as Anki measures it "
                              "from when the card was loaded). Anki caps it at the deck preset's maximum "
                              "answer seconds, as in its reviewer."),
         "minimum": 0, "maximum": LONGEST_ANSWER_MS}

Answer = Tuple[int, Any, Optional[int]]  # card id, ease, milliseconds taken


def _checked(answers: Any) -> List[Answer]:
    if not isinstance(answers, list) or not all(isinstance(a, dict) for a in answers):
        raise ActionError("answers must be an array of {\"cardId\", \"ease\"} objects")
    checked = []
    for answer in answers:
        cid, ease, taken = card_id(answer["cardId"], "cardId"), answer["ease"], None
        if "time" in answer:
            taken = whole_number(answer["time"], "time", 0, LONGEST_ANSWER_MS, "a number of milliseconds")
        checked.append((cid, ease, taken))
    return checked


def _answer(col: Any, cid: int, ease: int, taken: Optional[int]) -> None:
    card = col.get_card(cid)
    card.start_timer()
    if taken is None:
        col.sched.answerCard(card, ease)
        return
    from anki.scheduler.v3 import CardAnswer

    rating = (CardAnswer.AGAIN, CardAnswer.HARD, CardAnswer.GOOD, CardAnswer.EASY)[int(ease) - 1]
    states = col._backend.get_scheduling_states(cid)  # what answerCard reads, too
    built = col.sched.build_answer(card=card, states=states, rating=rating)
    built.milliseconds_taken = taken
    col.sched.answer_card(built)


@schema(
    params=params(answers=array(obj({"cardId": CARD_ID, "ease": EASE, "time": _TIME},
                                    required=["cardId", "ease"], closed=False)),
                  required=["answers"]),
    result=array(BOOLEAN, "Per answer: answered; false: not a card."),
)
def answerCards(answers, *, col, changes):
    """Answer cards as if reviewed (ease 1 Again, 2 Hard, 3 Good, 4 Easy), in
    order, each in ``time`` milliseconds if given; true per answer whose card
    exists. A bad answer refuses the whole request before any card is answered."""
    checked = _checked(answers)
    known = rows_by_id(col, "select id from cards where id in", [cid for cid, _, _ in checked])
    if any(cid in known and ease not in (1, 2, 3, 4) for cid, ease, _ in checked):
        raise ActionError("invalid ease")
    if known:
        with changes.undo_step("Answer Cards"):
            for cid, ease, taken in checked:
                if cid in known:
                    _answer(col, cid, ease, taken)
    return [cid in known for cid, _, _ in checked]
