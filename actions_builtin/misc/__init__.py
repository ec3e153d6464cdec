"""Actions about the API itself: version, requestPermission, apiReflect, multi."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ...core.plugin_api import ActionError, Config, Host, hookimpl
from ..shared.schemas import (
    ANY,
    BOOLEAN,
    INTEGER,
    NO_PARAMS,
    STRING,
    array,
    described,
    documented,
    map_of,
    nullable,
    obj,
    params,
    schema,
)

API_VERSION = described(INTEGER, "The API version (6 unless the apiVersion setting says otherwise).")


@schema(params=NO_PARAMS, result=API_VERSION)
def version(*, host: Host) -> int:
    """The API version this server speaks (6)."""
    return host.config.apiVersion


# Whatever a client sends for these is replaced, so any value is accepted.
_FILLED_IN = described(ANY, "Filled in by the server from the HTTP request; a value sent is replaced.")


@schema(
    params=params(origin=_FILLED_IN, allowed=_FILLED_IN),
    result={"anyOf": [
        obj({"permission": {"const": "granted"},
             "requireApikey": described(BOOLEAN, "Whether requests must carry the API key "
                                                 "(the spelling upstream's code sends)."),
             "requireApiKey": described(BOOLEAN, "The same (the spelling upstream's documentation uses)."),
             "version": API_VERSION},
            required=["permission", "requireApikey", "requireApiKey", "version"]),
        obj({"permission": {"const": "denied"}}, required=["permission"]),
    ]},
)
def requestPermission(origin: str, allowed: bool, *, host: Host) -> Any:
    """Ask whether the calling web page may use the API.

    Trusted origins (and clients that send no Origin) are granted at once. An
    origin on ``ignoreOriginList`` is denied at once. Any other origin makes
    Anki ask the user; the answer is remembered in the config. The server
    fills in ``origin`` and ``allowed`` from the HTTP request; no API key is
    needed.
    """
    granted = _granted(host.config)
    if allowed:
        return granted
    denied = {"permission": "denied"}
    if origin in host.config.ignoreOriginList:
        return denied
    return host.defer(
        host.ask_permission(origin),
        timeout=host.config.webPermissionTimeout / 1000 + 5,  # the prompt closes itself first
        timeout_result=denied,
        convert=lambda yes: granted if yes else denied,  # captures no host: no reference cycle
    )


def _granted(config: Config) -> Dict[str, Any]:
    return {
        "permission": "granted",
        "requireApikey": bool(config.apiKey),  # what upstream's code sends
        "requireApiKey": bool(config.apiKey),  # what upstream's documentation promises
        "version": config.apiVersion,
    }


_NAMES = array(STRING, "Action names.")
_SCHEMA = described({"type": ["object", "boolean"]}, "A JSON Schema (draft 2020-12).")
_ACTION_DETAILS = obj({
    "name": STRING,
    "plugin": described(STRING, "The plugin that registered the action."),
    "gui": described(BOOLEAN, "Whether it needs Anki's main window."),
    "params": array(obj({"name": STRING, "required": BOOLEAN, "default": ANY},
                        required=["name", "required"])),
    "olderNames": map_of(STRING, "The name served up to each API version (its key)."),
    "doc": STRING,
}, required=["name", "plugin", "gui", "params", "olderNames", "doc"])
_PLUGIN = obj({
    "name": STRING,
    "source": described(STRING, '"builtin", "entry point", "folder" or "runtime".'),
    "version": nullable(STRING),
    "actions": _NAMES,
    "error": described(STRING, "Why the plugin or its actions are not served."),
}, required=["name", "source", "version", "actions"])
_SCHEMAS = obj({"params": nullable(_SCHEMA, "Of the params object; null: none declared."),
                "result": nullable(_SCHEMA, "Of the result; null: none declared.")},
               required=["params", "result"])


@schema(
    params=params(
        scopes=array(STRING, 'What to describe: "actions", "actionDetails", "plugins", "schemas" '
                             "(others are ignored)."),
        actions=nullable(_NAMES, "Describe only these actions (unknown names are left out)."),
        required=["scopes"],
    ),
    result=obj({
        "scopes": array(STRING, "The scopes answered."),
        "actions": _NAMES,
        "actionDetails": array(_ACTION_DETAILS),
        "plugins": array(_PLUGIN),
        "schemas": map_of(_SCHEMAS, "By action name."),
    }, required=["scopes"]),
)
def apiReflect(scopes: List[str], actions: Optional[List[str]] = None, *, host: Host) -> Dict[str, Any]:
    """Describe the API: which actions exist, and (our additions) what they take.

    Scopes: ``actions`` lists action names; ``actionDetails`` gives each
    action's plugin, parameters and documentation; ``plugins`` lists the
    loaded plugins and any that failed; ``schemas`` gives each action's JSON
    Schemas of its params and result (null where it declared none).
    ``actions`` limits the answer to the named actions (unknown names are
    left out). Without ``scopes`` the error names it, as for any missing
    parameter (upstream answered ``scopes has invalid value``).
    """
    if not isinstance(scopes, list):
        raise ActionError("scopes has invalid value")
    if actions is not None and (
        not isinstance(actions, list) or not all(isinstance(a, str) for a in actions)
    ):
        raise ActionError("actions has invalid value")
    registry = host.registry
    names = registry.names() if actions is None else [a for a in actions if a in registry]
    reply: Dict[str, Any] = {"scopes": []}
    for scope in scopes:
        if scope in reply["scopes"]:
            continue
        if scope == "actions":
            reply["actions"] = names
        elif scope == "actionDetails":
            reply["actionDetails"] = [registry.find(name).describe() for name in names]
        elif scope == "plugins":
            reply["plugins"] = host.plugin_report()
        elif scope == "schemas":
            reply["schemas"] = {name: registry.find(name).schemas() for name in names}
        else:
            continue
        reply["scopes"].append(scope)
    return reply


REQUEST = obj({
    "action": {"type": "string", "minLength": 1},
    "version": described(INTEGER, "The reply's shape: up to 4 the bare result, from 5 on {result, error}."),
    "params": {"type": "object"},
    "key": described(nullable(STRING), "The API key, when the apiKey setting has one."),
}, required=["action"], closed=False, description="A request, answered as if it came alone.")


@schema(
    params=params(actions=array(REQUEST), required=["actions"]),
    result=array(ANY, "The reply to each request, in order, shaped by its own version."),
)
def multi(actions: List[Any], *, host: Host) -> List[Any]:
    """Run several requests in one; each reply is shaped by its own version.

    Every sub-request is checked on its own (API key included), and an error
    in one does not stop the others. All of them run in the same single trip
    to Anki's main thread.
    """
    return host.handle_all(actions)


@hookimpl
def register_actions(register):
    register = documented(register, "misc")
    register(version)
    register(requestPermission, public=True)  # how a web page asks to be trusted
    register(apiReflect)
    register(multi, runs_requests="actions")
