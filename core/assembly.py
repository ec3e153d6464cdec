"""The one assembly of the served API, for either runtime.

A runtime (core/in_anki/, core/headless/) hands over what differs between
them: its Environment, how to post work to the thread that owns the
collection, where the settings come from, and where drop-in plugins live.
Everything else is built here, the same way for both: the plugins, the
bridge, the service, the HTTP application with its faces, and the server
that listens. The runtime keeps only its lifecycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from .bridge import MainThreadBridge
from .config import Config
from .environment import Environment
from .faces.http import HttpApp
from .faces.mcp.server import McpServer
from .plugins import BUILTIN_PLUGINS, PluginSet
from .server import ApiServer
from .service import Service
from .version import VERSION


class ServedApi:
    """Plugins, bridge, service and HTTP application of one runtime.

    :param environment: what the runtime provides to actions.
    :param post: schedules a callable on the thread that owns the collection.
    :param config_source: gives the current settings (``current()``) and
        forgets them when told (``invalidate()``).
    :param plugin_folder: a folder of drop-in plugins.
    :param entry_points: load the installed plugin packages.
    """

    def __init__(self, environment: Environment, post: Callable[[Callable[[], None]], None],
                 config_source: Any, *, plugin_folder: Optional[Path] = None, entry_points: bool = True,
                 builtins: Iterable[str] = BUILTIN_PLUGINS):
        self.config_source = config_source
        self._blocked = config_source.current().blockedPlugins
        self.plugins = PluginSet(blocked=self._blocked, builtins=builtins, entry_points=entry_points,
                                 folder=plugin_folder)
        self.bridge = MainThreadBridge(post)
        self.service = Service(self.plugins, self.bridge, environment, config_source.current)
        self.mcp = McpServer(self.service, VERSION)
        self.app = HttpApp(self.service, self.mcp)

    def config(self) -> Config:
        """The current settings."""
        return self.config_source.current()

    def reread_config(self) -> Config:
        """Read the settings afresh and load the plugins again if the block list changed;
        the new settings (whatever needs a new server is the runtime's to do)."""
        self.config_source.invalidate()
        config = self.config()
        if config.blockedPlugins != self._blocked:
            self._blocked = config.blockedPlugins
            self.plugins.reload(config.blockedPlugins)
        return config

    def listen(self, config: Config) -> ApiServer:
        """A server bound as the settings say, not yet started.

        :raises ServerStartError: when it cannot listen there.
        """
        # Requests that wait for changes each hold a thread: they get threads
        # of their own, so that the others never queue behind them.
        return ApiServer(self.app, config.webBindAddress, config.webBindPort,
                         threads=config.webThreads + config.changeWaiters, backlog=config.webBacklog,
                         max_request_bytes=config.webMaxRequestBytes)

    def close(self) -> None:
        """Refuse work for the collection and end every wait (the server stops,
        the profile closes): waiting requests are answered at once."""
        self.bridge.close()
        self.service.changes.close()

    def end_waits(self) -> None:
        """Answer every waiting request now, and end event streams (a server
        that stops while the collection stays open)."""
        self.service.changes.interrupt()

    def reopen(self) -> None:
        self.service.changes.reopen()
        self.bridge.reopen()
