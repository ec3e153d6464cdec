"""Building the plugin manager: built-in groups first, then entry points.

Built-in groups and third-party plugins take the same path: each is loaded on
its own, and one that fails to import is logged, reported and skipped.
(pluggy's ``load_setuptools_entrypoints`` would stop at the first failure.)
"""

from __future__ import annotations

import importlib
import os
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Set, Tuple

from ..vendor import pluggy
from . import hookspecs
from .logs import get_logger
from .registry import ActionRegistry, PluginProblem, collect_actions

log = get_logger(__name__)

ENTRY_POINT_GROUP = "ankiconnect"

# Modules of actions_builtin/, each a plugin registered under its own name.
BUILTIN_PLUGINS: Tuple[str, ...] = (
    "cards", "collection", "decks", "gui", "media", "misc", "models", "notes", "stats",
)


@dataclass
class LoadedPlugins:
    """A plugin manager and what happened while filling it."""

    pm: pluggy.PluginManager
    problems: List[PluginProblem] = field(default_factory=list)
    versions: Dict[str, str] = field(default_factory=dict)  # entry-point plugins only


def get_plugin_manager(
    *,
    blocked: Iterable[str] = (),
    builtins: Iterable[str] = BUILTIN_PLUGINS,
    entry_points: bool = True,
) -> LoadedPlugins:
    """A new plugin manager with the built-ins and installed plugins loaded.

    :param blocked: plugin names never to load (built-in or third-party).
    :param builtins: the built-in groups to load, by module name.
    :param entry_points: also load plugins of the ``ankiconnect`` entry point group.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    if os.environ.get("ANKICONNECT_TRACE_HOOKS"):
        pm.trace.root.setwriter(lambda message: log.info("hook trace: %s", message.rstrip()))
        pm.enable_tracing()
    for name in blocked:
        pm.set_blocked(name)

    loaded = LoadedPlugins(pm)
    for module in builtins:
        _load(pm, module, lambda module=module: _import_builtin(module), loaded.problems)
    if entry_points:
        for entry_point, version in _entry_points():
            if _load(pm, entry_point.name, entry_point.load, loaded.problems):
                loaded.versions[entry_point.name] = version
    return loaded


def _load(pm: pluggy.PluginManager, name: str, load: Callable[[], object],
          problems: List[PluginProblem]) -> bool:
    if pm.is_blocked(name):
        log.info("plugin %r is blocked by the config; not loaded", name)
        return False
    if pm.has_plugin(name):
        problems.append(PluginProblem(name, "load", f"another plugin is already named '{name}'"))
        return False
    try:
        pm.register(load(), name=name)
    except Exception as exc:
        log.exception("plugin %r could not be loaded", name)
        problems.append(PluginProblem(name, "load", f"{type(exc).__name__}: {exc}"))
        return False
    return True


def _import_builtin(module: str) -> object:
    package = __package__.rsplit(".", 1)[0]  # the add-on package, whatever its folder is called
    return importlib.import_module(f"{package}.actions_builtin.{module}")


def _entry_points() -> List[Tuple[Any, str]]:
    """Each ``ankiconnect`` entry point with the version of the distribution declaring it.

    Walks the distributions rather than ``metadata.entry_points()`` because
    on Python 3.9 (Anki 25.02) an entry point does not know its distribution.
    A distribution found twice on ``sys.path`` counts once, the first copy
    winning, as the import system would.
    """
    from importlib import metadata

    seen: Set[str] = set()
    found = []
    for dist in metadata.distributions():
        name = re.sub(r"[-_.]+", "-", dist.metadata["Name"] or "").lower()  # PEP 503
        if name in seen:
            continue
        seen.add(name)
        found.extend((entry_point, dist.version) for entry_point in dist.entry_points
                     if entry_point.group == ENTRY_POINT_GROUP)
    return found


class PluginSet:
    """The plugins the running add-on serves and the action table they make.

    Other Anki add-ons add and remove plugins at runtime; every change builds
    a new ActionRegistry and swaps it in whole, so a request in flight keeps
    the table it started with.
    """

    def __init__(self, *, blocked: Iterable[str] = (), builtins: Iterable[str] = BUILTIN_PLUGINS,
                 entry_points: bool = True):
        self._builtins = tuple(builtins)
        self._entry_points = entry_points
        self._runtime: Dict[str, object] = {}  # added by other add-ons, kept across reloads
        self._lock = threading.RLock()
        self.reload(blocked)

    @property
    def registry(self) -> ActionRegistry:
        return self._registry

    @property
    def pm(self) -> pluggy.PluginManager:
        return self._loaded.pm

    def reload(self, blocked: Iterable[str] = ()) -> None:
        """Start over from a fresh plugin manager (e.g. when the block list changes)."""
        with self._lock:
            self._blocked = tuple(blocked)
            self._loaded = get_plugin_manager(blocked=self._blocked, builtins=self._builtins,
                                              entry_points=self._entry_points)
            for name, plugin in self._runtime.items():
                _load(self.pm, name, lambda plugin=plugin: plugin, self._loaded.problems)
            self._rebuild()

    def register(self, plugin: object, name: str) -> List[str]:
        """Add a plugin; return the names of the actions it registered.

        :raises ValueError: the name is taken or blocked, the plugin raised, or
            one of its actions is already served by another plugin. The plugin
            is then not added.
        """
        try:
            hash(plugin)
        except TypeError:
            raise ValueError("a plugin must be a module or a hashable object") from None
        with self._lock:
            if self.pm.has_plugin(name) or self.pm.is_blocked(name):
                raise ValueError(f"a plugin named '{name}' is already registered or blocked")
            self.pm.register(plugin, name=name)
            registry, problems = collect_actions(self.pm)
            mine = [p for p in problems if p.plugin == name]
            if mine:
                self.pm.unregister(name=name)
                raise ValueError(mine[0].message)
            self._runtime[name] = plugin
            self._registry, self._register_problems = registry, problems
            return [a.name for a in registry if a.plugin == name]

    def unregister(self, name: str) -> None:
        """Remove a plugin added with register(); its actions stop being served."""
        with self._lock:
            if name not in self._runtime:
                raise ValueError(f"no plugin named '{name}' was registered at runtime")
            del self._runtime[name]
            self.pm.unregister(name=name)
            self._rebuild()

    def _rebuild(self) -> None:
        self._registry, self._register_problems = collect_actions(self.pm)

    def report(self) -> List[Dict[str, object]]:
        """Every plugin: where it came from, its version and actions, or its error."""
        problems = {p.plugin: p for p in self._loaded.problems + self._register_problems}
        by_plugin: Dict[str, List[str]] = {}
        for action in self._registry:
            by_plugin.setdefault(action.plugin, []).append(action.name)
        report: List[Dict[str, object]] = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            entry: Dict[str, object] = {
                "name": name,
                "source": self._source(name),
                "version": self._loaded.versions.get(name),
                "actions": by_plugin.get(name, []),
            }
            if name in problems:
                entry["error"] = problems.pop(name).message
            report.append(entry)
        for problem in problems.values():  # plugins that never loaded
            report.append({"name": problem.plugin, "source": self._source(problem.plugin),
                           "version": None, "actions": [], "error": problem.message})
        for name in self._blocked:
            report.append({"name": name, "source": self._source(name), "version": None,
                           "actions": [], "error": "blocked by the blockedPlugins setting"})
        return report

    def _source(self, name: str) -> str:
        if name in self._builtins:
            return "builtin"
        if name in self._runtime:
            return "runtime"
        return "entry point"
