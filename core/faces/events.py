"""``GET /<name>``: an action served as a stream of server-sent events (``text/event-stream``).

An action registered with ``event_stream="<name>"`` takes ``since`` (a
cursor, or null for "from now") and ``wait`` (seconds), and answers an
object holding the ``cursor`` to pass as ``since`` next time (the built-in
``getChanges`` is one: ``GET /changes``). The face calls it over and over
through the service, as a client would, and sends each answer that moved
the cursor on as one event::

    event: <name>
    id: <the answer's cursor>
    data: <the answer, as JSON>

A client resumes where it left off with the ``Last-Event-ID`` header (a
browser's ``EventSource`` sends it by itself when it reconnects) or
``?since=<cursor>``. Without either, the first event carries the present
cursor. A comment line every 15 seconds keeps proxies from closing a quiet
stream, and lets the server notice a client that left.

The rules are the API's: the Host header (checked before any face), a
trusted origin, and the API key, which may come as ``?key=`` (a browser's
``EventSource`` cannot set headers), in the ``X-Api-Key`` header or as
``Authorization: Bearer``. A stream holds one of the ``changeWaiters``
places for as long as it is open; it ends when the server stops.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import Any, Iterator, List, Optional
from urllib.parse import parse_qs

from ..actions import ActionError
from ..openapi import KEY_HEADER
from ..replies import error_reply
from ..security import key_matches
from ..service import Service
from .exchange import Exchange, StartResponse, encode_json, forbidden, respond

KEEP_ALIVE_SECONDS = 15
KEEP_ALIVE = b": keep-alive\n\n"
VERSION = 6  # the requests the face makes: replies as {"result": ..., "error": ...}


class EventStreamFace:
    def __init__(self, service: Service):
        self._service = service

    def serves(self, path: str) -> bool:
        """Whether path is an event stream's (``/<name>``) among the actions served now."""
        return path.startswith("/") and self._service.registry().event_stream(path[1:]) is not None

    def __call__(self, exchange: Exchange, start_response: StartResponse) -> Any:
        if not exchange.caller.trusted:
            return forbidden(start_response, exchange)
        config = exchange.config
        query = parse_qs(exchange.environ.get("QUERY_STRING", ""))
        key = _first(query, "key") or exchange.key_in_headers()
        if not key_matches(key, config.apiKey):
            return _error(start_response, exchange, "403 Forbidden",
                          f"valid api key must be provided (as ?key=, in the {KEY_HEADER} header or "
                          "as Authorization: Bearer)")
        name = exchange.environ.get("PATH_INFO", "")[1:]
        action = self._service.registry().event_stream(name)
        if action is None:  # its plugin went away since the route was chosen
            return _error(start_response, exchange, "404 Not Found", f"there is no event stream /{name}")
        held = ExitStack()
        try:
            slot = held.enter_context(self._service.wait_slot(config))
        except ActionError as exc:  # every place to wait in is taken
            return _error(start_response, exchange, "503 Service Unavailable", str(exc))
        stream = EventStream(self._service, exchange, name, held, slot)
        since = exchange.header("Last-Event-ID") or _first(query, "since") or None
        request = {"action": action.name, "version": VERSION, "key": key,
                   "params": {"since": since, "wait": 0}}
        try:
            reply = stream.ask(request)
        except BaseException:
            stream.close()
            raise
        if reply.get("error") is not None:
            stream.close()
            return _error(start_response, exchange, "400 Bad Request", reply["error"])
        start_response("200 OK", [("Content-Type", "text/event-stream; charset=utf-8"),
                                  ("Cache-Control", "no-cache"),
                                  ("X-Accel-Buffering", "no"),  # nginx: pass each event on at once
                                  *exchange.cors])
        stream.start(request, reply["result"], since)
        return stream


class EventStream:
    """The body of one stream: an iterable Waitress sends piece by piece as it
    comes (its send_bytes is 1), whose close() (WSGI calls it whatever
    happened, even when the client left before the first event) gives back
    the place to wait in."""

    def __init__(self, service: Service, exchange: Exchange, name: str, held: ExitStack, slot: Any):
        self._service = service
        self._exchange = exchange
        self._name = name
        self._held = held  # the place to wait in
        self._slot = slot
        self._interruptions = service.changes.interruptions
        self._request: dict = {}
        self._first: Any = None
        self._since: Optional[str] = None

    def ask(self, request: dict) -> dict:
        exchange = self._exchange
        reply = self._service.handle(request, exchange.caller, exchange.config, wait_slot=self._slot)
        return reply if isinstance(reply, dict) else error_reply("the stream's action answered no object")

    def start(self, request: dict, first: Any, since: Optional[str]) -> None:
        self._request, self._first, self._since = request, first, since

    def __iter__(self) -> Iterator[bytes]:
        cursor = _cursor_of(self._first)
        if cursor != self._since:  # the present cursor, or what came since the client's
            yield _event(self._name, cursor, self._first)
        params = self._request["params"]
        changes = self._service.changes
        while True:  # a client that left is found out when Waitress cannot write to it, and stops this
            params["since"], params["wait"] = cursor, KEEP_ALIVE_SECONDS
            reply = self.ask(self._request)
            if reply.get("error") is not None:
                return  # the collection closed...: the client reconnects and resumes
            answer = reply["result"]
            if _cursor_of(answer) != cursor:
                cursor = _cursor_of(answer)
                yield _event(self._name, cursor, answer)
            elif changes.interruptions == self._interruptions:
                yield KEEP_ALIVE
            if changes.interruptions != self._interruptions:
                return  # the server stops

    def close(self) -> None:
        self._held.close()  # once only: an ExitStack forgets what it closed


def _event(name: str, cursor: Optional[str], answer: Any) -> bytes:
    data = json.dumps(answer, separators=(",", ":"))  # one line: JSON escapes every line break
    return f"event: {name}\nid: {cursor or ''}\ndata: {data}\n\n".encode("utf-8")


def _cursor_of(answer: Any) -> Optional[str]:
    cursor = answer.get("cursor") if isinstance(answer, dict) else None
    return cursor if isinstance(cursor, str) else None


def _first(query: dict, name: str) -> Optional[str]:
    values = query.get(name)
    return values[0] if values else None


def _error(start_response: StartResponse, exchange: Exchange, status: str, message: str) -> List[bytes]:
    return respond(start_response, status, exchange.cors, encode_json(error_reply(message)),
                   content_type="application/json")
