"""The in-process API other Anki add-ons use: ``aqt.mw.ankiconnect``.

Anki has no pluggy and the folder this add-on is installed in is not known in
advance, so instead of importing us, another add-on reaches this object
through Anki's main window once add-ons are loaded (``hookimpl`` here is the
marker its plugin needs). docs/plugins.md, "Registering from another Anki
add-on", has a complete example, which the tests run in Anki.

Call these on Qt's main thread (where add-on code runs anyway).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional

from ..hookspecs import hookimpl

if TYPE_CHECKING:
    from .runtime import AnkiRuntime


class AddonApi:
    #: Marks a plugin's hook implementations (the same as
    #: ``pluggy.HookimplMarker("ankiconnect")``, for add-ons without pluggy).
    hookimpl = hookimpl

    def __init__(self, runtime: AnkiRuntime):
        self._runtime = runtime

    def register_plugin(self, plugin: object, name: str) -> List[str]:
        """Serve the actions of plugin from the next request on.

        :param plugin: an object or module with a ``register_actions`` hookimpl.
        :param name: a unique name; it is what ``apiReflect`` reports and what
            ``blockedPlugins`` and :meth:`unregister_plugin` use.
        :returns: the names of the actions it registered.
        :raises ValueError: if the name is taken or blocked, the plugin's
            ``register_actions`` raised, or one of its actions is already
            served by another plugin (the message names both).
        """
        return self._runtime.api.plugins.register(plugin, name)

    def unregister_plugin(self, name: str) -> None:
        """Stop serving the actions of a plugin added with :meth:`register_plugin`."""
        self._runtime.api.plugins.unregister(name)

    def plugins(self) -> List[Dict[str, Any]]:
        """Every plugin: name, source, version, actions, and its error if it failed."""
        return self._runtime.api.plugins.report()

    def reload_plugins(self) -> None:
        """Load every plugin afresh: entry points and the files in
        ``user_files/plugins`` (edits included); plugins added with
        :meth:`register_plugin` stay."""
        self._runtime.api.plugins.reload(self._runtime.config().blockedPlugins)

    def action_names(self) -> List[str]:
        """Every action the API serves now."""
        return self._runtime.api.plugins.registry.names()

    @property
    def url(self) -> Optional[str]:
        """Where the API listens, e.g. ``http://127.0.0.1:8765``; None while stopped."""
        return self._runtime.url

    @property
    def start_error(self) -> Optional[str]:
        """Why the server could not start (e.g. the port is busy), if it could not."""
        return self._runtime.start_error

    def apply_config(self) -> None:
        """Apply config changes now (bind address and port restart the server)."""
        self._runtime.apply_config()
