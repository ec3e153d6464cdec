"""The add-on's settings: upstream AnkiConnect's flat keys plus a few of ours.

Settings are read through Anki's add-on config (``config.json`` defaults merged
with the user's edits). A :class:`Config` is an immutable snapshot; request
threads take the current one, which is re-read only when a config file
changes, so an edit made anywhere (Anki's config editor, another add-on, a
permission granted from a browser) applies to the next request without a
restart. Bind settings apply when the server restarts, which the add-on does
itself when they change.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, fields
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from . import config_schema
from .logs import get_logger

log = get_logger(__name__)

BIND_ADDRESS_ENV = "ANKICONNECT_BIND_ADDRESS"
CORS_ORIGIN_ENV = "ANKICONNECT_CORS_ORIGIN"


@dataclass(frozen=True)
class Config:
    """One consistent reading of the settings. Attribute names are the JSON keys."""

    # Note type edits that make the next sync a full one, which Anki asks the
    # user about; without this they are refused while the collection is in sync.
    allowSchemaChanges: bool = False
    apiKey: Optional[str] = None
    apiLogPath: Optional[str] = None
    apiVersion: int = 6
    apiQueueTimeout: int = 60000  # ms a request may wait for Anki's main thread
    blockedPlugins: Tuple[str, ...] = ()
    # Requests (getChanges with "wait", GET /changes streams) that may wait
    # for the collection to change at once; each holds one server thread.
    changeWaiters: int = 32
    ignoreOriginList: Tuple[str, ...] = ()
    # The MCP endpoint (/mcp): on or off, which actions it offers as tools
    # ("curated", "all" or a list of action names), and whether only those
    # that change nothing.
    mcpEnabled: bool = True
    mcpReadOnly: bool = False
    mcpTools: Any = "curated"
    # The headless server's sync (Anki's own sync settings are in its profile).
    syncEndpoint: Optional[str] = None  # a self-hosted sync server's URL; None: AnkiWeb
    syncPassword: Optional[str] = None
    syncUser: Optional[str] = None
    # Check params against the actions' JSON Schemas before they run (costs
    # time on every request, so off unless asked for; see core/validation.py).
    validateParams: bool = False
    webBacklog: int = 128
    webBindAddress: str = "127.0.0.1"
    webBindPort: int = 8765
    webCorsOrigin: Optional[str] = None  # deprecated single origin, appended to the list
    webCorsOriginList: Tuple[str, ...] = ("http://localhost",)
    webMaxRequestBytes: int = 256 * 1024 * 1024
    webPermissionTimeout: int = 120000  # ms the permission prompt waits for the user
    webThreads: int = 8
    webTimeout: int = 10000  # ms for storeMediaFile downloads

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> Config:
        """Build a Config, keeping the default for any key whose value config.schema.json refuses."""
        values: Dict[str, Any] = {}
        for f in fields(cls):
            if f.name in raw:
                default = getattr(_DEFAULT, f.name)
                wrong = config_schema.problem(f.name, raw[f.name])
                if wrong:
                    log.warning("the setting '%s' %s; using the default %s",
                                f.name, wrong, _json_text(default))
                else:
                    values[f.name] = _converted(raw[f.name], default)
        if environ.get(BIND_ADDRESS_ENV):
            values["webBindAddress"] = environ[BIND_ADDRESS_ENV]
        if "webCorsOrigin" not in values and environ.get(CORS_ORIGIN_ENV):
            values["webCorsOrigin"] = environ[CORS_ORIGIN_ENV]
        return cls(**values)

    @classmethod
    def problems(cls, raw: Mapping[str, Any], name: Callable[[str], str] = repr) -> List[str]:
        """What is wrong with raw settings: unknown keys, values config.schema.json refuses.

        :param name: how the text names a setting (a flag, an environment variable); its key quoted
            by default: ``'webBindPort' must be an integer from 0 to 65535, not 99999``.
        """
        known = {f.name for f in fields(cls)}
        found = []
        for key, value in raw.items():
            if key not in known:
                found.append(f"{name(key)} is not a setting")
                continue
            wrong = config_schema.problem(key, value)
            if wrong:
                found.append(f"{name(key)} {wrong}")
        return found

    @property
    def cors_origins(self) -> Tuple[str, ...]:
        if self.webCorsOrigin:
            return self.webCorsOriginList + (self.webCorsOrigin,)
        return self.webCorsOriginList

    @property
    def bind(self) -> Tuple[str, int, int, int, int, int]:
        """Everything that needs a server restart to take effect."""
        return (self.webBindAddress, self.webBindPort, self.webBacklog,
                self.webMaxRequestBytes, self.webThreads, self.changeWaiters)


_DEFAULT = Config()


def _json_text(value: Any) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value)


def _converted(value: Any, default: Any) -> Any:
    """A value the schema accepted, as the setting's Python type."""
    if isinstance(value, list):
        return tuple(value)  # a Config is immutable: its lists are tuples
    if isinstance(value, float) and isinstance(default, int) and not isinstance(default, bool):
        return int(value)  # 8765.0 is an integer to JSON Schema
    return value


class ConfigSource:
    """Hands out the current Config, re-reading it only when its files change.

    The files are looked at no more than every ``recheck`` seconds, so a burst
    of requests costs no file system calls; the add-on's own config changes
    call invalidate() and apply at once.

    :param read: returns the merged raw config (Anki's ``getConfig``).
    :param files: the files whose changes mean the config must be re-read
        (none: re-read every time).
    :param environ: the environment variables that override the read settings.
    """

    def __init__(self, read: Callable[[], Optional[Mapping[str, Any]]], files: Tuple[str, ...] = (),
                 recheck: float = 0.1, environ: Mapping[str, str] = os.environ):
        self._read = read
        self._environ = environ
        self._files = files
        self._recheck = recheck
        self._lock = threading.Lock()
        self._stamp: Any = None
        self._checked = 0.0
        self._current = _DEFAULT

    def current(self) -> Config:
        now = time.monotonic()
        if self._stamp is not None and now - self._checked < self._recheck:
            return self._current
        self._checked = now
        stamp = self._stamp_now()
        if stamp is not None and stamp == self._stamp:
            return self._current
        with self._lock:
            if stamp is None or stamp != self._stamp:
                self._current = Config.from_mapping(self._read() or {}, self._environ)
                self._stamp = stamp
            return self._current

    def invalidate(self) -> None:
        with self._lock:
            self._stamp = None

    def _stamp_now(self) -> Any:
        files = self._files
        if not files:
            return None  # nothing to watch: always re-read
        stamp = []
        for path in files:
            try:
                st = os.stat(path)
                stamp.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamp.append(None)
        return tuple(stamp)


class FixedConfig:
    """A config source that never changes, for tests and tools."""

    def __init__(self, **values: Any):
        self._config = Config.from_mapping(values, environ={})

    def current(self) -> Config:
        return self._config

    def invalidate(self) -> None:
        pass
