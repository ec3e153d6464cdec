"""Waitress in a background thread: start, address, graceful stop.

Waitress reads each request completely before a worker thread sees it, so a
client that stalls or trickles its bytes holds no worker and blocks nobody;
the workers only wait for Anki's main thread.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable, Optional

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.server import create_server

from .line_ends import check_line_ends
from .logs import get_logger

log = get_logger(__name__)

# Each write of an event stream must leave at once. Waitress 3 sends every
# write (send_bytes is 1, and setting it is deprecated); older ones kept
# writes under 18,000 bytes until the response ended.
_SEND_AT_ONCE = {"send_bytes": 1} if getattr(Adjustments, "send_bytes", 1) > 1 else {}


# The log line of a server that started (the headless command line prints its own instead).
LISTENING = "AnkiConnect listening on %s"


class ServerStartError(Exception):
    """The server could not listen; the message is meant for the user."""


class ApiServer:
    def __init__(
        self,
        app: Callable,
        address: str,
        port: int,
        *,
        threads: int = 8,
        backlog: int = 128,
        max_request_bytes: int = 256 * 1024 * 1024,
    ):
        # Waitress warns "Task queue depth is N" whenever requests wait for a
        # worker. Here that is normal: every request takes its turn on Anki's
        # main thread, so busy clients always queue a little.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        try:
            self._server: Any = create_server(
                app,
                host=address,
                port=port,
                threads=threads,
                backlog=backlog,
                max_request_body_size=max_request_bytes,
                ident="",  # upstream sends no Server header
                # No reading ahead of a connection while its request runs: it costs
                # every request about 5%. A client that left an event stream is
                # noticed when a write to it fails (a keep-alive comment at the latest).
                channel_request_lookahead=0,
                **_SEND_AT_ONCE,
                clear_untrusted_proxy_headers=False,  # no proxy headers are read; skip the middleware
            )
        except OSError as exc:
            raise ServerStartError(
                f"AnkiConnect could not listen on {address}:{port}: {exc.strerror or exc}."
            ) from exc
        if not check_line_ends([self._server, *self._socket_map.values()]):
            log.warning("this Waitress cannot be told to refuse bare line ends at once; "
                        "such requests wait for its channel timeout")
        self._thread = threading.Thread(target=self._serve, name="ankiconnect-server", daemon=True)
        self._stopping = False

    @property
    def address(self) -> str:
        """The address it listens on (the bind address)."""
        return self._server.effective_host

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        address = f"[{self.address}]" if ":" in self.address else self.address
        return f"http://{address}:{self.port}"

    def start(self) -> None:
        self._thread.start()
        log.info(LISTENING, self.url)

    def close_unstarted(self) -> None:
        """Let go of the port of a server that never started."""
        wasyncore.close_all(self._socket_map)

    def _serve(self) -> None:
        try:
            self._server.run()
        except Exception:
            log.exception("the server stopped unexpectedly")

    def stop(self, drain_seconds: float = 10.0) -> None:
        """Stop listening now; let requests in flight finish in the background.

        Returns as soon as the port is free. Does not wait for the workers:
        they may be waiting for the very thread that calls this. A second
        call does nothing: the first one's stop is under way.
        """
        if self._stopping:
            return
        self._stopping = True
        closed = threading.Event()

        def close_listeners() -> None:
            for channel in list(self._socket_map.values()):
                if getattr(channel, "accepting", False):
                    # dispatcher.close, not the server's own close(): that one
                    # also closes the trigger we still need to finish.
                    wasyncore.dispatcher.close(channel)
            closed.set()

        self._in_loop(close_listeners)
        if not closed.wait(2.0):
            log.warning("the server did not release its port within 2 s")
        threading.Thread(target=self._drain_and_close, args=(drain_seconds,),
                         name="ankiconnect-server-stop", daemon=True).start()

    def _drain_and_close(self, drain_seconds: float) -> None:
        dispatcher = self._server.task_dispatcher
        deadline = time.monotonic() + drain_seconds
        # Requests already read are answered (once the collection is closed, with
        # an error, at once) rather than dropped: workers stop only between tasks.
        while dispatcher.queue and time.monotonic() < deadline:
            time.sleep(0.01)
        dispatcher.shutdown(cancel_pending=True, timeout=max(0.0, deadline - time.monotonic()))
        deadline = time.monotonic() + 2.0
        while self._unsent_output() and time.monotonic() < deadline:
            time.sleep(0.01)
        self._in_loop(lambda: wasyncore.close_all(self._socket_map))
        self._thread.join(2.0)

    def _unsent_output(self) -> bool:
        return any(getattr(ch, "total_outbufs_len", 0) for ch in list(self._socket_map.values()))

    @property
    def _socket_map(self) -> dict:
        # TcpWSGIServer keeps it in _map; the multi-socket server (v4 + v6) in map.
        return getattr(self._server, "map", None) or self._server._map

    def _in_loop(self, thunk: Callable[[], None]) -> None:
        """Run thunk on the server's own thread (asyncore is not thread-safe)."""
        trigger = getattr(self._server, "trigger", None)
        if trigger is None:  # multi-socket server: every sub-server has a trigger
            trigger = next(s.trigger for s in self._socket_map.values() if hasattr(s, "trigger"))
        if self._thread.is_alive():
            try:
                trigger.pull_trigger(thunk)
                return
            except OSError:  # the loop closed its trigger as it ended: nobody else runs it now
                pass
        thunk()

    def wait_stopped(self, timeout: Optional[float] = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()
