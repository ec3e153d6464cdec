"""Thread discipline: the one place where work crosses between threads.

HTTP requests arrive on Waitress worker threads; the collection and Qt belong
to one thread (Qt's main thread inside Anki). A bridge carries a request's
work across in exactly one hop and brings the answer back. Nothing polls: the
work is posted to the owning thread, and the HTTP thread sleeps on a Future.

A request that the owning thread does not pick up within the queue timeout is
withdrawn before it runs, so a client never gets a timeout for work that
then happens anyway. Once picked up, the work runs to completion.

Work posted while the collection was open never runs after it closed: when a
profile is switched in one turn of Qt's loop, a request sent to the old
profile must not land in the new one.

While a background job holds the collection (a sync), work is held back
instead of run: the main thread stays free, and the requests wait on their
own threads, within the queue timeout, until the job releases it.
"""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from typing import Any, Callable, List, Optional, Tuple, TypeVar

T = TypeVar("T")


class BridgeError(Exception):
    """The work could not be run; the message is the reply's error text."""


class CollectionClosed(BridgeError):
    def __init__(self) -> None:
        super().__init__("collection is not available")


class QueueTimeout(BridgeError):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"Anki was busy and did not take the request within {seconds:g} seconds "
            "(apiQueueTimeout); it was not run"
        )


class MainThreadBridge:
    """Runs work on the thread that owns the collection.

    :param post: schedules a callable on the owning thread; inside Anki this is
        ``mw.taskman.run_on_main``, a signal handled by Qt's event loop.
    """

    def __init__(self, post: Callable[[Callable[[], None]], None]):
        self._post = post
        self._open = True
        self._generation = 0  # bumped by close(): work from before never runs after
        self._holds = 0
        self._held_back: List[Tuple[Future[Any], Callable[[], Any], int]] = []

    def call(self, work: Callable[[], T], timeout: Optional[float]) -> T:
        generation = self._generation  # read before the check: a close in between cancels
        if not self._open:
            raise CollectionClosed()
        future: Future[T] = Future()
        self._post(lambda: self._run(future, work, generation))
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            if future.cancel():  # not started yet: withdrawn, never runs
                raise QueueTimeout(timeout or 0) from None
            return future.result()  # already running: wait for its answer
        except CancelledError:
            raise CollectionClosed() from None

    def _run(self, future: Future[T], work: Callable[[], T], generation: int) -> None:
        if not self._open or generation != self._generation:
            future.cancel()
        elif self._holds:
            self._held_back.append((future, work, generation))
            return
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(work())
        except BaseException as exc:
            future.set_exception(exc)

    def close(self) -> None:
        """Refuse new work; work not yet started is answered 'collection is not available'."""
        self._open = False
        self._generation += 1
        held_back, self._held_back = self._held_back, []
        for future, _, _ in held_back:
            future.cancel()

    def reopen(self) -> None:
        self._open = True

    def hold(self) -> None:
        """Hold back work until release() (on the owning thread).

        For a background job that keeps the collection busy: work run now
        would block the owning thread until the job ends. Held-back work waits
        on its HTTP thread, and a request whose queue timeout passes is
        withdrawn unrun, as always. Holds nest; every hold needs a release.
        """
        self._holds += 1

    def release(self) -> None:
        """End a hold(); held-back work runs in the order it came (on the owning thread)."""
        self._holds -= 1
        if self._holds:
            return
        held_back, self._held_back = self._held_back, []
        for future, work, generation in held_back:
            self._post(partial(self._run, future, work, generation))


class InlineBridge:
    """Runs work on the calling thread, one request at a time.

    For tools and tests that have no Qt event loop: the lock keeps the
    one-thread-at-a-time guarantee that actions are written for.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = True

    def call(self, work: Callable[[], T], timeout: Optional[float]) -> T:
        if not self._open:
            raise CollectionClosed()
        if not self._lock.acquire(timeout=-1 if timeout is None else timeout):
            raise QueueTimeout(timeout or 0)
        try:
            return work()
        finally:
            self._lock.release()

    def close(self) -> None:
        self._open = False

    def reopen(self) -> None:
        self._open = True
