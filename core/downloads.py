"""Downloading URLs for actions, bounded by ``webTimeout``, off Anki's main thread.

Actions such as ``storeMediaFile`` and ``addNote`` accept media by URL.
Downloading on Anki's main thread would freeze Anki, and every other
client's requests, for as long as the remote server takes. So an action
names the URLs it will need (``register(..., prefetch=...)``), the server
downloads them on the request's own HTTP thread before the request crosses
to the main thread, and the action picks the results up with
``host.download(url)``. A URL nobody named in advance is still downloaded
when asked for, on the spot.

Each download must finish within the timeout as a whole: ``requests``' own
timeout bounds each socket operation only, and a server sending a byte now
and then would otherwise hold on for ever. So every download runs on a
helper thread that is given up (it stops at its next read) when the time is
over.
"""

from __future__ import annotations

import threading
import time
import traceback
from typing import Any, Dict, Iterable, List, Optional, Union

from .actions import ActionError

# What a download came to: the content (bytes), or the error text to report (str).
# Text, not an exception object: a raised exception kept in a table would tie
# its traceback's frames into a reference cycle (Anki runs with the cyclic
# garbage collector mostly off).
Outcome = Union[bytes, str]


def download(url: Any, timeout_ms: int) -> bytes:
    """GET url now, within timeout_ms; raise ActionError saying what went wrong."""
    if not isinstance(url, str):
        raise ActionError("url must be a string")
    return content_of(prefetch([url], timeout_ms)[url])


def content_of(outcome: Outcome) -> bytes:
    """The downloaded bytes; ActionError with the download's error text."""
    if isinstance(outcome, str):
        raise ActionError(outcome)
    return outcome


def prefetch(urls: Iterable[str], timeout_ms: int) -> Dict[str, Outcome]:
    """Download every URL at the same time; all are done or given up within timeout_ms."""
    seconds = max(timeout_ms, 1) / 1000
    deadline = time.monotonic() + seconds
    running = {url: _Download(url, seconds) for url in dict.fromkeys(urls) if isinstance(url, str)}
    return {url: job.outcome(deadline) for url, job in running.items()}


class _Download:
    def __init__(self, url: str, seconds: float):
        self.url = url
        self.seconds = seconds
        self._result: List[Outcome] = []
        self._done = threading.Event()
        self._cancelled = threading.Event()
        threading.Thread(target=self._run, name="ankiconnect-download", daemon=True).start()

    def _run(self) -> None:
        try:
            self._result.append(_fetch(self.url, self.seconds, self._cancelled))
        except Exception as exc:  # reported as the download's error
            self._result.append(_download_error(self.url, self.seconds, exc))
            _clear_frames(exc)
        finally:
            self._done.set()

    def outcome(self, deadline: float) -> Outcome:
        if not self._done.wait(max(0.0, deadline - time.monotonic())):
            self._cancelled.set()
            return _timeout_text(self.url, self.seconds)
        return self._result[0]


def _fetch(url: str, seconds: float, cancelled: threading.Event) -> bytes:
    import requests
    from anki.buildinfo import version

    with requests.get(url, stream=True, timeout=seconds,
                      headers={"User-Agent": f"Anki {version}"}) as response:
        if response.status_code != 200:
            raise ActionError(f"{url} download failed with return code {response.status_code}")
        chunks = []
        for chunk in response.iter_content(64 * 1024):
            if cancelled.is_set():
                return b""
            chunks.append(chunk)
        return b"".join(chunks)


def _clear_frames(exc: Optional[BaseException]) -> None:
    """Let go of the local variables in exc's tracebacks (and its causes').

    A refused connection comes out of urllib3 as a chain of exceptions whose
    frames hold each other in reference cycles; Anki leaves cycles to a
    collector that runs rarely, so every failed download would pile up.
    """
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


def _timeout_text(url: str, seconds: float) -> str:
    return f"{url} download failed: no complete answer within {seconds:g} s (the webTimeout setting)"


def _download_error(url: str, seconds: float, exc: Exception) -> str:
    import requests

    if isinstance(exc, ActionError):
        return str(exc)
    if isinstance(exc, requests.Timeout):
        return _timeout_text(url, seconds)
    return f"{url} download failed: {_reason(exc)}"


def _reason(exc: Exception) -> str:
    # requests nests the socket error a few levels deep; its own text is long and noisy
    inner: Any = exc
    while inner.args and isinstance(inner.args[0], Exception):
        inner = inner.args[0]
    reason = getattr(inner, "reason", None)
    return str(reason or inner or type(exc).__name__)
