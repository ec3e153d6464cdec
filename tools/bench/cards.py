"""Benchmark scenarios of the card and deck actions (see tools/benchmark.py).

The floors do the unavoidable work of each action directly on the
collection: for cardsInfo, the one render call and the two scheduling calls
per card and one query for the card and note columns, without building the
reply. A second cardsInfo row compares with upstream's way (Anki's Card and
Note objects, ``card.question()``/``card.answer()`` per card).
"""

from __future__ import annotations

import time

import pluggy

hookimpl = pluggy.HookimplMarker("ankiconnect")

DECK = "Bench::Cards"
NOTES = 500  # Basic (and reversed card): 1,000 cards


# In Anki ---------------------------------------------------------------------

def benchSetupCards(*, col):
    """500 two-card notes in one deck, a quarter of the cards answered; their card ids."""
    from anki.collection import AddNoteRequest

    deck_id = col.decks.id(DECK)
    model = col.models.by_name("Basic (and reversed card)")
    requests = []
    for i in range(NOTES):
        note = col.new_note(model)
        note["Front"], note["Back"] = f"<b>front</b> {i} [sound:f{i}.mp3]", f"back {i}"
        requests.append(AddNoteRequest(note, deck_id=deck_id))
    col.add_notes(requests)
    cards = sorted(col.find_cards(f'"deck:{DECK}"'))
    for cid in cards[::4]:
        card = col.get_card(cid)
        card.start_timer()
        col.sched.answerCard(card, 3)
    return cards


def benchFloorCardsInfo(cards, *, col):
    """The backend work cardsInfo cannot avoid, in seconds."""
    from anki.utils import ids2str

    backend = col._backend
    start = time.perf_counter()
    col.db.all("select c.id, c.nid, c.did, c.ord, c.mod, c.type, c.queue, c.due, c.ivl, c.factor, c.reps,"
               " c.lapses, c.left, c.flags, n.mid, n.flds from cards c join notes n on n.id = c.nid"
               " where c.id in " + ids2str(cards))
    for cid in cards:
        backend.render_existing_card(card_id=cid, browser=False, partial_render=True)
        backend.describe_next_states(backend.get_scheduling_states(cid))
    return time.perf_counter() - start


def benchFloorCardsInfoUpstream(cards, *, col):
    """Upstream's cardsInfo work in-process (Anki's objects per card), in seconds."""
    backend = col._backend
    start = time.perf_counter()
    for cid in cards:
        card = col.get_card(cid)
        model, note = card.note_type(), card.note()
        {f["name"]: {"value": note.fields[f["ord"]], "order": f["ord"]} for f in model["flds"]}
        card.question(), card.answer(), col.decks.get(card.did)["name"]
        list(backend.describe_next_states(backend.get_scheduling_states(cid)))
    return time.perf_counter() - start


def benchFloorFindCards(query, *, col):
    start = time.perf_counter()
    list(col.find_cards(query))
    return time.perf_counter() - start


def benchFloorCardsModTime(cards, *, col):
    from anki.utils import ids2str

    start = time.perf_counter()
    col.db.all("select id, mod from cards where id in " + ids2str(cards))
    return time.perf_counter() - start


def benchFloorChangeDeck(cards, *, col):
    """Moves the cards between two decks, so that every run does the work."""
    here = col.get_card(cards[0]).did
    target = next(col.decks.id(name) for name in ("Bench::C", "Bench::D") if col.decks.id(name) != here)
    start = time.perf_counter()
    col.set_deck(cards, target)
    return time.perf_counter() - start


@hookimpl
def register_actions(register):
    for action in (benchSetupCards, benchFloorCardsInfo, benchFloorCardsInfoUpstream, benchFloorFindCards,
                   benchFloorCardsModTime, benchFloorChangeDeck):
        register(action)


# In the benchmark process ------------------------------------------------------

def scenarios(bench):
    cards = bench.call("benchSetupCards")
    request = {"action": "cardsInfo", "version": 6, "params": {"cards": cards}}
    bench.measure("cardsInfo of 1,000 cards", request,
                  floor={"action": "benchFloorCardsInfo", "params": {"cards": cards}}, target=0.10)
    bench.measure("cardsInfo of 1,000 cards (floor: upstream's way)", request,
                  floor={"action": "benchFloorCardsInfoUpstream", "params": {"cards": cards}})
    query = f'"deck:{DECK}"'
    bench.measure("findCards of 1,000 cards",
                  {"action": "findCards", "version": 6, "params": {"query": query}},
                  floor={"action": "benchFloorFindCards", "params": {"query": query}})
    bench.measure("cardsModTime of 1,000 cards",
                  {"action": "cardsModTime", "version": 6, "params": {"cards": cards}},
                  floor={"action": "benchFloorCardsModTime", "params": {"cards": cards}})
    # Each run moves the cards to the other deck, so every run does the work.
    decks = ["Bench::A", "Bench::B"]
    bench.measure("changeDeck of 1,000 cards",
                  lambda: {"action": "changeDeck", "version": 6,
                           "params": {"cards": cards, "deck": decks.reverse() or decks[0]}},
                  floor={"action": "benchFloorChangeDeck", "params": {"cards": cards}})
