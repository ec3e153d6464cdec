"""The request log that ``apiLogPath`` turns on (upstream's format, key redacted).

Each request and each reply (``multi`` sub-requests too) is written as
``[request]`` or ``[reply]`` followed by indented, key-sorted JSON and a blank
line. The file is truncated when logging starts, as upstream does. Writing
happens on the HTTP thread, after the request's hop, never on Anki's main
thread.
"""

from __future__ import annotations

import json
import threading
from typing import IO, Any, Iterable, Optional, Tuple

from .logs import get_logger
from .registry import ActionRegistry

log = get_logger(__name__)

REDACTED = "<redacted>"


class ApiLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._path: Optional[str] = None
        self._file: Optional[IO[str]] = None

    def write(self, path: Optional[str], entries: Iterable[Tuple[Any, Any]],
              registry: ActionRegistry) -> None:
        """Log (request, reply) pairs; registry says which requests hold requests (keys are redacted)."""
        with self._lock:
            if path != self._path:
                self._open(path)
            if self._file is None:
                return
            for request, reply in entries:
                self._dump("request", redact(request, registry))
                self._dump("reply", reply)
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._open(None)

    def _open(self, path: Optional[str]) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._path = path
        if path:
            try:
                self._file = open(path, "w", encoding="utf-8")
            except OSError as exc:
                log.error("cannot write the API log to %s: %s", path, exc)

    def _dump(self, kind: str, value: Any) -> None:
        assert self._file is not None
        self._file.write(f"[{kind}]\n")
        json.dump(value, self._file, indent=4, sort_keys=True, default=_pending_value)
        self._file.write("\n\n")


def redact(request: Any, registry: ActionRegistry) -> Any:
    """The request with its API keys (its own, and those of the requests it
    holds for an action that runs requests) replaced."""
    if not isinstance(request, dict):
        return request
    clean = dict(request)
    if "key" in clean:
        clean["key"] = REDACTED
    action = registry.find(clean.get("action"), clean.get("version", 4))
    runs = action.runs_requests if action is not None else None
    params = clean.get("params")
    if runs is not None and isinstance(params, dict) and isinstance(params.get(runs), list):
        clean["params"] = {**params, runs: [redact(sub, registry) for sub in params[runs]]}
    return clean


def _pending_value(value: Any) -> Any:
    reply = getattr(value, "reply", None)
    return reply if reply is not None else repr(value)
