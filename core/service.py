"""The service: one request object in, one reply out, whichever face it came through.

Between "a parsed request" and "the reply" everything happens here, on the
caller's thread (a Waitress worker): the plan (core/plan.py reads the
request once: envelope, key, action, params, the requests inside it), the
downloads its actions will need, the one hop to the thread that owns the
collection (core/bridge.py), a second hop when an editor must first save
the user's typing, the wait for results an action deferred, and the API
log. Faces (core/faces/) turn a protocol into calls of :meth:`Service.handle`
and its replies back into their protocol; they never touch the bridge.
"""

from __future__ import annotations

import time
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from functools import partial
from typing import Any, Callable, Dict, Iterator, Optional

from .actions import ActionError
from .apilog import ApiLog
from .bridge import BridgeError, MainThreadBridge
from .caller import Caller, CallerRefused
from .change_signal import ChangeSignal
from .config import Config
from .downloads import Outcome, prefetch
from .environment import Environment
from .host import ServerControls
from .logs import get_logger
from .plan import RequestPlan, plan_request
from .plugins import PluginSet
from .registry import ActionRegistry
from .replies import WaitForChange, error_reply, resolve_pending
from .run import RequestRun, SaveTypingFirst, run_request
from .waits import WaitingRoom, WaitSlot

log = get_logger(__name__)

# How long a changing request waits for open editors to save the user's typing
# (a JavaScript round trip, normally a few milliseconds).
TYPING_SAVE_TIMEOUT = 2.0

TRUSTED = Caller()  # a client that is not a browser, sending its key in the body


class Service:
    """Answers requests against the actions the plugins serve now.

    :param plugins: the loaded plugins, and the action table they make.
    :param bridge: carries work to the collection's thread.
    :param environment: what the runtime provides (the collection, editors...).
    :param config: returns the current settings.
    """

    def __init__(self, plugins: PluginSet, bridge: MainThreadBridge, environment: Environment,
                 config: Callable[[], Config], api_log: Optional[ApiLog] = None):
        self._plugins = plugins
        self._bridge = bridge
        self._environment = environment
        self._config = config
        self._api_log = api_log or ApiLog()
        self.changes = ChangeSignal()
        self._waits = WaitingRoom(self.changes, bridge, environment.collection, self.collection_changed)
        self.controls = ServerControls(plugins.report, bridge.hold, bridge.release,
                                       change_generation=lambda: self.changes.generation,
                                       collection_changed=self.collection_changed)

    def registry(self) -> ActionRegistry:
        """The actions served now."""
        return self._plugins.registry

    def config(self) -> Config:
        """The current settings."""
        return self._config()

    def has_window(self) -> bool:
        """Whether the runtime has Anki's window (GUI actions need it)."""
        return self._environment.has_window()

    def handle(self, request: Any, caller: Caller = TRUSTED, config: Optional[Config] = None, *,
               wait_slot: Optional[WaitSlot] = None) -> Any:
        """The reply to a request object (``{"action": ..., "version": ..., ...}``).

        The reply is plain JSON values, shaped by the request's version as
        AnkiConnect shapes it; an error is ``{"result": null, "error": "..."}``.

        :param caller: what the face knows of whoever sent it.
        :param config: the settings to handle it with (default: the current ones).
        :param wait_slot: the place to wait in, should the request wait for
            a change, when the face holds one already (an event stream).
        :raises CallerRefused: the caller is a web page the settings do not
            trust and the request is not for a public action; nothing ran.
        """
        arrived = time.monotonic()
        config = config or self._config()
        plan = plan_request(self._plugins.registry, request, config, caller)
        if not caller.trusted and not plan.call.public:
            raise CallerRefused()
        if plan.call.malformed:
            return error_reply(plan.call.error or "")
        downloads = prefetch(plan.urls, config.webTimeout) if plan.urls else {}
        try:
            run = self._run(plan, downloads)
            if run.wait is not None:
                run = self._wait_and_run(plan, downloads, run.wait, arrived, wait_slot)
        except (BridgeError, ActionError) as exc:
            return error_reply(str(exc))
        run.finish()
        if run.log_entries:
            self._api_log.write(config.apiLogPath, run.log_entries, plan.registry)
        return resolve_pending(run.reply) if run.pending else run.reply

    @property
    def waiting(self) -> int:
        """How many requests and event streams wait for a change now."""
        return self._waits.count

    def wait_slot(self, config: Optional[Config] = None) -> Any:
        """A context holding one of the ``changeWaiters`` places to wait in (for a
        face that waits between requests, such as an event stream).

        :raises TooManyWaiters: (an ActionError) when all are taken.
        """
        return self._waits.slot((config or self._config()).changeWaiters)

    def collection_changed(self) -> None:
        """The collection may have changed: tell the plugins that watch it, then
        wake the requests that wait. Call on the collection's thread."""
        try:
            col = self._environment.collection()
        except ActionError:
            col = None
        if col is not None:
            self._plugins.collection_did_change(col)
        self.changes.fire()

    def _wait_and_run(self, plan: RequestPlan, downloads: Dict[str, Outcome], wait: WaitForChange,
                      arrived: float, held: Optional[WaitSlot]) -> RequestRun:
        """Run the request again after each change until it answers, or once more
        when its time to wait is over (with ``wait_over``)."""
        deadline = arrived + max(0.0, float(wait.seconds))
        with self._held_or_new_slot(held, plan.config) as slot:
            while True:
                slot.waiting_since(wait.stamp)
                changed = self.changes.wait(wait.generation, deadline)
                run = self._run(plan, downloads, wait_over=not changed or time.monotonic() >= deadline)
                if run.wait is None:
                    return run
                wait = run.wait

    @contextmanager
    def _held_or_new_slot(self, held: Optional[WaitSlot], config: Config) -> Iterator[WaitSlot]:
        if held is not None:
            yield held
            return
        with self._waits.slot(config.changeWaiters) as slot:
            yield slot

    def _run(self, plan: RequestPlan, downloads: Dict[str, Outcome], *,
             wait_over: bool = False) -> RequestRun:
        timeout = plan.config.apiQueueTimeout / 1000
        run = self._bridge.call(partial(run_request, self._environment, self.controls, plan, downloads,
                                        wait_over=wait_over), timeout)
        if isinstance(run, SaveTypingFirst):  # an editor is passing on the user's typing first
            try:
                run.saved.result(timeout=TYPING_SAVE_TIMEOUT)
            except FutureTimeout:
                log.warning("an editor did not save within %g s; changing the note anyway",
                            TYPING_SAVE_TIMEOUT)
            run = self._bridge.call(partial(run_request, self._environment, self.controls, plan, downloads,
                                            typing_saved=True, wait_over=wait_over), timeout)
        assert isinstance(run, RequestRun)  # typing_saved runs never wait again
        return run
