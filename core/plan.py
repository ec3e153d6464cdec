"""Reading a request once: the calls it makes, the URLs they fetch, whether it changes anything.

A request is ``{"action": str, "version": int = 4, "params": {}, "key": ...}``;
an action that runs requests (``multi``) holds more of them in a parameter.
The plan checks each one (shape, API key, action, parameters) on the HTTP
thread, before the hop, and everything after works from it: the downloads
done before the hop, the wait for an editor's unsaved typing (only when
something will change), and the run on the collection's thread.

A request the plan refuses keeps the reply's error text; it is answered
when its turn comes, so a ``multi`` answers each of its requests in place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional

from .actions import CALLER_PARAMS, Action, ActionError, json_type
from .caller import Caller
from .config import Config
from .registry import ActionRegistry
from .security import key_matches
from .validation import check_params_schema

DEFAULT_VERSION = 4
MAX_NESTING = 8  # requests inside requests inside requests...


@dataclass
class Call:
    """One request object as read: the action it calls, or why it will not run."""

    request: Any
    depth: int  # 0 for the request itself, 1 inside its multi, ...
    version: Any = DEFAULT_VERSION
    action: Optional[Action] = None
    params: Dict[str, Any] = field(default_factory=dict)
    error: Optional[str] = None  # the reply's error text, for a refused request
    public: bool = False  # it names a public action (whether or not it runs)
    malformed: bool = False  # a request of its own that is not one (answered without a hop)
    # The requests it runs, read in turn; None for actions that run none, or
    # when they cannot be run (not a list, nested too deeply), which the action reports.
    sub_calls: Optional[List[Call]] = None

    def walk(self) -> Iterator[Call]:
        """This call and every call inside it, in order."""
        pending = [self]  # a stack, not nested generators: a multi of 100 walks in one loop
        while pending:
            call = pending.pop()
            yield call
            if call.sub_calls:
                pending.extend(reversed(call.sub_calls))


@dataclass
class RequestPlan:
    """A whole request, read once, with the settings it is handled with."""

    call: Call
    config: Config
    registry: ActionRegistry
    caller: Caller
    urls: List[str]  # what the calls will download (see core.downloads)
    changes_collection: bool
    validate: bool  # params are checked against the actions' schemas too


def plan_request(registry: ActionRegistry, request: Any, config: Config, caller: Caller) -> RequestPlan:
    """Read a top-level request, as sent by caller."""
    validate = config.validateParams or caller.checks_schemas
    call = plan_call(registry, request, config.apiKey, caller, 0, validate=validate)
    # Most requests are one call: no walk through sub-requests that are not there.
    runnable = [c for c in call.walk() if c.action is not None] if call.sub_calls else \
        [call] if call.action is not None else []
    return RequestPlan(
        call=call,
        config=config,
        registry=registry,
        caller=caller,
        urls=[url for c in runnable for url in _urls_of(c)],
        changes_collection=any("changes" in c.action.injected for c in runnable),
        validate=validate,
    )


def plan_call(registry: ActionRegistry, request: Any, api_key: Optional[str], caller: Caller,
              depth: int, *, validate: bool = False) -> Call:
    """Read one request object (and the requests inside it).

    :param validate: also check the params against the action's params
        schema (the validateParams setting).
    """
    call = Call(request, depth)
    try:
        call.version, name, params = read_envelope(request, depth)
        action = registry.find(name, call.version)
        call.public = action is not None and action.public
        if not call.public and not caller.authenticated and not key_matches(request.get("key"), api_key):
            raise ActionError("valid api key must be provided")
        if action is None:
            raise ActionError("unsupported action")
        if call.public and depth == 0:
            params = {**params, **_caller_params(action, caller)}  # the server's word, not the client's
        action.check_params(params)
        if validate:
            check_params_schema(action, params)
    except ActionError as exc:
        call.error = str(exc)
        call.malformed = isinstance(exc, MalformedRequest)
        return call
    call.action, call.params = action, params
    if action.runs_requests is not None:
        requests = params.get(action.runs_requests)
        if isinstance(requests, list) and depth < MAX_NESTING:
            call.sub_calls = [plan_call(registry, sub, api_key, caller, depth + 1, validate=validate)
                              for sub in requests]
    return call


def sub_calls(call: Call, requests: Any, registry: ActionRegistry, api_key: Optional[str],
              caller: Caller, *, validate: bool = False) -> List[Call]:
    """The calls for the requests an action hands back to the server.

    The requests it was planned with are run as planned; any other list (a
    plugin's own) is read now.

    :raises ActionError: when they are not a list, or nested too deeply.
    """
    action = call.action
    assert action is not None  # only a running action hands requests back
    if not isinstance(requests, list):
        raise ActionError(f"{action.runs_requests or 'requests'} must be a list of requests, "
                          f"not {json_type(requests)}")
    if call.depth >= MAX_NESTING:
        raise ActionError(f"{action.name} is nested more than {MAX_NESTING} levels deep")
    if call.sub_calls is not None and requests is call.params.get(action.runs_requests or ""):
        return call.sub_calls
    return [plan_call(registry, request, api_key, caller, call.depth + 1, validate=validate)
            for request in requests]


def read_envelope(request: Any, depth: int) -> tuple:
    """The version, action name and params of a request object.

    The one place the envelope is checked. A request of its own is worded
    as JSON Schema validation of upstream's request schema words it; a
    request inside another as upstream's handler of ``multi`` words it (a
    missing action is then simply an unsupported one).

    :raises ActionError: with the reply's error text.
    """
    if depth == 0:
        _check_top_level(request)
    elif not isinstance(request, dict):
        raise ActionError(f"a request must be a JSON object, not {json_type(request)}")
    version = request.get("version", DEFAULT_VERSION)
    if isinstance(version, bool) or not isinstance(version, (int, float)):
        raise ActionError(
            f"'<=' not supported between instances of '{type(version).__name__}' and 'int'"
        )
    params = request.get("params", {})
    if not isinstance(params, dict):
        raise ActionError(f"params must be a JSON object, not {json_type(params)}")
    return version, request.get("action", ""), params


class MalformedRequest(ActionError):
    """A request of its own that does not fit upstream's request schema."""


def _check_top_level(request: Any) -> None:
    # jsonschema's words, with the value as JSON (null, true, "x"), not as Python writes it
    if not isinstance(request, dict):
        raise MalformedRequest(f"{_json(request)} is not of type 'object'")
    if "action" not in request:
        raise MalformedRequest("'action' is a required property")
    action = request["action"]
    if not isinstance(action, str):
        raise MalformedRequest(f"{_json(action)} is not of type 'string'")
    if not action:
        raise MalformedRequest('"" should be non-empty')
    if "version" in request and not _is_integer(request["version"]):
        raise MalformedRequest(f"{_json(request['version'])} is not of type 'integer'")
    if "params" in request and not isinstance(request["params"], dict):
        raise MalformedRequest(f"{_json(request['params'])} is not of type 'object'")


def _json(value: Any, longest: int = 200) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= longest else text[:longest] + "…"


def _is_integer(value: Any) -> bool:
    # JSON Schema's "integer": 6 and 6.0 are, true and 6.5 are not.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _caller_params(action: Action, caller: Caller) -> Dict[str, Any]:
    facts = {"origin": caller.origin or "", "allowed": caller.trusted}
    declared = {p.name for p in action.params}
    return {name: facts[name] for name in CALLER_PARAMS if name in declared or action.accepts_any_params}


def _urls_of(call: Call) -> List[str]:
    if call.action is None or call.action.prefetch is None:
        return []
    try:
        return [url for url in call.action.prefetch(call.params) if isinstance(url, str)]
    except Exception:  # params the action will refuse itself, saying what is wrong
        return []
