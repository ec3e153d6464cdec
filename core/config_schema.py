"""Checking one setting against ``config.schema.json``, the schema Anki's config editor uses.

One schema for every way in: the add-on's config inside Anki, and the headless
server's config file, ``ANKICONNECT_*`` variables and flags. Anki's config
editor checks an edit against it with jsonschema; edits that bypass the editor
(another add-on, a hand-edited ``meta.json``) and the headless server are
checked here. jsonschema is not a dependency of the add-on (Anki 25.02 and the
headless server may lack it), and the schema uses only a handful of keywords,
so this reads those itself: ``type`` (one or a list), ``minimum``, ``maximum``
and the ``type`` of an array's ``items``. tests/core/test_config_schema.py
checks that the schema uses no other keyword, so none is ignored unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "config.schema.json"
# What the reader below understands; "description" and "title" say nothing to check.
KNOWN_KEYWORDS = frozenset({"type", "minimum", "maximum", "items", "description"})

_TYPE_NAMES = {"boolean": "true or false", "integer": "an integer", "string": "a string",
               "null": "null", "array": "an array", "object": "an object", "number": "a number"}


def _load() -> Dict[str, Dict[str, Any]]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["properties"]


PROPERTIES: Dict[str, Dict[str, Any]] = _load()


def problem(key: str, value: Any) -> Optional[str]:
    """What the schema finds wrong with ``value`` for the setting ``key``
    (``must be an integer from 0 to 65535``), or None when it fits.

    The text follows the setting's name: ``webBindPort must be ...``.
    """
    rule = PROPERTIES.get(key)
    if rule is None:
        return None
    if not _fits(rule, value):
        return f"must be {expected(rule)}, not {json.dumps(value)}"
    return None


def expected(rule: Dict[str, Any]) -> str:
    """What a rule asks for, in words: ``an integer from 0 to 65535``, ``a string or null``."""
    types = rule.get("type")
    names: List[str] = []
    for name in [types] if isinstance(types, str) else list(types or []):
        if name == "integer":
            names.append(_integer_range(rule))
        elif name == "array" and isinstance(rule.get("items"), dict) and "type" in rule["items"]:
            names.append("an array of " + _plural(rule["items"]["type"]))
        else:
            names.append(_TYPE_NAMES.get(name, name))
    return " or ".join(names) or "any JSON value"


def _integer_range(rule: Dict[str, Any]) -> str:
    low, high = rule.get("minimum"), rule.get("maximum")
    if low is not None and high is not None:
        return f"an integer from {low} to {high}"
    if low is not None:
        return f"an integer of at least {low}"
    if high is not None:
        return f"an integer of at most {high}"
    return "an integer"


def _plural(type_name: str) -> str:
    return {"string": "strings", "integer": "integers", "boolean": "booleans"}.get(type_name, type_name)


def _fits(rule: Dict[str, Any], value: Any) -> bool:
    types = rule.get("type")
    if types is not None:
        allowed = [types] if isinstance(types, str) else types
        if not any(_is(name, value) for name in allowed):
            return False
    if _is("number", value):
        if "minimum" in rule and value < rule["minimum"]:
            return False
        if "maximum" in rule and value > rule["maximum"]:
            return False
    items = rule.get("items")
    if isinstance(value, list) and isinstance(items, dict):
        return all(_fits(items, item) for item in value)
    return True


def _is(type_name: str, value: Any) -> bool:
    """JSON Schema's types, for values read from JSON (a bool is no number)."""
    if type_name == "null":
        return value is None
    if type_name == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if type_name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if type_name == "number":
        return isinstance(value, (int, float))
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "array":
        return isinstance(value, list)
    if type_name == "object":
        return isinstance(value, dict)
    return False
