"""Helpers for the change feed's tests: a client reading the feed, and a reader of its event stream.

The feed lists again what changed in its cursor's own second (items record
their changes to the second only; docs/changes.md). So that a test sees
exactly its own changes, a reader starts from a cursor whose second holds
no earlier change: if the collection's last change touched items, it waits
for the next second and moves the collection's modification time with a
change that touches none (a config value).
"""

from __future__ import annotations

import http.client
import json
import time
from typing import Any, Dict, List, Optional

KINDS = {"notes": ("notes", "mod"), "cards": ("cards", "mod"), "decks": ("decks", "mtime_secs"),
         "models": ("notetypes", "mtime_secs")}
TICK = "ankiconnectTestTick"  # a config key the readers change to start in a quiet second


def nothing(**lists: Any) -> Dict[str, Any]:
    """A reply's lists, empty but for those given (``notes={"changed": [1]}``...)."""
    reply: Dict[str, Any] = {kind: {"changed": [], "deleted": []} for kind in KINDS}
    reply["media"] = {"added": [], "deleted": []}
    reply["reviews"] = 0
    for kind, value in lists.items():
        reply[kind] = {**reply[kind], **value} if isinstance(value, dict) else value
    return reply


def lists_of(reply: Dict[str, Any]) -> Dict[str, Any]:
    """A reply without its cursor and flags, ids sorted (as nothing() builds them)."""
    lists = {kind: {part: sorted(ids) for part, ids in reply[kind].items()} for kind in (*KINDS, "media")}
    lists["reviews"] = reply["reviews"]
    return lists


def last_change_second(col: Any) -> int:
    mod = col.db.scalar("select mod from col")
    return mod // 1000 if mod else int(time.time())


def echo(col: Any) -> List[int]:
    """What the feed would list again: items changed in the second of the
    collection's last change."""
    second = last_change_second(col)
    return [i for table, column in KINDS.values()
            for i in col.db.list(f"select id from {table} where {column} >= ?", second)]


def quiet_second(col: Any) -> None:
    """Make the collection's last change one in a second of its own that touched no item."""
    if not echo(col):
        return
    second = last_change_second(col)
    while int(time.time()) <= second:
        time.sleep(0.02)
    col.set_config(TICK, time.time())


class FeedReader:
    """A client of getChanges that keeps its cursor."""

    def __init__(self, client: Any, col: Any):
        self.client = client
        self.col = col
        self.cursor = ""
        self.start()

    def start(self) -> None:
        """Start from the present, in a quiet second."""
        quiet_second(self.col)
        self.cursor = self.client.result("getChanges")["cursor"]

    def read(self, **params: Any) -> Dict[str, Any]:
        """The lists of what changed since the last read (and move on)."""
        reply = self.reply(**params)
        assert (reply["reset"], reply["more"]) == (False, False), reply
        return lists_of(reply)

    def reply(self, **params: Any) -> Dict[str, Any]:
        """The whole reply since the last read (and move on)."""
        reply = self.client.result("getChanges", since=self.cursor, **params)
        self.cursor = reply["cursor"]
        return reply


class EventStreamReader:
    """``GET /changes`` (or another stream) read event by event, as a browser's EventSource would."""

    def __init__(self, port: int, path: str = "/changes", headers: Optional[Dict[str, str]] = None,
                 timeout: float = 30):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.connection.request("GET", path, headers=headers or {})
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.headers = {k.lower(): v for k, v in self.response.getheaders()}

    def body(self) -> bytes:
        return self.response.read()

    def next(self) -> Dict[str, Any]:
        """The next event (``{"event": ..., "id": ..., "data": ...}``) or comment (``{"comment": ...}``)."""
        fields: Dict[str, Any] = {}
        while True:
            line = self.response.readline()
            if not line:
                raise EOFError("the stream ended")
            line = line.decode("utf-8").rstrip("\n")
            if not line:
                if fields:
                    return fields
                continue
            if line.startswith(":"):
                return {"comment": line[1:].strip()}
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            fields[name] = json.loads(value) if name == "data" else value

    def close(self) -> None:
        self.response.close()  # the socket closes only once the response lets go of it too
        self.connection.close()
