"""Actions about the API itself: version, requestPermission, apiReflect, multi."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ...core.plugin_api import ActionError, Config, Host, hookimpl


def version(*, host: Host) -> int:
    """The API version this server speaks (6)."""
    return host.config.apiVersion


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


def apiReflect(scopes: Optional[List[str]] = None, actions: Optional[List[str]] = None,
               *, host: Host) -> Dict[str, Any]:
    """Describe the API: which actions exist, and (our additions) what they take.

    Scopes: ``actions`` lists action names; ``actionDetails`` gives each
    action's plugin, parameters and documentation; ``plugins`` lists the
    loaded plugins and any that failed. ``actions`` limits the answer to the
    named actions (unknown names are left out).
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
        else:
            continue
        reply["scopes"].append(scope)
    return reply


def multi(actions: List[Any], *, host: Host) -> List[Any]:
    """Run several requests in one; each reply is shaped by its own version.

    Every sub-request is checked on its own (API key included), and an error
    in one does not stop the others. All of them run in the same single trip
    to Anki's main thread.
    """
    return host.handle_all(actions)


@hookimpl
def register_actions(register):
    register(version)
    register(requestPermission)
    register(apiReflect)
    register(multi)
