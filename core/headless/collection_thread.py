"""The thread that owns the collection, in the part Qt's main thread plays inside Anki.

Requests reach it through the same bridge as inside Anki (core/bridge.py):
the bridge posts each request's work here and the HTTP thread sleeps until
its answer. The queue is a C ``SimpleQueue``, so a post and the wake-up on
the other side cost no more than a lock handoff: nothing polls.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from functools import partial
from queue import SimpleQueue
from typing import Any, Callable, Optional, TypeVar

from ..logs import get_logger

log = get_logger(__name__)

T = TypeVar("T")

_STOP = object()


class CollectionThread:
    def __init__(self, name: str = "ankiconnect-collection"):
        self._jobs: SimpleQueue = SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def post(self, work: Callable[[], Any]) -> None:
        """Run work on this thread, after what was posted before (the bridge's ``post``)."""
        self._jobs.put(work)

    def call(self, work: Callable[[], T], timeout: Optional[float] = None) -> T:
        """Run work on this thread and return what it returns (or raise what it raised)."""
        done: Future = Future()
        self.post(partial(_run_into, done, work))
        try:
            return done.result(timeout)
        finally:
            del done  # the future holds the exception, whose traceback holds this frame

    def stop(self, timeout: Optional[float] = None) -> bool:
        """End the thread once the work posted before is done; whether it ended in time."""
        self._jobs.put(_STOP)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        while True:
            work = self._jobs.get()
            if work is _STOP:
                return
            try:
                work()
            except Exception:  # the bridge answers its own errors; this is a bug elsewhere
                log.exception("work on the collection thread failed")
            del work  # let go of the finished job before waiting for the next one


def _run_into(done: Future, work: Callable[[], Any]) -> None:
    try:
        done.set_result(work())
    except BaseException as exc:  # handed to the caller
        done.set_exception(exc)
