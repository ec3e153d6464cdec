"""The ``sync`` action inside Anki: in the background, the way Anki's Sync button does it.

The network sync runs on Anki's collection thread (``mw.taskman``) behind Anki's
progress window (which can cancel it), never on the main thread. The backend keeps the collection
locked while it syncs, so requests that arrive meanwhile are held back on their
HTTP threads (``hold_requests``) instead of freezing Anki's main thread, and run
when the sync is done. A full sync needs the user's choice (upload or download),
so it is refused with upstream's error rather than asked about.
"""

from __future__ import annotations

from concurrent.futures import Future
from functools import partial
from typing import Any, Optional, Protocol

from aqt import gui_hooks
from aqt.qt import QTimer

from ..actions import ActionError
from ..syncing import (
    AUTH_NOT_CONFIGURED,
    FULL_DOWNLOAD,
    FULL_SYNC,
    FULL_UPLOAD,
    full_sync_required,
    full_sync_status,
    sync_error,
)

CANCELLED = "sync was cancelled in Anki"
UNEXPECTED = "the sync ended in an unexpected error; Anki shows it"
PROGRESS_POLL_MS = 150  # as Anki's own sync: label updates and the cancel button


FULL_SYNC_IN_ANKI = "a full sync's direction is chosen in Anki: click Sync in Anki's window"
# What the user does, after core/syncing.py's words on what happened: Anki's own
# Sync button offers the one direction that fits, or asks which side to keep.
IN_ANKI_HOW = {
    FULL_SYNC: ": click Sync in Anki's window, which asks which one to keep",
    FULL_DOWNLOAD: ": click Sync in Anki's window to download it",
    FULL_UPLOAD: ": click Sync in Anki's window to upload it",
}


class Requests(Protocol):
    def hold_requests(self) -> None: ...

    def release_requests(self) -> None: ...


def start_sync(mw: Any, col: Any, full_sync: Optional[str], requests: Requests) -> Future[None]:
    """Start a normal sync (and the media sync); the Future ends with it.

    Call on the main thread. Requests are held back until the sync ends.
    """
    if full_sync is not None:
        raise ActionError(FULL_SYNC_IN_ANKI)
    auth = mw.pm.sync_auth()
    if not auth:
        raise ActionError(AUTH_NOT_CONFIGURED)
    done: Future[None] = Future()
    done.set_running_or_notify_cancel()
    gui_hooks.sync_will_start()
    requests.hold_requests()
    window = mw.progress.start(label=_checking_label())  # None if another progress window is up
    timer = _progress_timer(mw, col, window)
    try:
        mw.taskman.run_in_background(
            partial(col.sync_collection, auth, mw.pm.media_syncing_enabled()),
            partial(_finished, mw, requests, timer, done, auth.endpoint or None),
        )
    except BaseException:
        timer.stop()
        timer.deleteLater()
        mw.progress.finish()
        requests.release_requests()
        raise
    return done


def _finished(mw: Any, requests: Requests, timer: QTimer, done: Future[None], endpoint: Optional[str],
              outcome: Future) -> None:
    """On the main thread, when the collection sync has ended, however it ended.

    The client is answered and requests are let through whatever happens here;
    an error of Anki's while refreshing its windows still reaches Anki's handler.
    """
    error: Optional[str] = UNEXPECTED  # until the outcome is known
    try:
        timer.stop()
        timer.deleteLater()
        mw.progress.finish()
        if mw.col is not None:
            mw.col._load_scheduler()  # as Anki does: the scheduler version may have changed
        error = _record_outcome(mw, outcome, endpoint)
        if mw.col is not None:
            _refresh(mw)
    finally:
        requests.release_requests()
        if error is None:
            done.set_result(None)
        else:
            # A fresh exception: a caught one's traceback would tie frames to `done` in a
            # cycle, and Anki runs without the cyclic garbage collector.
            done.set_exception(ActionError(error))


def _record_outcome(mw: Any, outcome: Future, endpoint: Optional[str]) -> Optional[str]:
    """Keep what the server told Anki; the error text, or None if the sync is done.

    :param endpoint: the sync server's URL (None: AnkiWeb), named when it cannot be reached.
    """
    from anki.errors import Interrupted

    try:
        out = outcome.result()
    except Interrupted:
        return CANCELLED
    except Exception as exc:  # noqa: BLE001 - every sync error is the reply's error text
        return sync_error(exc, endpoint)
    mw.pm.set_host_number(out.host_number)
    if out.new_endpoint:
        mw.pm.set_current_sync_url(out.new_endpoint)
    if out.server_message:
        from aqt.utils import tooltip

        tooltip(out.server_message, parent=mw)
    status = full_sync_status(out)
    if status is not None:
        return full_sync_required(status) + IN_ANKI_HOW.get(status, "")
    mw.media_syncer.start_monitoring()  # the backend syncs media on; Anki shows its progress
    return None


def _refresh(mw: Any) -> None:
    # What Anki does after its own sync, failed or not.
    mw.col.models._clear_cache()
    gui_hooks.sync_did_finish()
    mw.reset()
    mw.toolbar.redraw()
    mw.flags.require_refresh()


def _progress_timer(mw: Any, col: Any, window: Any) -> QTimer:
    timer = QTimer(mw)
    timer.timeout.connect(partial(_show_progress, mw, col, window))
    timer.start(PROGRESS_POLL_MS)
    return timer


def _show_progress(mw: Any, col: Any, window: Any) -> None:
    """What Anki's own sync shows; cancelling only through this sync's own window.

    (Anki's ``want_cancel()`` asks whichever window is up, which may still be the
    cancelled window of the sync before.)
    """
    progress = col.latest_progress()
    if progress.HasField("normal_sync"):
        mw.progress.update(label=f"{progress.normal_sync.added}\n{progress.normal_sync.removed}",
                           process=False)
        mw.progress.set_title(progress.normal_sync.stage)
    if window is not None and window.wantCancel:
        col.abort_sync()


def _checking_label() -> str:
    from aqt.utils import tr

    return tr.sync_checking()
