"""Requests that wait for the collection to change: how many may, and the safety net.

A request whose action answered ``host.wait_for_change`` (a ``getChanges``
with nothing new yet) sleeps on its HTTP thread until the change signal
(core/change_signal.py) moves on, holding no lock and nothing on the
collection's thread; so does a stream of events (``GET /changes``) between
its events. At most ``changeWaiters`` of them wait at once: beyond, the
next one is refused at once, never queued.

Most changes are signalled where they happen. For the rest (another add-on
writing to the collection directly, files copied into the media folder),
one timer checks the collection's stamp once a second while anyone waits:
one cheap hop for all waiters, never a query per waiter, and no timer at
all while nobody waits.
"""

from __future__ import annotations

import itertools
import threading
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, Optional

from .actions import ActionError
from .bridge import BridgeError, MainThreadBridge
from .change_signal import ChangeSignal, Stamp, collection_stamp
from .logs import get_logger

log = get_logger(__name__)

CHECK_SECONDS = 1.0  # the safety net's period


class TooManyWaiters(ActionError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"{limit} requests are waiting for changes already, as many as the "
                         "changeWaiters setting allows; try again later")


class WaitSlot:
    """The right to wait, held by one request or one event stream."""

    def __init__(self, room: WaitingRoom, number: int):
        self._room = room
        self.number = number

    def waiting_since(self, stamp: Stamp) -> None:
        """The holder now waits for a change from the collection's stamp it last saw."""
        self._room._stamps[self.number] = stamp


class WaitingRoom:
    """
    :param signal: the change signal waiters sleep on.
    :param bridge: carries the safety net's check to the collection's thread.
    :param collection: the open collection (raises when there is none).
    :param changed: called on the collection's thread when the check finds a
        change nobody signalled (tells watchers, fires the signal).
    """

    def __init__(self, signal: ChangeSignal, bridge: MainThreadBridge, collection: Callable[[], Any],
                 changed: Callable[[], None]):
        self.signal = signal
        self._bridge = bridge
        self._collection = collection
        self._changed = changed
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._stamps: Dict[int, Optional[Stamp]] = {}  # slot -> the stamp its holder last saw
        self._timer: Optional[threading.Thread] = None
        self._wake_timer = threading.Event()

    @property
    def count(self) -> int:
        return len(self._stamps)

    @contextmanager
    def slot(self, limit: int) -> Iterator[WaitSlot]:
        """Hold one of ``limit`` places to wait in.

        :raises TooManyWaiters: when all are taken.
        """
        with self._lock:
            if len(self._stamps) >= limit:
                raise TooManyWaiters(limit)
            number = next(self._numbers)
            self._stamps[number] = None
            if self._timer is None:
                self._start_timer()
        try:
            yield WaitSlot(self, number)
        finally:
            with self._lock:
                del self._stamps[number]
                if not self._stamps:
                    self._wake_timer.set()  # the timer ends

    def _check_while_waited(self) -> None:
        while not self._wake_timer.wait(CHECK_SECONDS):
            try:
                self._bridge.call(self._check, timeout=CHECK_SECONDS)
            except BridgeError:
                pass  # the collection is closed or busy (a sync): nothing to see now
            except Exception:
                log.exception("the check for unsignalled changes failed")
        with self._lock:
            # a waiter that came while the timer was ending starts a new one
            self._timer = None
            if self._stamps:
                self._start_timer()

    def _start_timer(self) -> None:
        self._wake_timer.clear()
        self._timer = threading.Thread(target=self._check_while_waited, name="ankiconnect-change-check",
                                       daemon=True)
        self._timer.start()

    def _check(self) -> None:
        """On the collection's thread: did the collection change under a waiter?"""
        try:
            stamp = collection_stamp(self._collection())
        except ActionError:
            return
        seen = [s for s in list(self._stamps.values()) if s is not None]
        if any(s != stamp for s in seen):
            self._changed()
