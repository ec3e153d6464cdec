"""What an action is, and how request params are bound to it.

Params are checked against the function's signature *before* the call, so a
client's bad params are told apart from a bug inside the action. The error
text copies Python's own ``TypeError`` wording, which AnkiConnect clients have
always seen (``guiBrowse() got an unexpected keyword argument 'foobar'``).
"""

from __future__ import annotations

import inspect
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Tuple

# Keyword-only parameters the server fills in; clients can never set them.
INJECTABLE = ("col", "mw", "host", "changes")

# What the server tells a public action about its caller, as params of these
# names (whatever the client sent for them is replaced), for a request of its
# own: the caller's Origin header ("" when it sent none) and whether the
# settings trust that origin.
CALLER_PARAMS = ("origin", "allowed")

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# An event stream is served at GET /<name>; what its action must take.
EVENT_STREAM_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
EVENT_STREAM_PARAMS = ("since", "wait")


class ActionError(Exception):
    """An error whose message is the reply's ``error`` text."""


class ParamsError(ActionError):
    """The request's params do not fit the action's signature."""


@dataclass(frozen=True)
class Param:
    name: str
    required: bool
    default: Any = None

    def describe(self) -> dict:
        info: Dict[str, Any] = {"name": self.name, "required": self.required}
        if not self.required:
            plain = isinstance(self.default, (str, int, float, bool, list, dict, type(None)))
            info["default"] = self.default if plain else repr(self.default)
        return info


@dataclass(frozen=True)
class Action:
    """One callable action of the API."""

    name: str
    function: Callable[..., Any] = field(repr=False)
    plugin: str
    gui: bool = False
    older_names: Mapping[int, str] = field(default_factory=dict)
    params: Tuple[Param, ...] = ()
    injected: Tuple[str, ...] = ()
    accepts_any_params: bool = False
    # params -> the URLs the action will download (see core.downloads)
    prefetch: Optional[Callable[[Dict[str, Any]], Iterable[str]]] = field(default=None, repr=False)
    # JSON Schemas (draft 2020-12) of the params object and of the result, as
    # the plugin declared them; None when it declared none.
    params_schema: Optional[Dict[str, Any]] = field(default=None, repr=False)
    result_schema: Optional[Dict[str, Any]] = field(default=None, repr=False)
    # Served to any caller: without the API key, and to web pages from
    # origins the settings do not trust (see CALLER_PARAMS).
    public: bool = False
    # The parameter that holds request objects the action has the server run
    # (multi's "actions"): they are read and checked with the request itself.
    runs_requests: Optional[str] = None
    # What the action does, for clients that plan (MCP's tool annotations):
    # it changes nothing; it deletes or overwrites; calling it twice with the
    # same params does no more than once; it reaches beyond this machine.
    read_only: bool = False
    destructive: bool = False
    idempotent: bool = False
    open_world: bool = False
    # Offered to AI agents in the default (curated) set of MCP tools.
    curated: bool = False
    # An MCP resource URI (or URI template, "anki://x/{param}") it is read under.
    resource: Optional[str] = None
    # Served as a stream of server-sent events at GET /<event_stream>: the
    # action takes "since" (a cursor or null) and "wait" (seconds) and answers
    # an object with a "cursor" (see core/faces/events.py).
    event_stream: Optional[str] = None

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.function.__doc__ or "")

    @classmethod
    def from_function(
        cls,
        function: Callable[..., Any],
        *,
        name: str | None = None,
        plugin: str,
        gui: bool = False,
        older_names: Mapping[int, str] | None = None,
        prefetch: Callable[[Dict[str, Any]], Iterable[str]] | None = None,
        params_schema: Mapping[str, Any] | None = None,
        result_schema: Mapping[str, Any] | None = None,
        public: bool = False,
        runs_requests: str | None = None,
        read_only: bool = False,
        destructive: bool = False,
        idempotent: bool = False,
        open_world: bool = False,
        curated: bool = False,
        resource: str | None = None,
        event_stream: str | None = None,
    ) -> Action:
        if not callable(function):
            raise TypeError(f"action {name or function!r} is not callable")
        params = []
        injected = []
        accepts_any = False
        for p in inspect.signature(function).parameters.values():
            if p.kind is p.VAR_KEYWORD:
                accepts_any = True
            elif p.kind is p.KEYWORD_ONLY and p.name in INJECTABLE:
                injected.append(p.name)
            elif p.kind is p.POSITIONAL_ONLY or p.kind is p.VAR_POSITIONAL:
                raise TypeError(
                    f"action {function.__name__}: parameter {p.name!r} cannot be "
                    "passed by keyword; actions take keyword parameters only"
                )
            else:
                required = p.default is p.empty
                params.append(Param(p.name, required, None if required else p.default))
        if prefetch is not None and not callable(prefetch):
            raise TypeError(f"action {function.__name__}: prefetch must be callable")
        if "mw" in injected and not gui:
            raise TypeError(f"action {function.__name__} uses mw, so it must be registered with gui=True")
        if runs_requests is not None and runs_requests not in {p.name for p in params}:
            raise TypeError(f"action {function.__name__}: runs_requests names {runs_requests!r}, "
                            "which is not one of its parameters")
        if resource is not None and not isinstance(resource, str):
            raise TypeError(f"action {function.__name__}: resource must be a URI (a string)")
        if read_only and destructive:
            raise TypeError(f"action {function.__name__} cannot be read_only and destructive")
        if event_stream is not None:
            if not isinstance(event_stream, str) or not EVENT_STREAM_NAME.match(event_stream):
                raise TypeError(f"action {function.__name__}: event_stream must be a short name of "
                                f"lower-case letters, digits and '-', not {event_stream!r}")
            missing = [n for n in EVENT_STREAM_PARAMS if n not in {p.name for p in params}]
            if missing:
                raise TypeError(f"action {function.__name__}: an event stream's action takes "
                                f"{' and '.join(EVENT_STREAM_PARAMS)}; it lacks {', '.join(missing)}")
        return cls(
            name=name or function.__name__,
            function=function,
            plugin=plugin,
            gui=gui,
            older_names=dict(older_names or {}),
            params=tuple(params),
            injected=tuple(injected),
            accepts_any_params=accepts_any,
            prefetch=prefetch,
            params_schema=_json_schema(function, "params_schema", params_schema),
            result_schema=_json_schema(function, "result_schema", result_schema),
            public=bool(public),
            runs_requests=runs_requests,
            read_only=bool(read_only),
            destructive=bool(destructive),
            idempotent=bool(idempotent or read_only),  # reading twice changes nothing either
            open_world=bool(open_world or prefetch is not None),  # it downloads
            curated=bool(curated),
            resource=resource,
            event_stream=event_stream,
        )

    def check_params(self, params: Mapping[str, Any]) -> None:
        """Raise ParamsError, worded as Python would, if params do not fit."""
        if not self.accepts_any_params:
            known = {p.name for p in self.params}
            for key in params:
                if key not in known:
                    raise ParamsError(f"{self.name}() got an unexpected keyword argument '{key}'")
        missing = [p.name for p in self.params if p.required and p.name not in params]
        if missing:
            plural = "argument" if len(missing) == 1 else "arguments"
            raise ParamsError(
                f"{self.name}() missing {len(missing)} required positional {plural}: "
                f"{_python_name_list(missing)}"
            )

    def describe(self) -> dict:
        """The action as ``apiReflect``'s ``actionDetails`` scope reports it."""
        return {
            "name": self.name,
            "plugin": self.plugin,
            "gui": self.gui,
            "params": [p.describe() for p in self.params],
            "olderNames": {str(v): n for v, n in sorted(self.older_names.items())},
            "doc": self.doc,
        }

    def schemas(self) -> dict:
        """The action's schemas as ``apiReflect``'s ``schemas`` scope reports them.

        Each is a standalone draft 2020-12 schema; the params schema is
        described by the docstring unless the plugin wrote a description of
        its own. An action that declared none has null: nothing is guessed.
        """
        return {
            "params": _standalone(self.params_schema, self.doc),
            "result": _standalone(self.result_schema, None),
        }


def json_type(value: Any) -> str:
    """What a JSON value is, for error messages: "a string", "an array", "null"..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _json_schema(function: Callable[..., Any], argument: str, schema: Any) -> Optional[Dict[str, Any]]:
    """A private copy of a declared schema, made of plain JSON values.

    Copying through JSON refuses what could not be served (sets, objects) at
    registration, not when a client asks for the schema, and keeps a plugin
    that later changes its dict from changing what is served.
    """
    if schema is None:
        return None
    if not isinstance(schema, Mapping):
        raise TypeError(f"action {function.__name__}: {argument} must be a JSON Schema object (a dict)")
    try:
        return json.loads(json.dumps(schema))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"action {function.__name__}: {argument} is not JSON: {exc}") from None


def _standalone(schema: Optional[Dict[str, Any]], description: Optional[str]) -> Optional[dict]:
    if schema is None:
        return None
    extra: Dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT}
    if description and "description" not in schema:
        extra["description"] = description
    return {**extra, **schema}


def _python_name_list(names: list[str]) -> str:
    """Quote and join names as CPython does: 'a', 'a' and 'b', 'a', 'b', and 'c'."""
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
