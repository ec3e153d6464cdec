"""FSRS for the tests of the FSRS actions: switching it on, a review history to optimize on."""

from __future__ import annotations

import random
from contextlib import contextmanager
from typing import Any, Iterator, List

# 2024-01-01 12:00 UTC: reviews at fixed times give the optimizer the same days wherever it runs.
HISTORY_START = 1704110400


def fsrs_version() -> int:
    """6 where this Anki keeps FSRS-6 parameters (25.07 and later), else 5."""
    from anki.deck_config_pb2 import DeckConfig

    return 6 if "fsrs_params_6" in DeckConfig.Config.DESCRIPTOR.fields_by_name else 5


@contextmanager
def fsrs_switched(col: Any, on: bool = True) -> Iterator[None]:
    """FSRS on (or off) for the block; afterwards off again (the collection
    fixture puts back the presets as they were)."""
    col.set_config("fsrs", on)
    try:
        yield
    finally:
        col.set_config("fsrs", False)


def preset_params(col: Any, deck_id: int = 1) -> List[float]:
    """The list of the newest FSRS version in the deck's preset, as Anki stores it."""
    state = col.decks.get_deck_configs_for_update(deck_id)
    config = next(e.config for e in state.all_config if e.config.id == state.current_deck.config_id)
    return list(getattr(config.config, f"fsrs_params_{fsrs_version()}"))


def review_history(col: Any, card_ids: List[int], reviews_each: int = 8, seed: int = 18) -> int:
    """Give the cards a review history of days between reviews growing, a lapse now
    and then, at fixed times long ago; they become review cards. Returns the
    number of reviews written."""
    chance = random.Random(seed)
    rows = []
    for index, cid in enumerate(card_ids):
        at = HISTORY_START + index * 60
        for review in range(reviews_each):
            ease = 1 if chance.random() < 0.15 else 3
            rows.append((at * 1000, cid, -1, ease, review + 1, review, 2500, 5000, 0 if review == 0 else 1))
            at += 86400 * (1 + 2 * review + chance.randint(0, 2))
    col.db.executemany("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                       " values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    col.db.executemany("update cards set type = 2, queue = 2, ivl = 10, due = ? where id = ?",
                       [(col.sched.today + 3, cid) for cid in card_ids])
    return len(rows)
