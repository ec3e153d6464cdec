"""Running a planned request on the collection's thread, and its reply.

Everything here runs inside the one hop a request makes to the thread that
owns the collection; the requests an action runs (``multi``'s) run in that
same hop. The request was read before the hop (core/plan.py); a run only
calls actions.
"""

from __future__ import annotations

from concurrent.futures import Future
from functools import partial
from typing import Any, Dict, List, Optional, Union

from .actions import ActionError
from .changes import Changes
from .downloads import Outcome
from .environment import Environment
from .host import Host, ServerControls
from .logs import get_logger
from .plan import Call, RequestPlan, sub_calls
from .replies import Deferred, PendingReply, WaitForChange, error_reply, success_reply

log = get_logger(__name__)


class SaveTypingFirst:
    """The answer of a run that must wait: an editor holds the user's unsaved
    typing, and the request would change the collection under it."""

    def __init__(self, saved: Future):
        self.saved = saved  # done once the editors have saved


def run_request(environment: Environment, controls: ServerControls, plan: RequestPlan,
                downloads: Dict[str, Outcome], *,
                typing_saved: bool = False, wait_over: bool = False) -> Union[RequestRun, SaveTypingFirst]:
    """Handle a planned request (on the collection's thread).

    A request that changes the collection while an editor may hold the
    user's unsaved typing is not run: the answer says to wait for the save
    and run it again, with ``typing_saved``.

    :param wait_over: the request waited for a change as long as it may
        (``host.wait_over``); it must answer now.
    """
    if plan.changes_collection and not typing_saved:
        saved = environment.save_typing()
        if saved is not None:
            return SaveTypingFirst(saved)
    run = RequestRun(environment, controls, plan, downloads, wait_over=wait_over)
    run.reply = run.handle(plan.call)
    if run.changes is not None:
        merged = run.changes.merged()
        if merged is not None:
            environment.refresh(merged)
    if plan.changes_collection:
        controls.collection_changed()  # watchers see it, waiting requests wake
    return run


class RequestRun:
    """The handling of one top-level request and all its ``multi`` sub-requests."""

    def __init__(self, environment: Environment, controls: ServerControls, plan: RequestPlan,
                 downloads: Dict[str, Outcome], *, wait_over: bool = False):
        self.environment = environment
        self.controls = controls
        self.plan = plan
        self.downloads = downloads
        self.wait_over = wait_over
        self.reply: Any = None
        self.pending: List[PendingReply] = []
        self.log_entries: List[tuple] = []
        self.changes: Optional[Changes] = None  # made on first use
        self.wait: Optional[WaitForChange] = None  # the request asked to be run again after a change

    def handle(self, call: Call) -> Any:
        """The reply to one request object; never raises."""
        try:
            reply = self._reply(call)
        except Exception as exc:
            if not isinstance(exc, ActionError):
                log.debug("action failed", exc_info=True)
            reply = error_reply(str(exc))
        if self.plan.config.apiLogPath and self.wait is None:  # a request that waits is logged when answered
            self.log_entries.append((call.request, reply))
        return reply

    def _reply(self, call: Call) -> Any:
        if call.error is not None:
            return error_reply(call.error)
        result = self._call(call)
        if isinstance(result, WaitForChange):
            if call.depth > 0:  # host.wait_over told it so
                raise ActionError(f"{call.action.name} cannot wait for changes inside another request")
            self.wait = result
            return None
        if isinstance(result, Deferred):
            pending = PendingReply(result, call.version)
            self.pending.append(pending)
            return pending
        return success_reply(call.version, result)

    def _call(self, call: Call) -> Any:
        action = call.action
        assert action is not None  # a call without one has an error
        if action.gui:
            self.environment.require_gui(action.name)
        if not action.injected:
            return action.function(**call.params)
        injected = {name: self._injected(name, call) for name in action.injected}
        return action.function(**call.params, **injected)

    def _injected(self, name: str, call: Call) -> Any:
        if name == "col":
            return self.environment.collection()
        if name == "host":
            plan = self.plan
            return Host(self.environment, self.controls, plan.config, plan.registry, self.downloads,
                        partial(self.handle_all, call), wait_over=self.wait_over or call.depth > 0)
        if name == "changes":
            if self.changes is None:
                # a bound method, not a lambda over self: no reference cycle (Anki runs without cyclic GC)
                self.changes = Changes(self.environment.collection)
            return self.changes
        if name == "mw":
            return self.environment.main_window()
        raise ActionError(f"nothing to inject as {name!r}")

    def handle_all(self, call: Call, requests: Any) -> List[Any]:
        """Run the requests the call's action hands back; each error stays in its own reply."""
        plan = self.plan
        calls = sub_calls(call, requests, plan.registry, plan.config.apiKey, plan.caller,
                          validate=plan.validate)
        return [self.handle(sub_call) for sub_call in calls]

    def finish(self) -> None:
        """Wait for deferred results (on the HTTP thread, after the hop)."""
        for pending in self.pending:
            pending.wait()

