"""Every request the suite sends, and every reply it gets, checked against the actions' schemas.

The schemas are the server's own, fetched once per session through
``apiReflect``'s ``schemas`` scope; ApiClient checks each exchange with
:meth:`SchemaCheck.mismatches`. For each request object (and each one inside
a ``multi``) and its reply:

- the reply has the shape its version promises (an error: ``{"result": null,
  "error": "..."}``; a success: the bare result up to version 4,
  ``{"result": ..., "error": null}`` from 5 on);
- a success's result fits the action's result schema;
- a request the schemas refuse (the envelope, or the params) was refused by
  the server too: a request the server runs although its schema says no
  means the schema is wrong;
- a request the server refused for its parameter names (Python's "unexpected
  keyword argument", "missing ... argument") is refused by the params schema
  too.

An action that declares no schema (a plugin's may declare none) is not
checked; its envelope and reply shape still are.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional

from jsonschema import Draft202012Validator

DEFAULT_VERSION = 4
_BINDING_ERROR = re.compile(r"^\w+\(\) (got an unexpected keyword argument|missing \d+ required)")


class SchemaCheck:
    """Checks request/reply pairs against schemas by action name ({name: {"params", "result"}})."""

    def __init__(self, schemas: Dict[str, Dict[str, Any]]):
        self.schemas = schemas
        self._validators: Dict[int, Draft202012Validator] = {}
        multi = (schemas.get("multi") or {}).get("params")
        # a request object, as multi's schema describes the ones it takes
        self._envelope = multi["properties"]["actions"]["items"] if multi else None

    @classmethod
    def fetch(cls, send: Any) -> SchemaCheck:
        """The check for the schemas the server serves now; ``send(request)`` returns the reply."""
        reply = send({"action": "apiReflect", "version": 6, "params": {"scopes": ["schemas"]}})
        assert reply["error"] is None, reply
        return cls(reply["result"]["schemas"])

    def mismatches(self, request: Any, reply: Any, *, lenient: bool = False) -> List[str]:
        """What is wrong with this exchange (empty: nothing).

        :param lenient: do not report requests that the schemas refuse and the
            server runs (for tests that send off-contract params on purpose).
        """
        found: List[str] = []
        self._check(request, reply, lenient, found, "")
        return found

    def _check(self, request: Any, reply: Any, lenient: bool, found: List[str], where: str) -> None:
        version = request.get("version", DEFAULT_VERSION) if isinstance(request, dict) else DEFAULT_VERSION
        error = _error_of(reply, version)
        if error is _MALFORMED:
            found.append(f"{where}reply {_short(reply)} does not have the shape of a version {version} "
                         f"reply, to {_short(request)}")
            return
        refused = error is not None
        if self._envelope is not None:
            problem = self._first_error(self._envelope, request)
            if problem and not refused and not lenient:
                found.append(f"{where}the server ran {_short(request)}, which is not a request: {problem}")
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            return
        name = request["action"]
        schemas = self.schemas.get(name) or {}
        params = request.get("params", {})
        if schemas.get("params") is not None and isinstance(params, dict):
            problem = self._first_error(schemas["params"], params, skip_items_of_multi=name == "multi")
            if problem and not refused and not lenient:
                found.append(f"{where}{name} ran with params its schema refuses: {problem}; "
                             f"request {_short(request)}")
            # requestPermission's params are the server's to fill in, for a request of its own only
            in_multi = bool(where)
            if not problem and refused and _BINDING_ERROR.match(error) \
                    and not (in_multi and name == "requestPermission"):
                found.append(f"{where}{name}'s params schema accepts {_short(params)}, "
                             f"which the server refused: {error}")
        if refused:
            return
        result = reply["result"] if version >= 5 else reply
        if schemas.get("result") is not None:
            problem = self._first_error(schemas["result"], result)
            if problem:
                found.append(f"{where}{name}'s result does not fit its schema: {problem}; "
                             f"request {_short(request)}, result {_short(result)}")
        if name == "multi" and isinstance(params.get("actions"), list) and isinstance(result, list) \
                and len(result) == len(params["actions"]):
            for index, (sub_request, sub_reply) in enumerate(zip(params["actions"], result)):
                self._check(sub_request, sub_reply, lenient, found, f"{where}multi[{index}]: ")

    def _first_error(self, schema: Any, instance: Any, skip_items_of_multi: bool = False) -> Optional[str]:
        validator = self._validators.get(id(schema))
        if validator is None:
            validator = self._validators[id(schema)] = Draft202012Validator(schema)
        for error in validator.iter_errors(instance):
            path = list(error.absolute_path)
            if skip_items_of_multi and path[:1] == ["actions"] and len(path) > 1:
                continue  # each request of a multi is checked against its own reply
            return (f"at {'/'.join(map(str, path))}: " if path else "") + error.message
        return None


_MALFORMED = object()


def _error_of(reply: Any, version: Any) -> Any:
    """The reply's error text, None for a success, or _MALFORMED."""
    envelope = isinstance(reply, dict) and set(reply) == {"result", "error"}
    if envelope and isinstance(reply["error"], str):
        return reply["error"] if reply["result"] is None else _MALFORMED
    if not isinstance(version, (int, float)) or version <= 4:
        return None  # a bare result
    return None if envelope and reply["error"] is None else _MALFORMED


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "..."
