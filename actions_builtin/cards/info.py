"""cardsInfo for thousands of cards: upstream's reply, without its per-card overhead.

Upstream builds a Card and a Note object per card and calls ``card.question()``
and ``card.answer()``, which make up to eight backend calls per card (card,
note, render, two AV-tag passes, two LaTeX passes, a config read). Here the
card and note columns come from one query, and each card costs one render
call and the calls behind ``nextReviews``; the passes that cannot change the
text are skipped (no ``[sound:``/``[anki:tts`` means no AV tags, no
``[latex]``/``[$`` means no LaTeX). Whenever the render needs Python (custom
field filters, a template error, render hooks other add-ons installed), that
card falls back to Anki's own ``card.question()``/``card.answer()``, so the
text is always what Anki itself shows.

With ``keys`` (a lean read), only what those keys need is computed: no
render call unless ``question`` or ``answer`` is asked for, no scheduling
calls without ``nextReviews``, no note columns without a key of the note;
keys that are all columns of the cards table are read in one query of just
those columns. Without ``keys``, the reply is built by the same code as
before keys existed.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import anki.collection  # noqa: F401 - first: anki.hooks alone hits a circular import in anki
from anki import hooks
from anki.errors import TemplateError

from ..shared.ids import rows_by_id

_LATEX = re.compile(r"\[(?:latex\]|\$)", re.IGNORECASE)


# One query for the card and note columns of the reply (what Anki's
# get_card/get_note read, without a backend call per card).
_ROWS = ("select c.id, c.nid, c.did, c.ord, c.mod, c.type, c.queue, c.due, c.ivl, c.factor,"
         " c.reps, c.lapses, c.left, c.flags, n.mid, n.flds"
         " from cards c join notes n on n.id = c.nid where c.id in")
_I32 = range(-(2**31), 2**31)
# The same columns without the note's, for lean reads that need nothing of the note.
_CARD_ROWS = ("select c.id, c.nid, c.did, c.ord, c.mod, c.type, c.queue, c.due, c.ivl, c.factor,"
              " c.reps, c.lapses, c.left, c.flags, null, null from cards c where c.id in")

# The keys of a card's reply, in upstream's order.
CARD_KEYS = ("cardId", "fields", "fieldOrder", "question", "answer", "modelName", "ord", "deckName", "css",
             "factor", "interval", "note", "type", "queue", "due", "reps", "lapses", "left", "mod",
             "nextReviews", "flags")
_NOTE_KEYS = {"fields", "question", "answer", "modelName", "css"}


def cards_info(col: Any, card_ids: Sequence[int],
               keys: Optional[Sequence[str]] = None) -> List[Dict[str, Any]]:
    """Each card's reply object ({} for an unknown id); with keys (valid ones, in
    CARD_KEYS' order), only those."""
    if keys is not None:
        return _lean_cards_info(col, card_ids, keys)
    backend = col._backend
    rows = rows_by_id(col, _ROWS, card_ids)
    renderer = _Renderer(col)
    next_reviews = _NextReviews(backend)
    note_types: Dict[int, Tuple[dict, List[Tuple[str, int]]]] = {}
    deck_names = {d.id: d.name for d in col.decks.all_names_and_ids()}
    result: List[Dict[str, Any]] = []
    for cid in card_ids:
        row = rows.get(cid)
        if row is None:
            result.append({})  # unknown ids are allowed, as upstream
            continue
        _, nid, did, ord_, mod, ctype, queue, due, ivl, factor, reps, lapses, left, flags, mid, flds = row
        known = note_types.get(mid)
        if known is None:
            model = col.models.get(mid)  # Anki's cached dict: read only
            known = note_types[mid] = (model, [(f["name"], f["ord"]) for f in model["flds"]])
        model, field_order = known
        values = flds.split("\x1f")
        question, answer = renderer.render(cid, model)
        result.append({
            "cardId": cid,
            "fields": {name: {"value": values[index], "order": index} for name, index in field_order},
            "fieldOrder": ord_,
            "question": question,
            "answer": answer,
            "modelName": model["name"],
            "ord": ord_,
            "deckName": _deck_name(col, deck_names, did),
            "css": model["css"],
            "factor": factor,
            "interval": ivl,
            "note": nid,
            "type": ctype,
            "queue": queue,
            "due": due if isinstance(due, int) and due in _I32 else 0,  # what Anki reads for a bad value
            "reps": reps,
            "lapses": lapses,
            "left": left,
            "mod": mod,
            "nextReviews": next_reviews.labels(cid),
            "flags": flags,
        })
    return result


def _lean_cards_info(col: Any, card_ids: Sequence[int], keys: Sequence[str]) -> List[Dict[str, Any]]:
    if all(key in _CARD_COLUMNS for key in keys):
        return _card_columns(col, card_ids, keys)
    rows = rows_by_id(col, _ROWS if _NOTE_KEYS.intersection(keys) else _CARD_ROWS, card_ids)
    sources = _Sources(col)
    getters = [(key, _GETTERS[key]) for key in keys]
    result: List[Dict[str, Any]] = []
    for cid in card_ids:
        row = rows.get(cid)
        if row is None:
            result.append({})
            continue
        card = _LeanCard(row, sources)
        result.append({key: get(card) for key, get in getters})
    return result


# Keys that are a column of the cards table as it is.
_CARD_COLUMNS = {"cardId": "id", "fieldOrder": "ord", "ord": "ord", "factor": "factor", "interval": "ivl",
                 "note": "nid", "type": "type", "queue": "queue", "due": "due", "reps": "reps",
                 "lapses": "lapses", "left": "left", "mod": "mod", "flags": "flags"}


def _card_columns(col: Any, card_ids: Sequence[int], keys: Sequence[str]) -> List[Dict[str, Any]]:
    """Keys of the cards table only: those columns, straight from one query."""
    columns = ", ".join(_CARD_COLUMNS[key] for key in keys)
    rows = rows_by_id(col, f"select id, {columns} from cards where id in", card_ids)
    due = keys.index("due") + 1 if "due" in keys else None
    result: List[Dict[str, Any]] = []
    for cid in card_ids:
        row = rows.get(cid)
        if row is None:
            result.append({})
            continue
        info = dict(zip(keys, row[1:]))
        if due is not None and not (isinstance(row[due], int) and row[due] in _I32):
            info["due"] = 0  # what Anki reads for a bad value
        result.append(info)
    return result


class _Sources:
    """What the cards of one lean read share, each made on first use."""

    def __init__(self, col: Any):
        self.col = col
        self._renderer: Optional[_Renderer] = None
        self._next_reviews: Optional[_NextReviews] = None
        self._deck_names: Optional[Dict[int, str]] = None
        self._note_types: Dict[int, Tuple[dict, List[Tuple[str, int]]]] = {}

    def renderer(self) -> _Renderer:
        if self._renderer is None:
            self._renderer = _Renderer(self.col)
        return self._renderer

    def next_reviews(self) -> _NextReviews:
        if self._next_reviews is None:
            self._next_reviews = _NextReviews(self.col._backend)
        return self._next_reviews

    def deck_name(self, deck_id: int) -> str:
        if self._deck_names is None:
            self._deck_names = {d.id: d.name for d in self.col.decks.all_names_and_ids()}
        return _deck_name(self.col, self._deck_names, deck_id)

    def note_type(self, mid: int) -> Tuple[dict, List[Tuple[str, int]]]:
        known = self._note_types.get(mid)
        if known is None:
            model = self.col.models.get(mid)  # Anki's cached dict: read only
            known = self._note_types[mid] = (model, [(f["name"], f["ord"]) for f in model["flds"]])
        return known


class _LeanCard:
    """One card's row; its render, made once if question or answer asks for it."""

    __slots__ = ("row", "sources", "_rendered")

    def __init__(self, row: tuple, sources: _Sources):
        self.row = row
        self.sources = sources
        self._rendered: Optional[Tuple[str, str]] = None

    @property
    def model(self) -> dict:
        return self.sources.note_type(self.row[14])[0]

    def fields(self) -> Dict[str, Dict[str, Any]]:
        values = self.row[15].split("\x1f")
        field_order = self.sources.note_type(self.row[14])[1]
        return {name: {"value": values[index], "order": index} for name, index in field_order}

    def rendered(self) -> Tuple[str, str]:
        if self._rendered is None:
            self._rendered = self.sources.renderer().render(self.row[0], self.model)
        return self._rendered


# Row columns: 0 id, 1 nid, 2 did, 3 ord, 4 mod, 5 type, 6 queue, 7 due, 8 ivl, 9 factor,
# 10 reps, 11 lapses, 12 left, 13 flags, 14 mid, 15 flds (as _ROWS).
_GETTERS: Dict[str, Callable[[_LeanCard], Any]] = {
    "cardId": lambda card: card.row[0],
    "fields": lambda card: card.fields(),
    "fieldOrder": lambda card: card.row[3],
    "question": lambda card: card.rendered()[0],
    "answer": lambda card: card.rendered()[1],
    "modelName": lambda card: card.model["name"],
    "ord": lambda card: card.row[3],
    "deckName": lambda card: card.sources.deck_name(card.row[2]),
    "css": lambda card: card.model["css"],
    "factor": lambda card: card.row[9],
    "interval": lambda card: card.row[8],
    "note": lambda card: card.row[1],
    "type": lambda card: card.row[5],
    "queue": lambda card: card.row[6],
    "due": lambda card: card.row[7] if isinstance(card.row[7], int) and card.row[7] in _I32 else 0,
    "reps": lambda card: card.row[10],
    "lapses": lambda card: card.row[11],
    "left": lambda card: card.row[12],
    "mod": lambda card: card.row[4],
    "nextReviews": lambda card: card.sources.next_reviews().labels(card.row[0]),
    "flags": lambda card: card.row[13],
}
assert tuple(_GETTERS) == CARD_KEYS


class _NextReviews:
    """The answer buttons' labels of a card (``describe_next_states``).

    The labels depend only on the four next states, which many cards share
    (all new cards of one options group, for a start), so each distinct set
    is described once per request.
    """

    def __init__(self, backend: Any):
        self._backend = backend
        self._described: Dict[tuple, List[str]] = {}

    def labels(self, card_id: int) -> List[str]:
        states = self._backend.get_scheduling_states(card_id)
        key = (states.again.SerializeToString(), states.hard.SerializeToString(),
               states.good.SerializeToString(), states.easy.SerializeToString())
        labels = self._described.get(key)
        if labels is None:
            labels = self._described[key] = list(self._backend.describe_next_states(states))
        return list(labels)


def _deck_name(col: Any, names: Dict[int, str], deck_id: int) -> str:
    name = names.get(deck_id)
    if name is None:  # a card in a deck that no longer exists: Anki says Default
        name = names[deck_id] = col.decks.get(deck_id)["name"]
    return name


class _Renderer:
    """``card.question()`` and ``card.answer()``, the cheap way when it is the same."""

    def __init__(self, col: Any):
        from anki.latex import on_card_did_render, render_latex

        self._col = col
        self._backend = col._backend
        render_hooks = list(hooks.card_did_render._hooks)
        self._latex = render_latex if on_card_did_render in render_hooks else None
        # A render hook of another add-on may change any card: let Anki render them all.
        self._anki_only = any(hook is not on_card_did_render for hook in render_hooks)

    def render(self, card_id: int, model: dict) -> Tuple[str, str]:
        fast = None if self._anki_only else self._fast(card_id, model)
        if fast is not None:
            return fast
        anki_card = self._col.get_card(card_id)
        return anki_card.question(), anki_card.answer()

    def _fast(self, card_id: int, model: dict) -> Optional[Tuple[str, str]]:
        try:
            out = self._backend.render_existing_card(card_id=card_id, browser=False, partial_render=True)
        except TemplateError:
            return None  # Anki shows the error as the card's text
        question = _joined(out.question_nodes, None)
        if question is None:
            return None
        question = self._without_av_tags(question, True)
        answer = _joined(out.answer_nodes, question)
        if answer is None:
            return None
        answer = self._without_av_tags(answer, False)
        if self._latex is not None:
            if _LATEX.search(question):
                question = self._latex(question, model, self._col)
            if _LATEX.search(answer):
                answer = self._latex(answer, model, self._col)
        style = f"<style>{out.css}</style>"
        return style + question, style + answer

    def _without_av_tags(self, text: str, question_side: bool) -> str:
        # Only these start an AV tag (an answer's "[anki:play:q:0]" from its
        # FrontSide is left as it is).
        if "[sound:" not in text and "[anki:tts" not in text:
            return text
        return self._backend.extract_av_tags(text=text, question_side=question_side).text


def _joined(nodes: Any, front_side: Optional[str]) -> Optional[str]:
    """The rendered text, or None when a field filter must run in Python."""
    if len(nodes) == 1 and nodes[0].WhichOneof("value") == "text":
        return nodes[0].text
    parts = []
    for node in nodes:
        if node.WhichOneof("value") == "text":
            parts.append(node.text)
            continue
        replacement = node.replacement
        if replacement.filters:
            return None
        if replacement.field_name == "FrontSide" and front_side is not None:
            parts.append(front_side)
        else:
            parts.append(replacement.current_text)
    return "".join(parts)
