"""Reading a request once: the calls it makes, the URLs they fetch, whether it changes anything.

A request is ``{"action": str, "version": int = 4, "params": {}, "key": ...}``,
and a ``multi`` holds more of them. The plan checks each one (shape, API key,
action, parameters) on the HTTP thread, before the hop, and everything after
works from it: the downloads done before the hop, the wait for an editor's
unsaved typing (only when something will change), and the run on the
collection's thread.

A request the plan refuses keeps the reply's error text; it is answered
when its turn comes, so a ``multi`` answers each of its requests in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional

from .actions import Action, ActionError, json_type
from .config import Config
from .registry import ActionRegistry
from .security import key_matches
from .validation import check_params_schema

DEFAULT_VERSION = 4
MAX_MULTI_DEPTH = 8


@dataclass
class Call:
    """One request object as read: the action it calls, or why it will not run."""

    request: Any
    depth: int  # 0 for the request itself, 1 inside its multi, ...
    version: Any = DEFAULT_VERSION
    action: Optional[Action] = None
    params: Dict[str, Any] = field(default_factory=dict)
    error: Optional[str] = None  # the reply's error text, for a refused request
    # A multi's requests, read in turn; None for other actions, or when they
    # cannot be run (not a list, nested too deeply), which the multi reports.
    sub_calls: Optional[List[Call]] = None

    def walk(self) -> Iterator[Call]:
        """This call and every call inside it."""
        yield self
        for sub_call in self.sub_calls or ():
            yield from sub_call.walk()


@dataclass
class RequestPlan:
    """A whole request, read once, with the settings it is handled with."""

    call: Call
    config: Config
    registry: ActionRegistry
    urls: List[str]  # what the calls will download (see core.downloads)
    changes_collection: bool


def plan_request(registry: ActionRegistry, request: Any, config: Config,
                 permission: Optional[Dict[str, Any]] = None) -> RequestPlan:
    """Read a top-level request.

    :param permission: what the server found out about the caller
        (``origin``, ``allowed``); it replaces what a ``requestPermission``
        request says of itself.
    """
    call = plan_call(registry, request, config.apiKey, 0, permission, validate=config.validateParams)
    # Most requests are one call: no walk through a multi that is not there.
    runnable = [c for c in call.walk() if c.action is not None] if call.sub_calls else \
        [call] if call.action is not None else []
    return RequestPlan(
        call=call,
        config=config,
        registry=registry,
        urls=[url for c in runnable for url in _urls_of(c)],
        changes_collection=any("changes" in c.action.injected for c in runnable),
    )


def plan_call(registry: ActionRegistry, request: Any, api_key: Optional[str], depth: int,
              permission: Optional[Dict[str, Any]] = None, *, validate: bool = False) -> Call:
    """Read one request object (and the requests of a multi inside it).

    :param validate: also check the params against the action's params
        schema (the validateParams setting).
    """
    call = Call(request, depth)
    try:
        call.action, call.version, call.params = _resolve(registry, request, api_key)
        if permission is not None and call.action.name == "requestPermission":
            call.params = {**call.params, **permission}  # the server's word, not the client's
        call.action.check_params(call.params)
        if validate:
            check_params_schema(call.action, call.params)
    except ActionError as exc:
        call.action, call.error = None, str(exc)
        return call
    if call.action.name == "multi":
        requests = call.params.get("actions")
        if isinstance(requests, list) and depth < MAX_MULTI_DEPTH:
            call.sub_calls = [plan_call(registry, sub, api_key, depth + 1, validate=validate)
                              for sub in requests]
    return call


def sub_calls(call: Call, requests: Any, registry: ActionRegistry, api_key: Optional[str],
              *, validate: bool = False) -> List[Call]:
    """The calls for the requests an action (``multi``) hands back to the server.

    The requests it was planned with are run as planned; any other list (a
    plugin's own) is read now.

    :raises ActionError: when they are not a list, or nested too deeply.
    """
    if not isinstance(requests, list):
        raise ActionError(f"actions must be a list of requests, not {json_type(requests)}")
    if call.depth >= MAX_MULTI_DEPTH:
        raise ActionError(f"multi is nested more than {MAX_MULTI_DEPTH} levels deep")
    if call.sub_calls is not None and requests is call.params.get("actions"):
        return call.sub_calls
    return [plan_call(registry, request, api_key, call.depth + 1, validate=validate) for request in requests]


def _resolve(registry: ActionRegistry, request: Any, api_key: Optional[str]) -> tuple:
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


def _urls_of(call: Call) -> List[str]:
    if call.action is None or call.action.prefetch is None:
        return []
    try:
        return [url for url in call.action.prefetch(call.params) if isinstance(url, str)]
    except Exception:  # params the action will refuse itself, saying what is wrong
        return []
