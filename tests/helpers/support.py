"""Test helpers: an HTTP client for the real server, and a Qt-aware wait.

Anki runs inside the test process, on its main thread, which is also the
test's thread. So a request is sent from a helper thread while the test's
thread keeps Qt's event loop turning; the request's completion stops the loop.
"""

from __future__ import annotations

import copy
import http.client
import json
import socket
import threading
import time
import types
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Union

ROOT = Path(__file__).resolve().parents[2]  # the checkout: the add-on's folder
ADDON_FOLDER = "4242424242"  # numeric, like an AnkiWeb install: proves imports are relative


@dataclass
class Response:
    status: int
    headers: Dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def post_inline() -> Callable[[Callable[[], None]], None]:
    """A runtime's ``post`` without a Qt loop: posted work runs at once, on the
    posting thread, one piece at a time (the guarantee actions are written for)."""
    lock = threading.Lock()

    def post(work: Callable[[], None]) -> None:
        with lock:
            work()

    return post


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_request(port: int, body: Union[bytes, str, dict, None] = None, *, method: str = "POST",
                 headers: Optional[Dict[str, str]] = None, host: str = "127.0.0.1",
                 timeout: float = 30, path: str = "/") -> Response:
    """One HTTP request on a new connection; returns what the server sent."""
    if isinstance(body, dict):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode("utf-8")
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        reply = connection.getresponse()
        return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read())
    finally:
        connection.close()


class QtWaiter:
    """Runs blocking work on a helper thread while Qt's event loop turns."""

    def __init__(self, mw: Any):
        self._mw = mw
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="test-client")

    def submit(self, work: Callable[[], Any]) -> Any:
        """Start work on a helper thread; returns its Future (pair with wait_until)."""
        return self._pool.submit(work)

    def run(self, work: Callable[[], Any], timeout: float = 60) -> Any:
        from aqt.qt import QEventLoop, QTimer

        loop = QEventLoop()
        future = self._pool.submit(work)
        future.add_done_callback(lambda _: self._mw.taskman.run_on_main(loop.quit))
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        if not future.done():
            loop.exec()
        return future.result(timeout=0.1)

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 30) -> None:
        """Turn the event loop until predicate() is true (Qt-side conditions)."""
        from aqt.qt import QApplication, QEventLoop

        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout} s")
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)

    def pump(self, seconds: float) -> None:
        """Turn the event loop for a while (to let other threads' work arrive)."""
        deadline = time.monotonic() + seconds
        self.wait_until(lambda: time.monotonic() > deadline, timeout=seconds + 5)

    def close(self) -> None:
        self._pool.shutdown(wait=False)


class ApiClient:
    """Talks to the add-on's real server over HTTP, as clients do.

    :param check: checks each request and its reply against the actions'
        schemas (tests/helpers/schema_check.py); a mismatch fails the test.
    :param lenient: the test sends off-contract params on purpose: only
        replies are checked.
    """

    def __init__(self, port: int, waiter: QtWaiter, check: Any = None, lenient: bool = False):
        self.port = port
        self._waiter = waiter
        self._check = check
        self._lenient = lenient
        self.unreported: List[str] = []  # mismatches of requests sent with start()

    def post(self, body: Union[bytes, str, dict, None] = None, **kwargs: Any) -> Response:
        response = self._waiter.run(lambda: http_request(self.port, body, **kwargs))
        mismatches = self._mismatches(body, response)
        assert not mismatches, "\n".join(mismatches)
        return response

    def start(self, body: Union[bytes, str, dict, None] = None, **kwargs: Any) -> Any:
        """Send without waiting; returns a Future of the Response. Turn Qt's
        event loop (``anki.waiter.wait_until(future.done)``) until it is done."""
        def send() -> Response:
            response = http_request(self.port, body, **kwargs)
            self.unreported += self._mismatches(body, response)
            return response

        return self._waiter.submit(send)

    def _mismatches(self, body: Union[bytes, str, dict, None], response: Response) -> List[str]:
        if self._check is None or body is None or response.status != 200:
            return []
        try:
            request = json.loads(body) if isinstance(body, (bytes, str)) else body
            reply = response.json()
        except (ValueError, RecursionError):
            return []  # not an exchange of JSON a schema could say anything about
        return self._check.mismatches(request, reply, lenient=self._lenient)

    def send(self, request: dict, **kwargs: Any) -> Any:
        """POST a request object; return the parsed reply (asserting HTTP 200)."""
        response = self.post(request, **kwargs)
        assert response.status == 200, response
        return response.json()

    def call(self, action: str, version: int = 6, **params: Any) -> Any:
        """The reply to one action, as a version-6 client sends it."""
        request: Dict[str, Any] = {"action": action, "version": version}
        if params:
            request["params"] = params
        return self.send(request)

    def result(self, action: str, **params: Any) -> Any:
        """The result of an action that must succeed (strict two-key envelope)."""
        reply = self.call(action, **params)
        assert set(reply) == {"result", "error"}, reply
        assert reply["error"] is None, reply["error"]
        return reply["result"]

    def in_thread(self, work: Callable[[], Any], timeout: float = 60) -> Any:
        return self._waiter.run(work, timeout)


@dataclass
class CollectionBaseline:
    """What a fresh profile's collection holds, to return to after each test."""

    deck_names: Dict[int, str]  # id -> full name
    config_ids: frozenset
    notetypes: Dict[int, dict]  # id -> the stock note type as it was
    configs: Dict[int, dict]  # id -> the options group (preset) as it was
    fsrs: bool  # FSRS on (a collection-wide switch of Anki's deck options)

    @classmethod
    def of(cls, col: Any) -> CollectionBaseline:
        return cls(
            deck_names={d.id: d.name for d in col.decks.all_names_and_ids()},
            config_ids=frozenset(c["id"] for c in col.decks.all_config()),
            # copies: Anki hands out its cached dicts, which tests then edit in place
            notetypes={m.id: copy.deepcopy(col.models.get(m.id)) for m in col.models.all_names_and_ids()},
            configs={c["id"]: copy.deepcopy(c) for c in col.decks.all_config()},
            fsrs=bool(col.get_config("fsrs", False)),
        )

    def restore(self, col: Any) -> None:
        """Remove what tests added; put back stock note types and deck names they changed."""
        col.remove_notes(col.find_notes(""))
        extra_decks = [d.id for d in col.decks.all_names_and_ids() if d.id not in self.deck_names]
        if extra_decks:
            col.decks.remove(extra_decks)
        for deck in col.decks.all_names_and_ids():
            if deck.name != self.deck_names[deck.id]:  # renamed (renameDeck): the name is free again now
                col.decks.rename(deck.id, self.deck_names[deck.id])
        for conf in col.decks.all_config():
            if conf["id"] not in self.config_ids:
                col.decks.remove_config(conf["id"])
            elif _content(conf) != _content(self.configs[conf["id"]]):
                col.decks.update_config(copy.deepcopy(self.configs[conf["id"]]))
        if bool(col.get_config("fsrs", False)) != self.fsrs:
            col.set_config("fsrs", self.fsrs)
        for entry in col.models.all_names_and_ids():
            if entry.id not in self.notetypes:
                col.models.remove(entry.id)
        for notetype_id, stock in self.notetypes.items():
            current = col.models.get(notetype_id)
            if current is None:
                col.models.add_dict(copy.deepcopy(stock))
            elif _content(current) != _content(stock):  # not by mod: a change within the same second keeps it
                col.models.update_dict(copy.deepcopy(stock))
        col.decks.select(1)
        col.tags.clear_unused_tags()
        col.db.execute("delete from revlog")
        media = Path(col.media.dir())
        for path in media.iterdir():
            if path.is_file():
                path.unlink()


def _content(stored: dict) -> dict:
    """A note type or options group without what every save changes (its time and sync number)."""
    return {key: value for key, value in stored.items() if key not in ("mod", "usn")}


def wait_for_refresh(mw: Any, timeout: float = 5) -> None:
    """Turn Qt's loop until the refresh the add-on schedules after changes has run."""
    from aqt.qt import QApplication, QEventLoop

    refresher = mw.ankiconnect._runtime.refresher
    deadline = time.monotonic() + timeout
    while refresher.pending:
        if time.monotonic() > deadline:
            raise TimeoutError("the refresh did not run")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)


def wait_for_background_operations(mw: Any, timeout: float = 10) -> None:
    """Turn Qt's loop until Anki's operations on the collection that were started
    (a deck list being redrawn, say) have run, their results included."""
    from aqt.qt import QApplication, QEventLoop

    # Anki runs them one at a time, in order: a no-op queued now ends after them.
    done = mw.taskman._collection_executor.submit(lambda: None)
    deadline = time.monotonic() + timeout
    while not done.done():
        if time.monotonic() > deadline:
            raise TimeoutError("Anki's background operations did not end")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


@contextmanager
def runtime_plugin(anki: Any, name: str, *actions: Callable[..., Any]) -> Iterator[None]:
    """A plugin serving these functions as actions, registered in Anki at runtime
    (as another add-on registers one) for the with block."""
    plugin = types.ModuleType(name)

    @anki.mw.ankiconnect.hookimpl
    def register_actions(register: Callable[..., None]) -> None:
        for action in actions:
            register(action)

    plugin.register_actions = register_actions  # type: ignore[attr-defined]
    anki.mw.ankiconnect.register_plugin(plugin, name=name)
    try:
        yield
    finally:
        anki.mw.ankiconnect.unregister_plugin(name)
