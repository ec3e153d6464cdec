"""Telling Anki's windows what requests changed, once per burst of requests.

Redrawing the deck list after a change takes Anki 20-40 ms on its main
thread, so refreshing inside each request would make every changing request
that slow, and a client adding notes one request at a time would wait on a
redraw per note. Instead the changes of a request are merged into a pending
refresh that runs shortly after the last change (at most ``max_delay_ms``
after the first), when the main thread is idle: each request gets at most
one refresh, a burst gets one in all.

Actions that look at Anki's windows (``gui=True``) flush the pending refresh
first, so they never see a stale screen. And while a note editor is open,
changes to notes refresh at once: the editor must reload the note before the
user's next keystroke saves its old copy over the change.
"""

from __future__ import annotations

import time
from typing import Any, Callable, List, Optional

from ..changes import merge_op_changes


class RefreshScheduler:
    """
    :param refresh: does the refresh (Anki's ``on_op_finished``) with merged OpChanges.
    :param start_timer: ``start_timer(ms, callback)`` calls back once on the main thread.
    :param urgent: whether these OpChanges must be shown at once.
    """

    def __init__(self, refresh: Callable[[Any], None], start_timer: Callable[[int, Callable[[], None]], Any],
                 urgent: Callable[[Any], bool] = lambda changes: False,
                 delay_ms: int = 30, max_delay_ms: int = 300):
        self._refresh = refresh
        self._urgent = urgent
        self._start_timer = start_timer
        self._delay_ms = delay_ms
        self._max_delay_ms = max_delay_ms
        self._pending: List[Any] = []
        self._first_change: Optional[float] = None
        self._generation = 0  # tells the latest timer from superseded ones

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def add(self, changes: Any) -> None:
        now = time.monotonic()
        if not self._pending:
            self._first_change = now
        self._pending.append(changes)
        if self._urgent(changes):
            self.flush()
            return
        waited_ms = (now - (self._first_change or now)) * 1000
        delay = max(0, min(self._delay_ms, int(self._max_delay_ms - waited_ms)))
        self._generation += 1
        generation = self._generation
        self._start_timer(delay, lambda: self._on_timer(generation))

    def _on_timer(self, generation: int) -> None:
        if generation == self._generation:
            self.flush()

    def flush(self) -> None:
        """Refresh now if anything is pending."""
        if not self._pending:
            return
        changes = merge_op_changes(self._pending)
        self._pending = []
        self._first_change = None
        self._refresh(changes)

    def discard(self) -> None:
        """Forget pending changes (the collection they belong to is gone)."""
        self._pending = []
        self._first_change = None
