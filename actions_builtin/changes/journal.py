"""The change feed's journal: a small SQLite file beside the collection, never inside it.

The collection says what was added or modified since a time (modification
times, update sequence numbers), but not everything a feed must tell:

- Deletions. Anki keeps a deletion record (a "grave") per deleted note,
  card and deck, without a time; note types leave none at all; media files
  are just gone from the folder. The journal keeps what it has seen of
  each (the graves that may still be new, the note types' ids, the media
  files' names, sizes and times) and logs what appears or goes, each entry
  with a sequence number that cursors page through.
- Going back in time. An undo puts back the notes, cards and the
  collection's modification time as they were; a restored backup does the
  same. Such a "rewind" is logged, and cursors issued after the time it
  went back to must start over.
- Imports. An imported package's notes and cards keep the modification
  times they had where they came from, which may be older than a cursor;
  an import is logged, and the next reply to an older cursor lists every
  note and card not synced yet (the imported ones are among them).
- Which collection this is. The journal has an id of its own and an epoch,
  bumped when a full sync replaced or rewrote the collection: a cursor of
  another journal (another collection or profile, a journal deleted) or of
  an earlier epoch must start over.

The journal is ``<collection name>.ankiconnect-changes.db`` in the
collection's folder (the profile folder inside Anki). Only the program that
has the collection open writes to it, on the collection's thread.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

# What a log entry is about. Cards, notes and decks take the type Anki's
# graves give them.
CARD, NOTE, DECK, MODEL, MEDIA = 0, 1, 2, 3, 4

# Deletions older than this many entries are forgotten: a cursor from
# before them starts over.
KEEP_ENTRIES = 200_000

SCHEMA = """
create table if not exists meta (key text primary key, value) without rowid;
create table if not exists log (seq integer primary key, kind integer not null, key not null,
                                gone integer not null);
create index if not exists log_kind on log (kind, seq);
create table if not exists rewinds (seq integer primary key, back_to integer not null);
create table if not exists imports (seq integer primary key);
create table if not exists graves (oid integer not null, type integer not null,
                                   primary key (oid, type)) without rowid;
create table if not exists models (id integer primary key);
create table if not exists media (name text primary key, size integer, mtime integer) without rowid;
"""


def journal_path(collection_path: str) -> Path:
    path = Path(collection_path)
    return path.with_name(f"{path.stem}.ankiconnect-changes.db")


class Journal:
    """The journal file of one collection, open on the collection's thread."""

    def __init__(self, path: Path):
        self.path = path
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("pragma journal_mode = wal")
        self._db.execute("pragma synchronous = normal")
        self._db.executescript(SCHEMA)
        self.meta: Dict[str, Any] = dict(self._db.execute("select key, value from meta"))
        if "feed" not in self.meta:
            self.set_meta(feed=os.urandom(4).hex(), epoch=0, seq=0, first_seq=0)

    def close(self) -> None:
        self._db.close()

    # Meta ----------------------------------------------------------------------

    def set_meta(self, **values: Any) -> None:
        self._db.executemany("insert or replace into meta (key, value) values (?, ?)", values.items())
        self.meta.update(values)

    @property
    def feed(self) -> str:
        return self.meta["feed"]

    @property
    def epoch(self) -> int:
        return self.meta["epoch"]

    @property
    def seq(self) -> int:
        """The sequence number of the latest entry (log or rewind)."""
        return self.meta["seq"]

    @property
    def first_seq(self) -> int:
        """Entries after this one are kept; a cursor before it starts over."""
        return self.meta["first_seq"]

    # The log -------------------------------------------------------------------

    def log(self, kind: int, keys: Iterable[Any], gone: bool) -> None:
        seq = self.seq
        rows = []
        for key in keys:
            seq += 1
            rows.append((seq, kind, key, int(gone)))
        if rows:
            self._db.execute("begin")
            self._db.executemany("insert into log (seq, kind, key, gone) values (?, ?, ?, ?)", rows)
            self.set_meta(seq=seq)
            self._db.execute("commit")

    def entries(self, kind: int, after: int, upto: int, limit: int) -> List[Tuple[int, Any, int]]:
        """(seq, key, gone) of a kind's entries with after < seq <= upto, oldest first."""
        return self._db.execute("select seq, key, gone from log where kind = ? and seq > ? and seq <= ? "
                                "order by seq limit ?", (kind, after, upto, limit)).fetchall()

    def rewind(self, back_to: int) -> None:
        """The collection's modification time went back to back_to (milliseconds)."""
        seq = self.seq + 1
        self._db.execute("begin")
        self._db.execute("insert into rewinds (seq, back_to) values (?, ?)", (seq, back_to))
        self.set_meta(seq=seq)
        self._db.execute("commit")

    def imported(self) -> None:
        """Something was imported: what it brought may have old modification times."""
        seq = self.seq + 1
        self._db.execute("begin")
        self._db.execute("insert into imports (seq) values (?)", (seq,))
        self.set_meta(seq=seq)
        self._db.execute("commit")

    def imported_after(self, after: int) -> bool:
        found = self._db.execute("select 1 from imports where seq > ? limit 1", (after,)).fetchone()
        return found is not None

    def rewound_before(self, after: int, modified: int) -> bool:
        """Whether, after entry ``after``, the collection went back to a time before ``modified``."""
        return self._db.execute("select 1 from rewinds where seq > ? and back_to < ? limit 1",
                                (after, modified)).fetchone() is not None

    def start_over(self) -> None:
        """A new epoch: every cursor issued before starts over; entries are dropped."""
        self._db.execute("begin")
        self._db.execute("delete from log")
        self._db.execute("delete from rewinds")
        self._db.execute("delete from imports")
        self.set_meta(epoch=self.epoch + 1, first_seq=self.seq)
        self._db.execute("commit")

    def forget_old_entries(self) -> None:
        if self.seq - self.first_seq <= KEEP_ENTRIES * 1.25:
            return
        first = self.seq - KEEP_ENTRIES
        self._db.execute("begin")
        self._db.execute("delete from log where seq <= ?", (first,))
        self._db.execute("delete from rewinds where seq <= ?", (first,))
        self._db.execute("delete from imports where seq <= ?", (first,))
        self.set_meta(first_seq=first)
        self._db.execute("commit")

    # What was seen ----------------------------------------------------------------

    def seen_graves(self) -> Set[Tuple[int, int]]:
        """(oid, type) of the graves seen that may still be new to a scan."""
        return set(self._db.execute("select oid, type from graves"))

    def update_graves(self, added: Iterable[Tuple[int, int]], removed: Iterable[Tuple[int, int]]) -> None:
        self._update("insert or ignore into graves (oid, type) values (?, ?)", list(added),
                     "delete from graves where oid = ? and type = ?", list(removed))

    def seen_models(self) -> Set[int]:
        return {row[0] for row in self._db.execute("select id from models")}

    def update_models(self, added: Iterable[int], removed: Iterable[int]) -> None:
        self._update("insert or ignore into models (id) values (?)", [(i,) for i in added],
                     "delete from models where id = ?", [(i,) for i in removed])

    def seen_media(self) -> Dict[str, Tuple[int, int]]:
        """Each media file's (size, modification time in ns), as last seen."""
        rows = self._db.execute("select name, size, mtime from media")
        return {name: (size, mtime) for name, size, mtime in rows}

    def update_media(self, changed: Dict[str, Tuple[int, int]], removed: Iterable[str]) -> None:
        self._update("insert or replace into media (name, size, mtime) values (?, ?, ?)",
                     [(name, size, mtime) for name, (size, mtime) in changed.items()],
                     "delete from media where name = ?", [(name,) for name in removed])

    def clear_seen(self) -> None:
        self._db.execute("begin")
        for table in ("graves", "models", "media"):
            self._db.execute(f"delete from {table}")
        self._db.execute("commit")

    def _update(self, insert: str, rows: List[tuple], delete: str, keys: List[tuple]) -> None:
        if not rows and not keys:
            return
        self._db.execute("begin")
        self._db.executemany(delete, keys)
        self._db.executemany(insert, rows)
        self._db.execute("commit")


def open_journal(collection_path: str) -> Optional[Journal]:
    """The collection's journal, created on first use; None for a collection in memory."""
    if not collection_path or collection_path == ":memory:":
        return None
    return Journal(journal_path(collection_path))
