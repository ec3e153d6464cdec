"""Helpers for the note and media tests: notes made directly in the collection,
note objects as clients send them, and local HTTP servers for downloads."""

from __future__ import annotations

import http.server
import threading
import time
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Optional


def add_note(col: Any, front: str, back: str = "", *, model: str = "Basic", deck: str = "Default",
             tags: tuple = ()) -> int:
    """A note added straight to the collection (not through the API); its id."""
    note = col.new_note(col.models.by_name(model))
    note.fields[0] = front
    if len(note.fields) > 1:
        note.fields[1] = back
    note.tags = list(tags)
    col.add_note(note, col.decks.id(deck))
    return note.id


def note_object(front: str, back: str = "", *, deck: str = "Default", model: str = "Basic",
                **extra: Any) -> Dict[str, Any]:
    """A note object as clients send it."""
    fields = {"Front": front}
    if back:
        fields["Back"] = back
    return {"deckName": deck, "modelName": model, "fields": fields, **extra}


class AnyId:
    """Equal to any positive int: stands in documented ids that cannot be known in advance."""

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, int) and not isinstance(other, bool) and other > 0

    def __repr__(self) -> str:
        return "<any id>"


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: Dict[str, tuple] = {}
    requested: List[str] = []

    def do_GET(self) -> None:
        self.requested.append(self.path)
        status, body, delay, *trickle = self.routes.get(self.path, (404, b"not found", 0))
        if callable(delay):
            delay()  # e.g. a gate's wait(): answer when the test says so
        elif delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if trickle:  # one byte at a time, each after trickle[0] seconds
                for byte in body:
                    time.sleep(trickle[0])
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            else:
                self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout tests)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def file_server(routes: Dict[str, tuple], requested: Optional[List[str]] = None) -> Iterator[str]:
    """A local HTTP server on a free port; routes map a path to (status, body, delay
    [, seconds between bytes]), the delay being seconds or a function that blocks until the
    answer may go (if it raises, the connection closes unanswered). The path of every request
    is appended to ``requested``.

    Yields the base URL, e.g. ``http://127.0.0.1:43121``.
    """
    handler = type("Handler", (_Handler,), {"routes": routes,
                                            "requested": [] if requested is None else requested})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def note_fields(col: Any, nid: int) -> Dict[str, str]:
    note = col.get_note(nid)
    return dict(note.items())


def undo_label(col: Any) -> Optional[str]:
    """The name Anki's Edit > Undo shows now."""
    return col.undo_status().undo or None


def remembered_deck(col: Any, model_name: str) -> Optional[int]:
    """The deck Anki's Add window proposes for this note type ("change deck
    depending on note type" must be on: see the ``deck_follows_note_type`` fixture in
    tests/actions/conftest.py)."""
    return col.default_deck_for_notetype(col.models.id_for_name(model_name))
