"""Benchmark scenarios of the notes group (see tools/benchmark.py for the interface).

- addNotes of 1,000 notes with duplicate checking (target 0.15 s; upstream 2.5 s;
  headless within 1.5 x the in-process floor);
- notesInfo of 1,000 notes (target 0.03 s; upstream 0.12 s);
- Yomitan's duplicate check on a collection of 50,000 notes:
  canAddNotesWithErrorDetail for 20 notes plus a multi of 20 findNotes (target 20 ms).

Floors do the same work straight on the collection, the obvious way: Anki's
own duplicate check (``Note.fields_check``), ``col.get_note`` per id,
``col.find_notes`` per query.
"""

from __future__ import annotations

import time

import pluggy

hookimpl = pluggy.HookimplMarker("ankiconnect")

KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"


def word(i: int) -> str:
    """A distinct Japanese-looking word per number (as Yomitan users mine)."""
    return KANA[i % 46] + KANA[(i // 46) % 46] + KANA[(i // 2116) % 46]


def _new_notes(col, count, prefix):
    model = col.models.by_name("Basic")
    notes = []
    for i in range(count):
        note = col.new_note(model)
        note.fields[0] = f"{prefix}{word(i)}"
        note.fields[1] = "back"
        notes.append(note)
    return notes


# Setups (inside Anki) ----------------------------------------------------------


def benchSetupNotesClear(*, col):
    """Delete every note."""
    col.remove_notes(col.find_notes(""))
    return 0


def benchSetupNotesMany(count, prefix="", *, col):
    """Add count Basic notes quickly; return their ids."""
    from anki.collection import AddNoteRequest

    notes = _new_notes(col, count, prefix)
    col.add_notes([AddNoteRequest(n, 1) for n in notes])
    return [n.id for n in notes]


# Floors (inside Anki) ----------------------------------------------------------


def benchFloorAddNotes(count, prefix="", *, col):
    """Anki's way: build notes, check each with fields_check, add them in one call."""
    from anki.collection import AddNoteRequest

    start = time.perf_counter()
    notes = _new_notes(col, count, prefix)
    ok = [n for n in notes if n.fields_check() == 0]
    position = col.add_custom_undo_entry("Add Notes")
    col.add_notes([AddNoteRequest(n, 1) for n in ok])
    col.merge_undo_entries(position)
    return time.perf_counter() - start


def benchFloorNotesInfo(notes, *, col):
    """Anki's way: get_note per id, cards per note."""
    start = time.perf_counter()
    for nid in notes:
        note = col.get_note(nid)
        _ = (note.items(), note.tags, note.note_type()["name"], note.mod, note.card_ids())
    return time.perf_counter() - start


def benchFloorYomitanCheck(words, *, col):
    """Anki's way: fields_check for each note, find_notes for each query."""
    start = time.perf_counter()
    model = col.models.by_name("Basic")
    for text in words:
        note = col.new_note(model)
        note.fields[0] = text
        note.fields_check()
    for text in words:
        col.find_notes(f'"front:{text}"')
    return time.perf_counter() - start


@hookimpl
def register_actions(register):
    for action in (benchSetupNotesClear, benchSetupNotesMany, benchFloorAddNotes,
                   benchFloorNotesInfo, benchFloorYomitanCheck):
        register(action)


# Scenarios (in the benchmark process) -----------------------------------------


def _note(front):
    return {"deckName": "Default", "modelName": "Basic", "fields": {"Front": front, "Back": "back"},
            "options": {"allowDuplicate": False, "duplicateScope": "collection"}}


def scenarios(bench):
    def clear():
        return bench.call("benchSetupNotesClear")

    notes = [_note(f"n{word(i)}") for i in range(1000)]
    bench.measure("addNotes of 1,000 (duplicate check on)",
                  {"action": "addNotes", "version": 6, "params": {"notes": notes}},
                  floor={"action": "benchFloorAddNotes", "params": {"count": 1000, "prefix": "n"}},
                  target=0.15, max_ratio={"headless": 1.5}, setup=clear)

    clear()
    ids = bench.call("benchSetupNotesMany", count=1000)
    bench.measure("notesInfo of 1,000",
                  {"action": "notesInfo", "version": 6, "params": {"notes": ids}},
                  floor={"action": "benchFloorNotesInfo", "params": {"notes": ids}},
                  target=0.03, repeat=10)

    clear()
    bench.call("benchSetupNotesMany", count=50000)
    # Yomitan checks the terms of one lookup: some mined already, most not.
    words = [word(i * 997) for i in range(10)] + [f"新{word(i)}" for i in range(10)]
    can_add = {"action": "canAddNotesWithErrorDetail", "version": 2,
               "params": {"notes": [_note(w) for w in words]}}
    find = {"action": "multi", "version": 2, "params": {
        "actions": [{"action": "findNotes", "params": {"query": f'"front:{w}"'}} for w in words]}}
    bench.measure("Yomitan: canAddNotesWithErrorDetail of 20 (50,000 notes)", can_add, repeat=10)
    bench.measure("Yomitan: multi of 20 findNotes (50,000 notes)", find, repeat=10)
    bench.measure("Yomitan check: both in one multi (50,000 notes)",
                  {"action": "multi", "version": 2, "params": {"actions": [can_add, find]}},
                  floor={"action": "benchFloorYomitanCheck", "params": {"words": words}},
                  target=0.02, repeat=10)
    clear()
