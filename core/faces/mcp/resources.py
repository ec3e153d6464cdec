"""The resources an MCP client may read: a guide we wrote, and the results of actions.

An action that registers with ``resource="anki://..."`` is read under that
URI; a URI template (``anki://note-types/{modelName}``) fills the action's
params of those names from the URI. The search-syntax guide is text that
agents need before they search (the forms they get wrong most).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import unquote

from ...actions import Action
from ...registry import ActionRegistry

SEARCH_GUIDE_URI = "anki://guides/search-syntax"
_SEARCH_GUIDE = Path(__file__).with_name("search-syntax.md")
_VARIABLE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Match:
    """What a URI names: an action and its params, or the guide (action None)."""

    action: Optional[Action]
    params: Dict[str, str]


def static_resources() -> List[Dict[str, Any]]:
    return [{"uri": SEARCH_GUIDE_URI, "name": "search-syntax", "title": "Anki search syntax",
             "description": "How to write the query of findNotes and findCards: decks, tags, fields, "
                            "card states, dates, escaping, with the forms that are easy to get wrong.",
             "mimeType": "text/markdown"}]


def search_guide() -> str:
    return _SEARCH_GUIDE.read_text(encoding="utf-8")


def action_resources(registry: ActionRegistry) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """(resources, resource templates) that actions declared."""
    fixed, templates = [], []
    for action in registry:
        if action.resource is None:
            continue
        entry = {"name": action.name, "title": _first_line(action.doc) or action.name,
                 "description": action.doc, "mimeType": "application/json"}
        if _VARIABLE.search(action.resource):
            templates.append({"uriTemplate": action.resource, **entry})
        else:
            fixed.append({"uri": action.resource, **entry})
    return fixed, templates


def find(registry: ActionRegistry, uri: str) -> Optional[Match]:
    if uri == SEARCH_GUIDE_URI:
        return Match(None, {})
    for action in registry:
        if action.resource is None:
            continue
        params = _match(action.resource, uri)
        if params is not None:
            return Match(action, params)
    return None


def _match(template: str, uri: str) -> Optional[Dict[str, str]]:
    pattern = ""
    position = 0
    for variable in _VARIABLE.finditer(template):
        pattern += re.escape(template[position:variable.start()]) + f"(?P<{variable.group(1)}>[^/?#]+)"
        position = variable.end()
    pattern += re.escape(template[position:])
    found = re.fullmatch(pattern, uri)
    if found is None:
        return None
    return {name: unquote(value) for name, value in found.groupdict().items()}


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].rstrip(".") if text else ""
