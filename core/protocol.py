"""The AnkiConnect request protocol: from one request object to its reply.

A request is ``{"action": str, "version": int = 4, "params": {} , "key": ...}``.
The reply to a successful call is the bare result for version <= 4 and
``{"result": ..., "error": null}`` from version 5 on; an error is always
``{"result": null, "error": "..."}`` whatever the version (Yomitan sends
version 2 and looks for the ``error`` key).

Everything here runs on the thread that owns the collection, inside the one
hop a request makes to it; ``multi`` runs its sub-requests in that same hop.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from typing import Any, Callable, Dict, Iterator, List, Optional, Protocol, Tuple

from .actions import Action, ActionError, json_type
from .changes import Changes
from .config import Config
from .downloads import Outcome, prefetch
from .host import Host
from .logs import get_logger
from .registry import ActionRegistry
from .security import key_matches

log = get_logger(__name__)

DEFAULT_VERSION = 4
MAX_MULTI_DEPTH = 8


def success_reply(version: Any, result: Any) -> Any:
    return result if version <= 4 else {"result": result, "error": None}


def error_reply(message: str) -> Dict[str, Any]:
    return {"result": None, "error": message}


class Deferred:
    """A result an action cannot give yet, e.g. while the user answers a prompt.

    The action returns it instead of blocking the main thread; the request's
    HTTP thread waits for ``future`` after the hop, up to ``timeout`` seconds,
    and then answers ``timeout_result`` (an error reply if that is an exception).
    """

    def __init__(self, future: Future, timeout: float, timeout_result: Any,
                 convert: Callable[[Any], Any] = lambda result: result):
        self.future = future
        self.timeout = timeout
        self.timeout_result = timeout_result
        self.convert = convert


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


class Environment(Protocol):
    """What the protocol needs from the program it runs in (Anki, or a test)."""

    def registry(self) -> ActionRegistry: ...

    def config(self) -> Config: ...

    def injected(self, name: str) -> Any:
        """The value of an injectable parameter (``col``, ``mw``); raises
        ActionError when it is not available."""

    def require_gui(self) -> None:
        """Raise ActionError when Anki's main window is not available."""

    def ask_permission(self, origin: str) -> Future:
        """Ask the user whether origin may use the API; the Future gives a bool."""

    def plugin_report(self) -> List[Dict[str, Any]]:
        """The loaded plugins and the ones that failed, for ``apiReflect``."""

    def refresh(self, changes: Any) -> None:
        """Tell the user interface what a request changed (an OpChanges)."""

    def save_typing(self) -> Optional[Future]:
        """Have open editors pass on the user's latest typing before a change.

        None when there is nothing to wait for; otherwise a Future that is
        done once they have, and the request is then run again.
        """


class Dispatcher:
    """Finds and calls actions for request objects."""

    def __init__(self, environment: Environment):
        self.environment = environment

    def prefetch(self, request: Any, config: Config) -> Dict[str, Outcome]:
        """Download what the request's actions will fetch (on the HTTP thread,
        before the hop); see ``core.downloads``."""
        urls: List[str] = []
        for action, params in calls_in(self.environment.registry(), request, config.apiKey):
            if action.prefetch is not None:
                try:
                    urls.extend(url for url in action.prefetch(params) if isinstance(url, str))
                except Exception:  # bad params: the action itself will say what is wrong
                    log.debug("prefetch of %s failed", action.name, exc_info=True)
        return prefetch(urls, config.webTimeout) if urls else {}

    def run(self, request: Any, *, permission: Optional[Dict[str, Any]] = None,
            config: Optional[Config] = None, typing_saved: bool = False,
            prefetched: Optional[Dict[str, Outcome]] = None) -> RequestRun:
        """Handle one top-level request (on the collection's thread).

        A request that changes the collection while an editor may hold the
        user's unsaved typing is not run: the returned run's ``waiting_for``
        says when to call again, with ``typing_saved``.

        :param config: the settings to handle it with (default: the current ones).
        """
        run = RequestRun(self.environment, config, prefetched)
        if not typing_saved and run.changes_something(request):
            run.waiting_for = self.environment.save_typing()
            if run.waiting_for is not None:
                return run
        run.reply = run.handle(request, permission=permission)
        if run.changes is not None:
            merged = run.changes.merged()
            if merged is not None:
                self.environment.refresh(merged)
        return run


class RequestRun:
    """The handling of one top-level request and all its ``multi`` sub-requests."""

    def __init__(self, environment: Environment, config: Optional[Config] = None,
                 prefetched: Optional[Dict[str, Outcome]] = None):
        self.environment = environment
        self.config = config or environment.config()
        self.registry = environment.registry()
        self.reply: Any = None
        self.pending: List[PendingReply] = []
        self.log_entries: List[tuple] = []
        self.changes: Optional[Changes] = None  # made on first use
        self.waiting_for: Optional[Future] = None  # see Dispatcher.run
        self.prefetched: Dict[str, Outcome] = prefetched or {}  # see Dispatcher.prefetch
        self._depth = 0

    def changes_something(self, request: Any) -> bool:
        """Whether the request, or a ``multi`` inside it, calls an action that
        changes the collection."""
        calls = calls_in(self.registry, request, self.config.apiKey)
        return any("changes" in action.injected for action, _ in calls)

    def handle(self, request: Any, *, permission: Optional[Dict[str, Any]] = None) -> Any:
        """The reply to one request object; never raises."""
        try:
            reply = self._handle(request, permission)
        except Exception as exc:
            if not isinstance(exc, ActionError):
                log.debug("action failed", exc_info=True)
            reply = error_reply(str(exc))
        if self.config.apiLogPath:
            self.log_entries.append((request, reply))
        return reply

    def _handle(self, request: Any, permission: Optional[Dict[str, Any]]) -> Any:
        action, version, params = resolve(self.registry, request, self.config.apiKey)
        if permission is not None and request.get("action") == "requestPermission":
            params = {**params, **permission}  # the server's word, not the client's
        result = self.call(action, params)
        if isinstance(result, Deferred):
            pending = PendingReply(result, version)
            self.pending.append(pending)
            return pending
        return success_reply(version, result)

    def call(self, action: Action, params: Dict[str, Any]) -> Any:
        action.check_params(params)
        if action.gui:
            self.environment.require_gui()
        if not action.injected:
            return action.function(**params)
        injected = {name: self._injected(name) for name in action.injected}
        return action.function(**params, **injected)

    def _injected(self, name: str) -> Any:
        if name == "host":
            return Host(self)
        if name == "changes":
            if self.changes is None:
                # partial, not a lambda over self: no reference cycle (Anki runs without cyclic GC)
                self.changes = Changes(partial(self.environment.injected, "col"))
            return self.changes
        return self.environment.injected(name)

    def handle_nested(self, requests: Any) -> List[Any]:
        """Run the sub-requests of a ``multi``; each error stays in its own reply."""
        if not isinstance(requests, list):
            raise ActionError(f"actions must be a list of requests, not {json_type(requests)}")
        if self._depth >= MAX_MULTI_DEPTH:
            raise ActionError(f"multi is nested more than {MAX_MULTI_DEPTH} levels deep")
        self._depth += 1
        try:
            return [self.handle(request) for request in requests]
        finally:
            self._depth -= 1

    def finish(self) -> None:
        """Wait for deferred results (on the HTTP thread, after the hop)."""
        for pending in self.pending:
            pending.wait()


def resolve(registry: ActionRegistry, request: Any,
            api_key: Optional[str]) -> Tuple[Action, Any, Dict[str, Any]]:
    """The action a request object calls, its API version and its params.

    :raises ActionError: with the reply's error text, for a malformed
        request, a wrong key or an unknown action.
    """
    if not isinstance(request, dict):
        raise ActionError(f"a request must be a JSON object, not {json_type(request)}")
    name = request.get("action", "")
    version = request.get("version", DEFAULT_VERSION)
    if isinstance(version, bool) or not isinstance(version, (int, float)):
        raise ActionError(
            f"'<=' not supported between instances of '{type(version).__name__}' and 'int'"
        )
    params = request.get("params", {})
    if not isinstance(params, dict):
        raise ActionError(f"params must be a JSON object, not {json_type(params)}")
    if name != "requestPermission" and not key_matches(request.get("key"), api_key):
        raise ActionError("valid api key must be provided")
    action = registry.find(name, version)
    if action is None:
        raise ActionError("unsupported action")
    return action, version, params


def calls_in(registry: ActionRegistry, request: Any, api_key: Optional[str],
             depth: int = 0) -> Iterator[Tuple[Action, Dict[str, Any]]]:
    """Each (action, params) the request would call, ``multi`` sub-requests included.

    Only looks ahead: requests that handle() would refuse are skipped, as
    handle() will tell the client what is wrong with them.
    """
    if depth > MAX_MULTI_DEPTH:
        return
    try:
        action, _, params = resolve(registry, request, api_key)
    except (ActionError, TypeError):  # TypeError: an action "name" that is a list or object
        return
    yield action, params
    nested = params.get("actions") if action.name == "multi" else None
    if isinstance(nested, list):
        for sub_request in nested:
            yield from calls_in(registry, sub_request, api_key, depth + 1)
