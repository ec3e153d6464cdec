"""The examples in docs/actions/*.md, as tests run them.

Each action has a section ``## actionName`` on its group's page, with one
request and one reply in fenced blocks tagged ``json request`` and
``json reply``. Tests send the documented request to the real server and
compare the whole reply with the documented one. Ids in the docs are made-up
but realistic; a test maps them to the ids its own notes and cards got, with
``substitute``. Every example checked is recorded in CHECKED, so that at the
end of a run of the whole suite docs_coverage.py (next to this file) can fail it when a
documented example went unchecked.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

DOCS = Path(__file__).resolve().parents[2] / "docs" / "actions"

#: (page, action) of every example a test has checked in this session
CHECKED: set = set()


@dataclass(frozen=True)
class Example:
    page: str
    action: str
    request: Any
    reply: Any


def examples(page: str) -> Dict[str, Example]:
    """The examples of docs/actions/<page>.md, by action name (read as the
    add-on reads them for its schemas)."""
    return {action: Example(page, action, request, reply)
            for action, (request, reply) in _schemas_module().documented_exchanges(page).items()}


def _schemas_module() -> Any:
    # The add-on's module, imported on first use: conftest links the add-on
    # as the package ankiconnect_unit only once pytest is configured.
    return importlib.import_module("ankiconnect_unit.actions_builtin.shared.schemas")


def documented_examples() -> set:
    """(page, action) of every example in docs/actions/*.md."""
    return {(page.stem, action) for page in DOCS.glob("*.md") for action in examples(page.stem)}


def substitute(value: Any, mapping: Mapping[Any, Any]) -> Any:
    """value with every occurrence of a mapping key (as a value or dict key) replaced."""
    if not mapping:
        return value
    if isinstance(value, dict):
        return {_swap(k, mapping): substitute(v, mapping) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, mapping) for v in value]
    return _swap(value, mapping)


def _swap(value: Any, mapping: Mapping[Any, Any]) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return value
    if value in mapping:
        return mapping[value]
    if isinstance(value, str) and value.isdigit() and int(value) in mapping:
        return str(mapping[int(value)])  # dict keys that JSON made strings
    return value


def check_example(client: Any, page: str, action: str,
                  mapping: Optional[Mapping[Any, Any]] = None) -> Any:
    """Send the documented request; assert the whole reply is the documented one.

    :param mapping: documented value -> actual value (ids, file names...),
        applied to the request and to the expected reply.
    :returns: the actual reply.
    """
    example = examples(page)[action]
    request = substitute(example.request, mapping or {})
    expected = substitute(example.reply, mapping or {})
    actual = client.send(request)
    assert actual == expected, f"docs/actions/{page}.md example of {action}"
    CHECKED.add((page, action))
    return actual


def check_variant_example(client: Any, page: str, action: str, variant: str,
                          mapping: Optional[Mapping[Any, Any]] = None) -> Any:
    """As check_example, for a second example in an action's section, in blocks
    tagged ``json request <variant>`` and ``json reply <variant>`` (the schemas
    take only the first example of each action, the untagged one)."""
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    section = re.search(rf"^## {action}\s*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert section, f"docs/actions/{page}.md has no section {action}"
    blocks = dict(re.findall(rf"^```json (request|reply) {variant}\s*\n(.*?)^```", section.group(1),
                             re.MULTILINE | re.DOTALL))
    assert set(blocks) == {"request", "reply"}, f"no {variant} example of {action} in docs/actions/{page}.md"
    request = substitute(json.loads(blocks["request"]), mapping or {})
    expected = substitute(json.loads(blocks["reply"]), mapping or {})
    actual = client.send(request)
    assert actual == expected, f"docs/actions/{page}.md {variant} example of {action}"
    return actual
