"""The cursor ``getChanges`` answers: where a client stands, as one opaque string.

It holds what the next call needs to list exactly what came after it, from
the collection and the journal (journal.py):

- the journal's id and epoch: another journal's cursor, or one from before
  a full sync, starts over;
- ``seq``: the journal's latest entry (deletions, media files, rewinds);
- ``mod``: the collection's modification time (milliseconds). Anki moves it
  with every change; when it is still the same, nothing changed, and the
  reply is empty at once;
- ``second``: notes, cards, decks and note types record when they changed
  only to the second, so what changed in the cursor's own second cannot be
  told from what changed before the cursor: everything modified in that
  second or later is listed (a change may come twice, never not at all);
- ``usn``: the collection's update sequence number. A sync gives what it
  brings from other devices (and the deletions it applies) numbers from this
  one up, however old their modification times;
- ``review`` and ``pending``: the newest review's id and how many reviews
  were not synced yet (-1 when the collection never synced), to count the
  reviews added since, those a sync brings included, each once.

A reply cut by ``limit`` answers a cursor with a page: the same starting
point, the state the cut reply saw (``upto``: where the cursor after the
last page starts), and how far each list went.

Written ``c1.<feed>.<epoch>.<seq>.<mod>.<second>.<usn>.<review>.<pending>``,
with a page ``c2.<feed>.<epoch>.<the 6 numbers>.<the 6 of upto>.<9 positions>``:
only letters, digits, dots and minus signs, safe in a URL and an event's id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Optional, Tuple

from ...core.plugin_api import ActionError, json_type

# The lists a page goes through, in the order of Page.positions.
LISTS = ("notes.changed", "cards.changed", "decks.changed", "models.changed",
         "notes.deleted", "cards.deleted", "decks.deleted", "models.deleted", "media")
DONE = -1  # a list that was sent whole

_FEED = re.compile(r"^[0-9a-f]{8}$")
_NUMBER = re.compile(r"^-?[0-9]{1,19}$")


@dataclass(frozen=True)
class Base:
    """The state of the collection and the journal that a cursor starts from."""

    seq: int
    mod: int
    second: int
    usn: int
    review: int
    pending: int

    def numbers(self) -> Tuple[int, ...]:
        return (self.seq, self.mod, self.second, self.usn, self.review, self.pending)


@dataclass(frozen=True)
class Page:
    upto: Base  # what the reply that was cut saw: the cursor after the last page
    positions: Tuple[int, ...]  # per list in LISTS: the last id or seq sent, or DONE


@dataclass(frozen=True)
class Cursor:
    feed: str
    epoch: int
    base: Base
    page: Optional[Page] = None

    def encode(self) -> str:
        numbers = [self.epoch, *self.base.numbers()]
        if self.page is None:
            return ".".join(["c1", self.feed, *map(str, numbers)])
        numbers += [*self.page.upto.numbers(), *self.page.positions]
        return ".".join(["c2", self.feed, *map(str, numbers)])

    def after_pages(self) -> Cursor:
        """The cursor once every page was sent."""
        assert self.page is not None
        return replace(self, base=self.page.upto, page=None)


def decode(text: Any) -> Cursor:
    """The cursor in a ``since`` parameter.

    :raises ActionError: when it is not a cursor getChanges answered.
    """
    if not isinstance(text, str):
        raise ActionError(f"since should be a cursor getChanges answered (a string) or null, "
                          f"not {json_type(text)}")
    parts = text.split(".")
    lengths = {"c1": 9, "c2": 24}
    if len(parts) < 2 or lengths.get(parts[0]) != len(parts) or not _FEED.match(parts[1]) \
            or not all(_NUMBER.match(p) for p in parts[2:]):
        raise ActionError(f"since is not a cursor getChanges answered: {text[:100]!r}")
    numbers = [int(p) for p in parts[2:]]
    base = Base(*numbers[1:7])
    page = None
    if parts[0] == "c2":
        page = Page(Base(*numbers[7:13]), tuple(numbers[13:]))
    return Cursor(parts[1], numbers[0], base, page)
