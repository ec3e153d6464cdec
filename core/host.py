"""The ``host`` an action may ask for: the server as seen from inside a request.

Most actions only need ``col`` (or ``mw``). Actions about the API itself
(``multi``, ``apiReflect``, ``requestPermission``, ``version``) declare a
keyword-only ``host`` parameter and get one of these.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Callable, List

if TYPE_CHECKING:
    from .config import Config
    from .protocol import Deferred, RequestRun
    from .registry import ActionRegistry


class Host:
    def __init__(self, run: RequestRun):
        self._run = run

    @property
    def config(self) -> Config:
        """The settings this request is handled with."""
        return self._run.config

    @property
    def registry(self) -> ActionRegistry:
        """Every action this request could call."""
        return self._run.registry

    @property
    def environment(self) -> Any:
        """The program the server runs in (see ``core.protocol.Environment``)."""
        return self._run.environment

    def download(self, url: Any) -> bytes:
        """The content at url, fetched within ``webTimeout``: already downloaded
        when the action's ``prefetch`` named it, else now (blocking).

        :raises ActionError: with the reason, when it cannot be had.
        """
        from .downloads import content_of, download

        prefetched = self._run.prefetched.get(url) if isinstance(url, str) else None
        if prefetched is not None:
            return content_of(prefetched)
        return download(url, self.config.webTimeout)

    def handle_all(self, requests: Any) -> List[Any]:
        """The replies to a list of request objects, each checked on its own."""
        return self._run.handle_nested(requests)

    def defer(self, future: Future, *, timeout: float, timeout_result: Any,
              convert: Callable[[Any], Any] = lambda result: result) -> Deferred:
        """A result to return now and fill in later, without blocking the main thread.

        The request's reply is ``convert(future.result())``, or
        ``timeout_result`` if the future is not done within ``timeout`` seconds
        (an error reply with its text if ``timeout_result`` is an exception).
        """
        from .protocol import Deferred

        return Deferred(future, timeout, timeout_result, convert)
