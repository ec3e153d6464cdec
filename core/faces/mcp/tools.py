"""The tools an MCP client sees: actions from the registry, as the settings select them.

A tool is an action: its name, its docstring as the description, its params
schema as the input schema, its result schema wrapped in an object as the
output schema (structured content must be an object), and annotations from
what the action declared when it registered. One more tool, ``runAction``,
runs any action by name, so that the default selection (the curated one,
small enough for clients that cap or bill long tool lists) leaves nothing
out of reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from ...actions import Action
from ...registry import ActionRegistry
from .jsonrpc import PreEncoded, encode_value

GENERIC_TOOL = "runAction"
# What desktop hosts accept (one refuses tools with other names).
TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")

_GENERIC_DESCRIPTION = """\
Run any action of this AnkiConnect server by name, with its params, when no \
other tool does what you need. The reply is the action's result.
List the actions with {"action": "apiReflect", "params": {"scopes": ["actions"]}}; \
{"action": "apiReflect", "params": {"scopes": ["actionDetails", "schemas"], "actions": ["<name>"]}} \
describes one (its parameters, documentation and JSON Schemas)."""


@dataclass(frozen=True)
class Tool:
    name: str
    action: Optional[Action]  # None for the generic tool
    entry: Dict[str, Any]  # what tools/list shows


class ToolSet:
    """The tools served with one registry and one set of settings.

    :param selection: ``"curated"``, ``"all"`` or action names (the mcpTools setting).
    :param read_only: offer only actions that change nothing (mcpReadOnly).
    :param window: whether there is Anki's window (GUI actions need it).
    """

    def __init__(self, registry: ActionRegistry, selection: Any, read_only: bool, window: bool):
        self.registry = registry
        self.read_only = read_only
        self.window = window
        chosen = [action for action in registry if self._offered(action, selection)]
        self._tools: Dict[str, Tool] = {a.name: Tool(a.name, a, tool_entry(a)) for a in chosen}
        self._tools[GENERIC_TOOL] = Tool(GENERIC_TOOL, None, _generic_entry(read_only))
        self.entries: List[Dict[str, Any]] = [tool.entry for tool in self._tools.values()]
        self.encoded_entries = PreEncoded(encode_value(self.entries))  # every tools/list sends these

    def find(self, name: Any) -> Optional[Tool]:
        return self._tools.get(name) if isinstance(name, str) else None

    def may_run(self, action: Action) -> bool:
        """Whether the generic tool may run this action with these settings."""
        return (not self.read_only or action.read_only) and (self.window or not action.gui)

    def _offered(self, action: Action, selection: Any) -> bool:
        if not TOOL_NAME.match(action.name) or action.name == GENERIC_TOOL or not self.may_run(action):
            return False
        if selection == "all":
            return True
        if selection == "curated":
            return action.curated
        return action.name in selection


def tool_entry(action: Action) -> Dict[str, Any]:
    entry: Dict[str, Any] = {
        "name": action.name,
        "title": title_of(action.name),
        "description": description_of(action),
        "inputSchema": input_schema(action),
    }
    if action.result_schema is not None:
        entry["outputSchema"] = output_schema(action.result_schema)
    entry["annotations"] = annotations(action)
    return entry


def title_of(name: str) -> str:
    """``addNotes`` -> ``Add notes``; ``guiAddCards`` -> ``GUI: add cards``."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", name)
    if not words:
        return name
    if words[0] == "gui" and len(words) > 1:
        return "GUI: " + " ".join(_lower(w) for w in words[1:])
    return " ".join([words[0].capitalize(), *(_lower(w) for w in words[1:])])


def _lower(word: str) -> str:
    return word if word.isupper() and len(word) > 1 else word.lower()  # keep HTML, FSRS, ...


def description_of(action: Action) -> str:
    text = action.doc or f"The {action.name} action."
    notes = []
    if action.gui:
        notes.append("Works on Anki's window (needs Anki open with its window; not available headless).")
    if action.destructive:
        notes.append("Deletes or overwrites data.")
    return "\n\n".join([text, *notes])


def input_schema(action: Action) -> Dict[str, Any]:
    if action.params_schema is not None:
        schema = {key: value for key, value in action.params_schema.items() if key != "examples"}
        return {**schema, "type": "object"}
    # No schema declared: what the signature says.
    schema: Dict[str, Any] = {"type": "object", "properties": {p.name: {} for p in action.params}}
    required = [p.name for p in action.params if p.required]
    if required:
        schema["required"] = required
    if not action.accepts_any_params:
        schema["additionalProperties"] = False
    return schema


def output_schema(result_schema: Dict[str, Any]) -> Dict[str, Any]:
    """The result's schema inside ``{"result": ...}``; its definitions stay at the root,
    where its ``$ref``s look for them."""
    inner = dict(result_schema)
    outer: Dict[str, Any] = {"type": "object"}
    for keyword in ("$defs", "definitions"):
        if keyword in inner:
            outer[keyword] = inner.pop(keyword)
    inner.pop("examples", None)
    outer["properties"] = {"result": inner}
    outer["required"] = ["result"]
    return outer


def annotations(action: Action) -> Dict[str, Any]:
    hints: Dict[str, Any] = {"title": title_of(action.name), "readOnlyHint": action.read_only}
    if not action.read_only:
        hints["destructiveHint"] = action.destructive
        hints["idempotentHint"] = action.idempotent
    hints["openWorldHint"] = action.open_world
    return hints


def _generic_entry(read_only: bool) -> Dict[str, Any]:
    description = _GENERIC_DESCRIPTION
    if read_only:
        description += "\nThis server offers only actions that change nothing (mcpReadOnly)."
    return {
        "name": GENERIC_TOOL,
        "title": "Run an action",
        "description": description,
        "inputSchema": {
            "type": "object",
            "properties": {
                "action": {"type": "string", "description": "The action's name, e.g. findNotes."},
                "params": {"type": "object", "description": "The action's params (default: none)."},
            },
            "required": ["action"],
            "additionalProperties": False,
        },
        "annotations": {"title": "Run an action", "readOnlyHint": read_only, "destructiveHint": not read_only,
                        "idempotentHint": False, "openWorldHint": not read_only},
    }


def tool_cache_key(registry: ActionRegistry, selection: Any, read_only: bool, window: bool) -> Tuple:
    return (id(registry), selection, read_only, window)
