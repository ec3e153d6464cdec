"""Everything an action plugin may use from this add-on, in one module.

The built-in action groups (``actions_builtin/``) import nothing else from
``core``: what they can do, a third-party plugin can do too. A plugin
installed as a package needs none of it (``pluggy.HookimplMarker("ankiconnect")``
and plain functions are enough); these names are for plugins that want the
types, the undo-step helper or the error class. docs/plugins.md documents
each of them.
"""

from .actions import ActionError, json_type
from .changes import Changes
from .config import Config
from .environment import OpenEditors
from .hookspecs import RegisterAction, hookimpl
from .host import Host
from .logs import get_logger

__all__ = [
    "ActionError",
    "Changes",
    "Config",
    "Host",
    "OpenEditors",
    "RegisterAction",
    "get_logger",
    "hookimpl",
    "json_type",
]
