"""The reply of ``getChanges``: what changed since a cursor, from the collection and the journal.

Added or modified notes, cards, decks and note types are read from the
collection: modified in the cursor's second or later (``mod``, or
``mtime_secs``), or numbered by a sync since (``usn`` from the cursor's
on). Everything changed after a cursor has one of the two: a change made
here has usn -1 until a sync numbers it, and a sync numbers what it sends
and what it brings from the cursor's usn up. On a collection that syncs,
both are found through Anki's index on usn (the changes not synced yet are
few); on one that never synced, every row has usn -1 and a scan of the
modification times is faster.

Deletions, note types that went and media files come from the journal's
log (journal.py), between the cursor's entry and the present one. The
reviews are counted with the review log's ids (milliseconds) and usns in
the same SQL statement that reads the collection's state, so that a review
is counted in exactly one reply.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Optional, Tuple

from .cursor import DONE, LISTS, Base, Cursor, Page, decode
from .feed import Feed, State
from .journal import CARD, DECK, MEDIA, MODEL, NOTE

# (table, its modification time column) of each kind that can be "changed".
TABLES = {"notes": ("notes", "mod"), "cards": ("cards", "mod"), "decks": ("decks", "mtime_secs"),
          "models": ("notetypes", "mtime_secs")}
GRAVE_KINDS = {"notes": NOTE, "cards": CARD, "decks": DECK, "models": MODEL}


@dataclass(frozen=True)
class Snapshot:
    state: State
    review: int  # the newest review's id, 0 for none
    pending: int  # reviews not synced yet, -1 when the collection never synced
    reviews: int  # reviews added since the cursor asked about


def snapshot(col: Any, since: Optional[Base] = None) -> Snapshot:
    """The collection's state and the reviews since ``since``, in one statement."""
    count, args = "0", []
    if since is not None and since.usn < 0:  # never synced then: no sync can bring old reviews
        count, args = "(select count() from revlog where id > ?)", [since.review]
    elif since is not None:
        # new ones, and older ones a sync brought; those not synced at the
        # cursor (pending) are among the second, whether synced since or not
        count = ("(select count() from revlog where id > ?) + "
                 "(select count() from revlog where id <= ? and (usn = -1 or usn >= ?))")
        args = [since.review, since.review, since.usn]
    row = col.db.first(
        "select mod, usn, ls, scm, crt, coalesce((select max(id) from revlog), 0), "
        "case when ls > 0 then (select count() from revlog where usn = -1) else -1 end, "
        f"{count} from col", *args)
    reviews = row[7] - (since.pending if since is not None and since.pending > 0 else 0)
    return Snapshot(State(*row[:5]), row[5], row[6], max(0, reviews))


def empty_reply(cursor: str, *, reset: bool = False) -> Dict[str, Any]:
    reply: Dict[str, Any] = {"cursor": cursor, "reset": reset, "more": False}
    for kind in TABLES:
        reply[kind] = {"changed": [], "deleted": []}
    reply["media"] = {"added": [], "deleted": []}
    reply["reviews"] = 0
    return reply


def has_news(reply: Dict[str, Any]) -> bool:
    """Whether a reply tells the client anything (else a waiting request waits on)."""
    return reply["reset"] or reply["more"] or reply["reviews"] > 0 or any(
        reply[kind][part] for kind in (*TABLES, "media") for part in reply[kind])


def starting_point(col: Any, feed: Feed) -> Dict[str, Any]:
    snap = snapshot(col)
    feed.watch(col, snap.state)
    return empty_reply(_present(col, feed, snap).encode())


def changes_since(col: Any, feed: Feed, since: str, limit: int) -> Dict[str, Any]:
    cursor = decode(since)
    snap = snapshot(col, cursor.base if cursor.page is None else None)
    feed.watch(col, snap.state)
    if not _answerable(feed, cursor, snap.state):
        return empty_reply(_present(col, feed, snap).encode(), reset=True)
    journal = feed.journal
    # The collection's modification time still the cursor's: nothing in it
    # changed (only media files may have), and nothing is listed again.
    unchanged = cursor.page is None and snap.state.mod == cursor.base.mod
    if unchanged and journal.seq == cursor.base.seq and feed.media_unchanged(col):
        return empty_reply(since)  # at once, with the same cursor
    if cursor.page is not None:
        feed.catch_up(col, snap.state)
        upto, positions = cursor.page.upto, cursor.page.positions
    elif unchanged:
        feed.catch_up(col, snap.state)
        upto = replace(cursor.base, seq=journal.seq)
        positions = tuple(DONE if name.endswith(".changed") else cursor.base.seq for name in LISTS)
    else:
        upto = _present(col, feed, snap).base
        positions = tuple(0 if name.endswith(".changed") else cursor.base.seq for name in LISTS)
    # An import since brought notes and cards with their old times: list all not synced yet.
    imported = journal.imported_after(cursor.base.seq)
    reply = empty_reply("")
    new_positions = []
    for name, position in zip(LISTS, positions):
        kind, _, part = name.partition(".")
        if position == DONE:
            new_positions.append(DONE)
            continue
        if part == "changed":
            reply[kind][part], last = _changed(col, kind, cursor.base, position, limit,
                                               synced=snap.state.ls > 0, pending_too=imported)
        elif part == "deleted":
            reply[kind][part], last = _deleted(col, feed, kind, position, upto.seq, limit)
        else:
            media, last = _media(feed, position, upto.seq, limit)
            reply["media"]["added"], reply["media"]["deleted"] = media
        new_positions.append(last)
    reply["reviews"] = snap.reviews if cursor.page is None and not unchanged else 0
    if all(p == DONE for p in new_positions):
        reply["cursor"] = Cursor(journal.feed, journal.epoch, upto).encode()
    else:
        reply["more"] = True
        reply["cursor"] = Cursor(journal.feed, journal.epoch, cursor.base,
                                 Page(upto, tuple(new_positions))).encode()
    return reply


def _present(col: Any, feed: Feed, snap: Snapshot) -> Cursor:
    """A cursor of the present, once the journal logged what is new."""
    feed.catch_up(col, snap.state)
    state = snap.state
    # Items record their changes to the second: what changes later has the
    # second of the collection's last change or a later one (a redo puts back
    # that second's); a collection never changed since it was made has none.
    now = int(time.time())
    second = min(state.mod // 1000, now) if state.mod else now
    # A collection that never synced has no sync numbers yet (and its next sync is a full one)
    usn = state.usn if state.ls > 0 else -1
    journal = feed.journal
    return Cursor(journal.feed, journal.epoch, Base(journal.seq, state.mod, second, usn, snap.review,
                                                    snap.pending if usn >= 0 else -1))


def _answerable(feed: Feed, cursor: Cursor, state: State) -> bool:
    """Whether what changed since the cursor can be listed exactly."""
    journal = feed.journal
    if cursor.feed != journal.feed or cursor.epoch != journal.epoch:
        return False  # another collection's, or from before a full sync
    bases = [cursor.base] + ([cursor.page.upto] if cursor.page is not None else [])
    for base in bases:
        if not journal.first_seq <= base.seq <= journal.seq or base.usn > state.usn:
            return False  # its deletions are forgotten, or the journal or collection went back
        if journal.rewound_before(base.seq, base.mod):
            return False  # an undo (or a restored backup) took back what it may have seen
    return True


def _changed(col: Any, kind: str, base: Base, after: int, limit: int, synced: bool,
             pending_too: bool) -> Tuple[List[int], int]:
    table, modified = TABLES[kind]
    if pending_too:
        condition, args = "usn = -1 or usn >= ?", [base.usn if base.usn >= 0 else 2 ** 31]
    elif base.usn < 0:  # the collection had never synced: a sync since would have started over
        condition, args = f"{modified} >= ?", [base.second]
    elif synced:
        condition, args = f"(usn = -1 and {modified} >= ?) or usn >= ?", [base.second, base.usn]
    else:
        condition, args = f"{modified} >= ? or usn >= ?", [base.second, base.usn]
    ids = col.db.list(f"select id from {table} where ({condition}) and id > ? order by id limit ?",
                      *args, after, limit + 1)
    if len(ids) > limit:
        return ids[:limit], ids[limit - 1]
    return ids, DONE


def _deleted(col: Any, feed: Feed, kind: str, after: int, upto: int, limit: int) -> Tuple[List[int], int]:
    entries = feed.journal.entries(GRAVE_KINDS[kind], after, upto, limit + 1)
    last = entries[limit - 1][0] if len(entries) > limit else DONE
    ids = list(dict.fromkeys(key for _, key, _ in entries[:limit]))
    if ids:  # one that is back (an import, a sync) is not deleted
        table = TABLES[kind][0]
        present = set(col.db.list(f"select id from {table} where id in ({','.join(map(str, ids))})"))
        ids = [i for i in ids if i not in present]
    return ids, last


def _media(feed: Feed, after: int, upto: int, limit: int) -> Tuple[Tuple[List[str], List[str]], int]:
    entries = feed.journal.entries(MEDIA, after, upto, limit + 1)
    last = entries[limit - 1][0] if len(entries) > limit else DONE
    latest: Dict[str, int] = {}
    for _, name, gone in entries[:limit]:
        latest.pop(name, None)
        latest[name] = gone  # the latest entry of a name says where it stands
    added = [name for name, gone in latest.items() if not gone]
    deleted = [name for name, gone in latest.items() if gone]
    return (added, deleted), last
