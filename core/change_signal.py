"""The change signal: requests that wait for the collection to change are woken by it.

Whatever changes the collection says so here: the service after each
request that changes it, the runtime inside Anki after Anki's own
operations (the editor, the reviewer, the browser, imports, undo), both
runtimes after a sync, and the once-a-second check that runs while
requests wait (core/waits.py). Every signal bumps a generation number; a
waiter remembers the generation it saw when it last looked at the
collection and sleeps until the number moves on, so a change that comes
between its look and its sleep is never missed. Waiting costs nothing: the
threads sleep on a condition, nothing polls.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any, Optional, Tuple


class ChangeSignal:
    def __init__(self) -> None:
        self._condition = threading.Condition(threading.Lock())
        self._generation = 0
        self._interruptions = 0
        self._closed = False

    @property
    def generation(self) -> int:
        """The number of signals so far (read it before looking at the collection)."""
        return self._generation

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def interruptions(self) -> int:
        """How often waits were cut short (interrupt(), close()): a stream that
        sees it move ends."""
        return self._interruptions

    def fire(self) -> None:
        """The collection may have changed: wake every waiter."""
        with self._condition:
            self._generation += 1
            self._condition.notify_all()

    def wait(self, generation: int, deadline: float) -> bool:
        """Sleep until a signal after ``generation``, the monotonic ``deadline``,
        interrupt() or close(); True if there was a signal."""
        with self._condition:
            interruptions = self._interruptions
            while self._generation == generation and self._interruptions == interruptions \
                    and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._condition.wait(remaining)
            return self._generation != generation

    def interrupt(self) -> None:
        """Wake every waiter as if its time were over (its server stops)."""
        with self._condition:
            self._interruptions += 1
            self._condition.notify_all()

    def close(self) -> None:
        """Wake every waiter and let none sleep until reopen() (the collection closes)."""
        with self._condition:
            self._closed = True
            self._interruptions += 1
            self._condition.notify_all()

    def reopen(self) -> None:
        with self._condition:
            self._closed = False


Stamp = Tuple[Optional[int], Optional[int]]


def collection_stamp(col: Any) -> Stamp:
    """What tells cheaply whether the collection changed: its modification time
    (milliseconds; Anki moves it with every change, reviews and undo included)
    and the modification time of its media folder (files added or removed).
    Call on the collection's thread."""
    try:
        modified = col.db.scalar("select mod from col")
    except Exception:  # closed meanwhile (a full sync, a profile closing)
        modified = None
    try:
        media = os.stat(col.media.dir()).st_mtime_ns
    except (OSError, AttributeError):
        media = None
    return modified, media
