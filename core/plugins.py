"""Building the plugin manager: built-in groups first, then entry points, then
the plugins dropped into a folder (``user_files/plugins`` inside Anki).

Built-in groups and third-party plugins take the same path: each is loaded on
its own, and one that fails to import is logged, reported and skipped.
(pluggy's ``load_setuptools_entrypoints`` would stop at the first failure.)
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, Iterable, List, Optional, Set, Tuple

from ..vendor import pluggy
from . import hookspecs
from .logs import get_logger
from .registry import ActionRegistry, PluginProblem, collect_actions

log = get_logger(__name__)

ENTRY_POINT_GROUP = "ankiconnect"

# Packages of actions_builtin/, each a plugin registered under its own name.
BUILTIN_PLUGINS: Tuple[str, ...] = (
    "cards", "changes", "collection", "decks", "gui", "media", "misc", "models", "notes", "stats",
)


# Drop-in plugins are imported under this prefix, so they cannot shadow real modules.
FOLDER_MODULE_PREFIX = "ankiconnect_plugin_"


@dataclass
class LoadedPlugins:
    """A plugin manager and what happened while filling it."""

    pm: pluggy.PluginManager
    problems: List[PluginProblem] = field(default_factory=list)
    versions: Dict[str, str] = field(default_factory=dict)  # entry-point and folder plugins
    sources: Dict[str, str] = field(default_factory=dict)  # name -> where it came from (or was blocked)


def get_plugin_manager(
    *,
    blocked: Iterable[str] = (),
    builtins: Iterable[str] = BUILTIN_PLUGINS,
    entry_points: bool = True,
    folder: Optional[Path] = None,
) -> LoadedPlugins:
    """A new plugin manager with the built-ins and installed plugins loaded.

    :param blocked: plugin names never to load (built-in or third-party).
    :param builtins: the built-in groups to load, by module name.
    :param entry_points: also load plugins of the ``ankiconnect`` entry point group.
    :param folder: also load the plugins dropped into this folder (see
        :func:`_folder_plugins`); inside Anki, the add-on's ``user_files/plugins``.
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
        _load(loaded, module, lambda module=module: _import_builtin(module), "builtin")
    if entry_points:
        for entry_point, version in _entry_points():
            if _load(loaded, entry_point.name, entry_point.load, "entry point"):
                loaded.versions[entry_point.name] = version
    for name, path in _folder_plugins(folder):
        if _load(loaded, name, lambda name=name, path=path: _import_from_folder(name, path), "folder"):
            version = getattr(pm.get_plugin(name), "__version__", None)
            if isinstance(version, str):
                loaded.versions[name] = version
    return loaded


def _load(loaded: LoadedPlugins, name: str, load: Callable[[], object], source: str) -> bool:
    """Register one plugin; a problem is recorded, never raised."""
    pm = loaded.pm
    if pm.is_blocked(name):
        log.info("plugin %r is blocked by the config; not loaded", name)
        loaded.sources.setdefault(name, source)
        return False
    if pm.has_plugin(name):
        message = f"another plugin is already named '{name}'"
        loaded.problems.append(PluginProblem(name, "load", message, source))
        return False
    try:
        pm.register(load(), name=name)
    except Exception as exc:
        log.exception("plugin %r could not be loaded", name)
        loaded.problems.append(PluginProblem(name, "load", f"{type(exc).__name__}: {exc}", source))
        return False
    loaded.sources[name] = source
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


def _folder_plugins(folder: Optional[Path]) -> List[Tuple[str, Path]]:
    """The plugins in a drop-in folder, by name: each ``name.py`` file and each
    ``name/`` package (with an ``__init__.py``). Names starting with ``_`` or
    ``.`` are left alone."""
    if folder is None or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("_", ".")):
            continue
        if path.is_file() and path.suffix == ".py":
            found.append((path.stem, path))
        elif path.is_dir() and (path / "__init__.py").is_file():
            found.append((path.name, path))
    return found


def _import_from_folder(name: str, path: Path) -> ModuleType:
    """Import a drop-in plugin afresh (a reload picks up edits to its files)."""
    module_name = f"{FOLDER_MODULE_PREFIX}{name}"
    for loaded in [m for m in sys.modules if m == module_name or m.startswith(module_name + ".")]:
        del sys.modules[loaded]
    if path.is_dir():
        spec = importlib.util.spec_from_file_location(module_name, path / "__init__.py",
                                                      submodule_search_locations=[str(path)])
    else:
        spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    # Anki does not ship pluggy, so the file gets the marker it needs ready-made.
    module.hookimpl = hookspecs.hookimpl  # type: ignore[attr-defined]
    sys.modules[module_name] = module  # before running it: its own relative imports need it
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


class PluginSet:
    """The plugins the running add-on serves and the action table they make.

    Other Anki add-ons add and remove plugins at runtime; every change builds
    a new ActionRegistry and swaps it in whole, so a request in flight keeps
    the table it started with.
    """

    def __init__(self, *, blocked: Iterable[str] = (), builtins: Iterable[str] = BUILTIN_PLUGINS,
                 entry_points: bool = True, folder: Optional[Path] = None):
        self._builtins = tuple(builtins)
        self._entry_points = entry_points
        self._folder = folder
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
                                              entry_points=self._entry_points, folder=self._folder)
            for name, plugin in self._runtime.items():
                _load(self._loaded, name, lambda plugin=plugin: plugin, "runtime")
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
        # a load problem never belongs to a plugin that is loaded: it is another one of that name
        problems = {p.plugin: p for p in self._register_problems}
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
        for problem in [*self._loaded.problems, *problems.values()]:  # plugins that never loaded
            report.append({"name": problem.plugin, "source": problem.source or self._source(problem.plugin),
                           "version": None, "actions": [], "error": problem.message})
        for name in self._blocked:
            report.append({"name": name, "source": self._source(name), "version": None,
                           "actions": [], "error": "blocked by the blockedPlugins setting"})
        return report

    def collection_did_change(self, col: Any) -> None:
        """Call every plugin's ``collection_did_change``, each on its own: one that
        raises is logged and the others still see the change."""
        for impl in self.pm.hook.collection_did_change.get_hookimpls():
            try:
                impl.function(col=col)
            except Exception:
                log.exception("plugin %r: collection_did_change failed", impl.plugin_name)

    def _source(self, name: str) -> str:
        if name in self._runtime:
            return "runtime"
        return self._loaded.sources.get(name, "entry point")
