"""Benchmark scenarios of the card and deck actions (see tools/benchmark.py).

The floors do the unavoidable work of each action directly on the
collection: for cardsInfo, the one render call and the two scheduling calls
per card and one query for the card and note columns, without building the
reply. A second cardsInfo row compares with upstream's way (Anki's Card and
Note objects, ``card.question()``/``card.answer()`` per card).

On a collection of 50,000 notes (3,300 cards with a review history of twelve
reviews each: 39,600 review-log rows): ``areDue`` of those cards, beside the
work it cannot avoid (the cards' types and Anki's ``is:due`` search of them);
``cardsInfo`` of 5,000 cards with ``keys`` of ids, due and interval, which
must take at most a fifth of the time of the full reply in the same run.
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


BIG_DECK = "Bench::Big"
BIG_NOTES = 50000
REVIEWED = 3300
REVIEWS_EACH = 12
LEARNING_STEP = 3600  # a learning step longer than areDue's 20 minutes


def benchSetupBigCollection(*, col):
    """50,000 Basic notes; 3,300 of their cards get twelve reviews each (a third
    of them now in a one-hour learning step, the others review cards, half of
    those due). Returns the reviewed cards' ids and 5,000 card ids."""
    from anki.collection import AddNoteRequest

    deck_id = col.decks.id(BIG_DECK)
    model = col.models.by_name("Basic")
    requests = []
    for i in range(BIG_NOTES):
        note = col.new_note(model)
        note["Front"], note["Back"] = f"big {i}", "back"
        requests.append(AddNoteRequest(note, deck_id=deck_id))
    col.add_notes(requests)
    cards = sorted(col.find_cards(f'"deck:{BIG_DECK}"'))
    reviewed = cards[::len(cards) // REVIEWED][:REVIEWED]
    today, now = col.sched.today, int(time.time())
    updates, reviews = [], []
    review_id = (now - 400 * 86400) * 1000
    for index, cid in enumerate(reviewed):
        learning = index % 3 == 0
        for review in range(REVIEWS_EACH):
            review_id += 1
            last = review == REVIEWS_EACH - 1
            ivl = -LEARNING_STEP if learning and last else review + 1
            reviews.append((review_id if not last else (now - 1800 * (index % 4)) * 1000 + index,
                            cid, -1, 3, ivl, review, 2500, 5000, 1))
        if learning:  # type 3, queue 1: relearning, due when its step has passed
            updates.append((3, 1, now - 1800 * (index % 4) + LEARNING_STEP, 1, cid))
        else:
            updates.append((2, 2, today + (index % 2) * 5 - 1, REVIEWS_EACH, cid))
    col.db.executemany("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                       " values (?, ?, ?, ?, ?, ?, ?, ?, ?)", reviews)
    col.db.executemany("update cards set type = ?, queue = ?, due = ?, ivl = ? where id = ?", updates)
    return {"reviewed": reviewed, "five_thousand": cards[:5000]}


def benchSetupBigCollectionClear(*, col):
    col.remove_notes(col.find_notes(f'"deck:{BIG_DECK}"'))
    col.db.execute("delete from revlog")
    return 0


def benchFloorAreDue(cards, *, col):
    """What areDue cannot avoid: the cards' types, and Anki's is:due search of them."""
    from anki.utils import ids2str

    start = time.perf_counter()
    col.db.all("select id, type from cards where id in " + ids2str(cards))
    col.find_cards("cid:" + ",".join(map(str, cards)) + " is:due")
    return time.perf_counter() - start


@hookimpl
def register_actions(register):
    for action in (benchSetupCards, benchFloorCardsInfo, benchFloorCardsInfoUpstream, benchFloorFindCards,
                   benchFloorCardsModTime, benchFloorChangeDeck, benchSetupBigCollection,
                   benchSetupBigCollectionClear, benchFloorAreDue):
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
    big_collection(bench)


def big_collection(bench):
    big = bench.call("benchSetupBigCollection")
    reviewed = big["reviewed"]
    bench.measure(f"areDue of {len(reviewed):,} reviewed cards (50,000 notes)",
                  {"action": "areDue", "version": 6, "params": {"cards": reviewed}},
                  floor={"action": "benchFloorAreDue", "params": {"cards": reviewed}}, repeat=5)
    five_thousand = big["five_thousand"]
    full = bench.measure("cardsInfo of 5,000 cards (50,000 notes)",
                         {"action": "cardsInfo", "version": 6, "params": {"cards": five_thousand}})
    lean = bench.measure("cardsInfo of 5,000 cards, keys cardId, due, interval",
                         {"action": "cardsInfo", "version": 6,
                          "params": {"cards": five_thousand, "keys": ["cardId", "due", "interval"]}},
                         repeat=10)
    # The lean reply's time against the full one's: at most a fifth. (benchmark.Row, taken from a
    # row: this module is also loaded as a plugin in the server, where benchmark is not importable.)
    Row = type(full)
    bench.add(Row("cardsInfo of 5,000: keys cardId, due, interval (floor: the full reply)", lean.seconds,
                  floor=full.seconds, max_ratio=0.2))
    bench.call("benchSetupBigCollectionClear")
