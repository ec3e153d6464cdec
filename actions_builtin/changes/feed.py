"""Keeping the journal in step with the collection: what the feed watches and when.

Two kinds of looking, both on the collection's thread:

- **watch** (after every change the server hears of, and before every
  ``getChanges``): one row of the ``col`` table, compared with the last one
  seen. The modification time going back while the last sync stayed the
  same is an undo or a restored backup: a rewind, logged. The last sync
  moving other than forward (a normal sync moves it and the update sequence
  number on, and leaves the schema time) is a full sync (an upload rewrites
  the collection's sync numbers and drops its deletion records, a download
  replaces the file) or another file: every cursor starts over. A change
  whose undo step is an import is logged as one. Cheap enough for every
  operation Anki runs.
- **catch up** (when ``getChanges`` must list): the deletion records that may
  be new (those not synced yet, and those a sync brought since the last
  look, by their update sequence numbers; an index finds them), the note
  types' ids, and the media folder when its modification time moved: what
  appeared or went is logged.

What happens while no AnkiConnect has the collection open is caught up with
the same way when it next looks, with one exception, said in
docs/changes.md: an undo there, followed by more changes, leaves no trace.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from typing import Any, Dict, Optional, Set, Tuple

from ...core.plugin_api import ActionError, get_logger
from .journal import CARD, DECK, MEDIA, MODEL, NOTE, Journal, journal_path, open_journal

log = get_logger(__name__)

# A folder's modification time may be as coarse as 2 s (FAT): a change that
# close to a look may not move it, so the folder is looked at again.
COARSE_MTIME_NS = 2_000_000_000

STATE = "select mod, usn, ls, scm, crt from col"


@dataclass(frozen=True)
class State:
    """The collection's own row: its modification time (ms), update sequence
    number, last sync (ms), schema time (ms) and creation time."""

    mod: int
    usn: int
    ls: int
    scm: int
    crt: int


class Feed:
    """The journal of one collection, and what of it is held in memory."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self._graves: Optional[Set[Tuple[int, int]]] = None
        self._graves_total: Optional[int] = None  # how many graves there were at the last look
        self._models: Optional[Set[int]] = None
        self._media: Optional[Dict[str, Tuple[int, int]]] = None
        self._media_stamp: Optional[int] = None  # the folder's mtime when it was last read
        self._media_read_at = 0

    # Watching --------------------------------------------------------------------

    def watch(self, col: Any, state: State) -> None:
        """Log a rewind or an import, or start over after a full sync, when the state says so."""
        meta = self.journal.meta
        stored = meta.get("state")
        if stored is not None:
            last = State(*map(int, stored.split()))
            if last == state:
                return
            normal_sync = state.ls > last.ls and state.usn > last.usn and state.scm == last.scm
            if state.crt != last.crt or (state.ls != last.ls and not normal_sync):
                log.info("the collection was replaced or fully synced: change feed cursors start over")
                self.journal.start_over()
                self.journal.set_meta(baseline=1)
            elif state.ls == last.ls and state.mod < last.mod:
                self.journal.rewind(state.mod)
            elif state.mod != last.mod and _last_step_imported(col):
                self.journal.imported()
        self.journal.set_meta(state=_encode_state(state))

    def media_unchanged(self, col: Any) -> bool:
        """Whether the media folder is as when it was last read (and that reading is sure)."""
        stamp = _folder_stamp(col)
        return stamp is not None and stamp == self._media_stamp \
            and stamp < self._media_read_at - COARSE_MTIME_NS

    # Catching up -----------------------------------------------------------------

    def catch_up(self, col: Any, state: State) -> None:
        """Log the deletions, note types and media files that appeared or went."""
        baseline = bool(self.journal.meta.get("baseline", 1))
        self._catch_up_graves(col, state, log_new=not baseline)
        self._catch_up_models(col, log_new=not baseline)
        self._catch_up_media(col, log_new=not baseline)
        if baseline:
            self.journal.set_meta(baseline=0)
        self.journal.forget_old_entries()

    def _catch_up_graves(self, col: Any, state: State, log_new: bool) -> None:
        # Graves have no time: the ones that may be new since the last look are
        # those not synced yet (usn -1) and those a sync brought or numbered since.
        since_usn = self.journal.meta.get("graves_usn", state.usn)
        if self._graves is None:
            self._graves = self.journal.seen_graves()
        # Between two looks the graves only grow (an undo, which removes some, is
        # a rewind; a full sync, which empties them, starts the journal over): the
        # same number is the same graves. Counting them all is instant; counting
        # the pending ones is not (100 ms for 100,000 graves).
        total = col.db.scalar("select count() from graves")
        if log_new and total == self._graves_total and not self._rewound_since_graves():
            return
        # Two queries, each on the usn index (one with "or" reads the whole table).
        found = set(map(tuple, col.db.all("select oid, type from graves where usn = -1")))
        found.update(map(tuple, col.db.all("select oid, type from graves where usn >= ?", max(since_usn, 0))))
        new = found - self._graves
        if log_new:
            for kind in (NOTE, CARD, DECK):
                self.journal.log(kind, sorted(oid for oid, k in new if k == kind), gone=True)
        self.journal.update_graves(new, self._graves - found)
        self._graves, self._graves_total = found, total
        self.journal.set_meta(graves_usn=state.usn, graves_seq=self.journal.seq)

    def _rewound_since_graves(self) -> bool:
        return self.journal.rewound_before(self.journal.meta.get("graves_seq", 0), 2 ** 62)

    def _catch_up_models(self, col: Any, log_new: bool) -> None:
        if self._models is None:
            self._models = self.journal.seen_models()
        found = set(col.db.list("select id from notetypes"))
        if found == self._models:
            return
        gone = self._models - found
        if log_new:
            self.journal.log(MODEL, sorted(gone), gone=True)
        self.journal.update_models(found - self._models, gone)
        self._models = found

    def _catch_up_media(self, col: Any, log_new: bool) -> None:
        if self.media_unchanged(col):
            return
        read_at = time.time_ns()
        stamp = _folder_stamp(col)
        found = _media_files(col.media.dir())
        if self._media is None:
            self._media = self.journal.seen_media()
        seen = self._media
        changed = {name: info for name, info in found.items() if seen.get(name) != info}
        gone = [name for name in seen if name not in found]
        if log_new:
            self.journal.log(MEDIA, sorted(changed), gone=False)
            self.journal.log(MEDIA, sorted(gone), gone=True)
        self.journal.update_media(changed, gone)
        self._media = found
        self._media_stamp, self._media_read_at = stamp, read_at


def _last_step_imported(col: Any) -> bool:
    """Whether Anki's latest undo step is an import (of a package, or of notes from text)."""
    try:
        return col.undo_status().undo == col.tr.actions_import()
    except Exception:  # an Anki without these: imports are then not told apart
        return False


def _encode_state(state: State) -> str:
    return f"{state.mod} {state.usn} {state.ls} {state.scm} {state.crt}"


def _folder_stamp(col: Any) -> Optional[int]:
    try:
        return os.stat(col.media.dir()).st_mtime_ns
    except OSError:
        return None


def _media_files(folder: str) -> Dict[str, Tuple[int, int]]:
    """Each file in the media folder: (size, modification time in ns)."""
    found: Dict[str, Tuple[int, int]] = {}
    try:
        entries = os.scandir(folder)
    except OSError:
        return found
    with entries:
        for entry in entries:
            try:
                if entry.is_file():
                    info = entry.stat()
                    found[entry.name] = (info.st_size, info.st_mtime_ns)
            except OSError:  # gone meanwhile
                continue
    return found


# One feed per collection file, for as long as this program runs.
_FEEDS: Dict[str, Feed] = {}


def feed_of(col: Any) -> Optional[Feed]:
    """The feed of the collection (opening its journal on first use); None for
    a collection without a file."""
    path = col.path
    feed = _FEEDS.get(path)
    if feed is None:
        try:
            journal = open_journal(path)
        except sqlite3.Error as exc:
            raise ActionError(f"the change feed cannot keep its journal beside the collection "
                              f"({journal_path(path)}): {exc}") from None
        if journal is None:
            return None
        for other in _FEEDS.values():  # another profile's: only one collection is open at a time
            other.journal.close()
        _FEEDS.clear()
        feed = _FEEDS[path] = Feed(journal)
    return feed


def feed_is_open(collection_path: str) -> bool:
    return collection_path in _FEEDS


def read_state(col: Any) -> State:
    return State(*col.db.first(STATE))
