"""Refusing params of the wrong JSON type, in one wording for every action group.

    deck must be a deck name (a string), not {"x": 1}
    decks must hold deck names (strings), not 5
    suspend must be true or false, not "false"

A value of the wrong type gets an error that names the parameter and the
value; it is never answered as if nothing were there (``false``, ``null``,
``[]``), which a client would read as "no such deck". Well-typed values
that name nothing keep their "not found" answers.
"""

from __future__ import annotations

import json
from typing import Any, List, Sequence

from ...core.plugin_api import ActionError

_LONGEST_VALUE = 60  # characters of a value quoted in an error


def json_value(value: Any) -> str:
    """The value as the client sent it (JSON), shortened for an error text."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _LONGEST_VALUE else text[:_LONGEST_VALUE - 3] + "..."


def wrong_type(param: str, expected: str, value: Any) -> ActionError:
    """``<param> must be <expected>, not <value>``."""
    return ActionError(f"{param} must be {expected}, not {json_value(value)}")


def wrong_member(param: str, expected: str, value: Any) -> ActionError:
    """``<param> must hold <expected>, not <value>``: a list with a wrong member."""
    return ActionError(f"{param} must hold {expected}, not {json_value(value)}")


def string(value: Any, param: str, what: str) -> str:
    """A string param; ``what`` names it for the error, e.g. ``"a deck name"``."""
    if not isinstance(value, str):
        raise wrong_type(param, f"{what} (a string)", value)
    return value


def string_list(values: Any, param: str, what: str) -> List[str]:
    """A list of strings; ``what`` names them for the error, e.g. ``"deck names"``."""
    if not isinstance(values, list):
        raise wrong_type(param, f"an array of {what}", values)
    for value in values:
        if not isinstance(value, str):
            raise wrong_member(param, f"{what} (strings)", value)
    return values


def boolean(value: Any, param: str) -> bool:
    """A boolean param: ``true`` or ``false``, or the ``1`` and ``0`` that clients of
    upstream send too (upstream read any value by its truth, so ``"false"`` was true).
    Anything else is refused rather than guessed at."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise wrong_type(param, "true or false", value)


def whole_number(value: Any, param: str, lowest: int, highest: int, what: str) -> int:
    """An integer from lowest to highest; ``what`` names it for the error, e.g.
    ``"a number of cards"``. 5.0 counts (JSON Schema's integers include it);
    true, 1.5 and "5" do not."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
        raise wrong_type(param, f"{what} (an integer from {lowest} to {highest})", value)
    return value


def chosen_keys(keys: Any, valid: Sequence[str]) -> List[str]:
    """The top-level keys a lean read is to answer (its ``keys`` param), in the
    order of ``valid``, the reply's own; unknown keys are an error listing the valid ones."""
    string_list(keys, "keys", "key names")
    if not keys:
        raise ActionError(f"keys must name at least one of: {', '.join(valid)}")
    unknown = [key for key in dict.fromkeys(keys) if key not in valid]
    if unknown:
        raise ActionError(f"unknown keys: {', '.join(unknown)} (the keys are: {', '.join(valid)})")
    wanted = set(keys)
    return [key for key in valid if key in wanted]
