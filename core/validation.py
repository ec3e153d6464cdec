"""Checking a request's params against its action's schema, when the validateParams setting asks.

Off by default: a request is then checked against the function's signature
only, and nothing here runs. On, params that the action's params schema
refuses get an error naming the parameter (``parameter 'filename': 5 is
not of type 'string'``) before the action runs. An action without a params
schema is not checked.

The validator is jsonschema, which Anki's GUI package depends on; a Python
without it answers the requests with an error saying so.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Mapping, Optional, Tuple

from .actions import Action, ActionError

# id(schema) -> (schema, its validator). The schema is kept so that its id is
# not reused while cached; a reload of plugins brings new schemas, hence the cap.
_validators: Dict[int, Tuple[dict, Any]] = {}
_lock = threading.Lock()
_MAX_VALIDATORS = 1024


def schemas_can_be_checked() -> bool:
    """Whether jsonschema is there to check params with."""
    global _available
    if _available is None:
        import importlib.util

        _available = importlib.util.find_spec("jsonschema") is not None
    return _available


_available: Optional[bool] = None


def check_params_schema(action: Action, params: Mapping[str, Any]) -> None:
    """Raise ActionError naming the first parameter its schema refuses."""
    schema = action.params_schema
    if schema is None:
        return
    error = _best_error(_validator(schema), params)
    if error is None:
        return
    path = list(error.absolute_path)
    if not path:
        raise ActionError(f"{action.name}() params: {error.message}")
    name = str(path[0]) + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[1:])
    raise ActionError(f"parameter '{name}': {error.message}")


def _validator(schema: dict) -> Any:
    cached = _validators.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        raise ActionError("the validateParams setting needs the Python package jsonschema, "
                          "which is not installed") from None
    validator = Draft202012Validator(schema)
    with _lock:
        if len(_validators) >= _MAX_VALIDATORS:
            _validators.clear()
        _validators[id(schema)] = (schema, validator)
    return validator


def _best_error(validator: Any, instance: Any) -> Optional[Any]:
    from jsonschema.exceptions import best_match

    return best_match(validator.iter_errors(instance))
