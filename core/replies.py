"""The shapes of a reply, and replies that are filled in after the hop.

The reply to a successful call is the bare result for version <= 4 and
``{"result": ..., "error": null}`` from version 5 on; an error is always
``{"result": null, "error": "..."}`` whatever the version (Yomitan sends
version 2 and looks for the ``error`` key).
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Callable, Dict


def success_reply(version: Any, result: Any) -> Any:
    return result if version <= 4 else {"result": result, "error": None}


def error_reply(message: str) -> Dict[str, Any]:
    return {"result": None, "error": message}


class Deferred:
    """A result an action cannot give yet, e.g. while the user answers a prompt.

    The action returns it instead of blocking the collection's thread; the
    request's HTTP thread waits for ``future`` after the hop, up to ``timeout``
    seconds, and then answers ``timeout_result`` (an error reply if that is
    an exception).
    """

    def __init__(self, future: Future, timeout: float, timeout_result: Any,
                 convert: Callable[[Any], Any] = lambda result: result):
        self.future = future
        self.timeout = timeout
        self.timeout_result = timeout_result
        self.convert = convert


class WaitForChange:
    """What an action returns to be run again once the collection changes
    (``host.wait_for_change``): nothing to answer yet.

    The request's HTTP thread sleeps after the hop until the change signal
    moves past ``generation`` (what the action saw) or the request's time
    to wait is over, then runs the request again: one more hop.
    """

    def __init__(self, seconds: float, generation: int, stamp: Any):
        self.seconds = seconds  # how long the request may wait, counted from its arrival
        self.generation = generation  # of the change signal, when the action looked
        self.stamp = stamp  # the collection's stamp then (core.change_signal.collection_stamp)


class PendingReply:
    """Stands in a reply for a Deferred result until it is resolved."""

    def __init__(self, deferred: Deferred, version: Any):
        self._deferred = deferred
        self._version = version
        self.reply: Any = None

    def wait(self) -> None:
        deferred = self._deferred
        try:
            result = deferred.convert(deferred.future.result(timeout=deferred.timeout))
        except FutureTimeout:
            result = deferred.timeout_result
            if isinstance(result, BaseException):
                self.reply = error_reply(str(result))
                return
        except Exception as exc:
            self.reply = error_reply(str(exc))
            return
        self.reply = success_reply(self._version, result)


def resolve_pending(reply: Any) -> Any:
    """The reply with every PendingReply in it (alone, or inside the replies
    of requests an action ran) replaced by what it came to."""
    if isinstance(reply, PendingReply):
        return reply.reply
    if isinstance(reply, list):
        return [resolve_pending(item) for item in reply]
    if isinstance(reply, dict):
        return {key: resolve_pending(value) for key, value in reply.items()}
    return reply
