"""Thread discipline: the one place where work crosses between threads.

HTTP requests arrive on Waitress worker threads; the collection and Qt belong
to one thread (Qt's main thread inside Anki). A bridge carries a request's
work across in exactly one hop and brings the answer back. Nothing polls: the
work is posted to the owning thread, and the HTTP thread sleeps until its answer.

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
from functools import partial
from typing import Any, Callable, List, Optional, TypeVar

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
        self._held_back: List[_Job] = []

    def call(self, work: Callable[[], T], timeout: Optional[float]) -> T:
        job = _Job(work, self._generation)  # the generation is read before the check:
        if not self._open:  # a close in between cancels the job
            raise CollectionClosed()
        self._post(partial(self._run, job))
        if not job.done.acquire(timeout=-1 if timeout is None else timeout):
            if job.withdraw():  # not started yet: withdrawn, never runs
                raise QueueTimeout(timeout or 0)
            job.done.acquire()  # already running: wait for its answer
        return job.outcome()

    def _run(self, job: _Job) -> None:
        if not self._open or job.generation != self._generation:
            if job.start():
                job.finish(error=CollectionClosed())
            return
        if self._holds:
            self._held_back.append(job)
            return
        if not job.start():
            return  # withdrawn: its client already has its answer
        try:
            result = job.work()
        except BaseException as exc:
            job.finish(error=exc)
            return
        job.finish(result=result)

    def close(self) -> None:
        """Refuse new work; work not yet started is answered 'collection is not available'."""
        self._open = False
        self._generation += 1
        held_back, self._held_back = self._held_back, []
        for job in held_back:
            if job.start():
                job.finish(error=CollectionClosed())

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
        for job in held_back:
            self._post(partial(self._run, job))


class _Job:
    """One piece of work crossing to the owning thread, and its outcome.

    A plain lock signals the outcome, not a Future: the HTTP thread blocks in
    C right after posting, and wakes straight into its answer, with fewer
    turns of the GIL than a Future's Condition takes (it is the hop's cost).
    Whoever takes ``_claim`` first decides the job's fate: the owning thread
    (it runs) or the HTTP thread giving up on it (it never runs).
    """

    __slots__ = ("work", "generation", "done", "_claim", "_result", "_error")

    def __init__(self, work: Callable[[], Any], generation: int):
        self.work: Optional[Callable[[], Any]] = work
        self.generation = generation
        self.done = threading.Lock()
        self.done.acquire()  # released by finish()
        self._claim = threading.Lock()
        self._result: Any = None
        self._error: Optional[BaseException] = None

    def start(self) -> bool:
        """Claim the job to run it (owning thread); False if it was withdrawn."""
        return self._claim.acquire(False)

    def withdraw(self) -> bool:
        """Take the job back (HTTP thread); False if it has started already."""
        return self._claim.acquire(False)

    def finish(self, result: Any = None, error: Optional[BaseException] = None) -> None:
        self._result, self._error = result, error
        self.work = None
        self.done.release()

    def outcome(self) -> Any:
        if self._error is not None:
            # Drop the job's hold on the exception: its traceback holds the
            # frame that holds the job (Anki runs without the cyclic GC).
            error, self._error = self._error, None
            raise error
        return self._result
