"""The table of actions, collected plugin by plugin through the hook.

Each plugin's ``register_actions`` is called on its own, so the registry knows
which plugin registered what, and a plugin that raises or claims a name that
is already taken is rejected whole, with a problem report that names both
claimants, while every other plugin keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

from ..vendor import pluggy
from .actions import Action
from .logs import get_logger

log = get_logger(__name__)


@dataclass(frozen=True)
class PluginProblem:
    """A plugin that could not be loaded or whose actions were refused."""

    plugin: str
    stage: str  # "load" or "register"
    message: str
    source: Optional[str] = None  # where a plugin that never loaded came from

    def describe(self) -> dict:
        return {"plugin": self.plugin, "stage": self.stage, "error": self.message}


class ActionRegistry:
    """An immutable map from (name, API version) to the action to run."""

    def __init__(self, actions: Iterable[Action] = ()):
        self._by_name: Dict[str, Action] = {}
        # old name -> [(last version it was called that, action)]
        self._by_old_name: Dict[str, List[Tuple[int, Action]]] = {}
        self._by_event_stream: Dict[str, Action] = {}
        for action in actions:
            self._by_name[action.name] = action
            if action.event_stream is not None:
                self._by_event_stream[action.event_stream] = action
            for version, old in action.older_names.items():
                self._by_old_name.setdefault(old, []).append((version, action))

    def find(self, name: Any, version: Any = 6) -> Optional[Action]:
        if not isinstance(name, str):
            return None
        action = self._by_name.get(name)
        if action is not None:
            return action
        for last_version, candidate in self._by_old_name.get(name, ()):
            if isinstance(version, (int, float)) and version <= last_version:
                return candidate
        return None

    def event_stream(self, name: str) -> Optional[Action]:
        """The action served as the event stream called name (GET /name), if any."""
        return self._by_event_stream.get(name)

    def names(self) -> List[str]:
        return sorted(self._by_name)

    def __iter__(self):
        return iter(self._by_name[name] for name in self.names())

    def __len__(self) -> int:
        return len(self._by_name)

    def __contains__(self, name: str) -> bool:
        return name in self._by_name


def collect_actions(
    pm: pluggy.PluginManager,
) -> Tuple[ActionRegistry, List[PluginProblem]]:
    """Ask every registered plugin for its actions, one plugin at a time."""
    accepted: List[Action] = []
    claimed: Dict[str, Action] = {}  # every served name (current and old) -> owner
    problems: List[PluginProblem] = []
    for plugin_name, plugin in pm.list_name_plugin():
        if plugin is None:  # a blocked name
            continue
        try:
            actions = _actions_of(pm, plugin_name, plugin)
            _refuse_clashes(plugin_name, actions, claimed)
        except Exception as exc:  # a broken plugin must not take the others down
            log.error("plugin %r: its actions were refused: %s", plugin_name, exc,
                      exc_info=not isinstance(exc, DuplicateActionError))
            problems.append(PluginProblem(plugin_name, "register", str(exc)))
            continue
        for action in actions:
            for served in _served_names(action):
                claimed[served] = action
            accepted.append(action)
    return ActionRegistry(accepted), problems


class DuplicateActionError(Exception):
    pass


def _actions_of(pm: pluggy.PluginManager, plugin_name: str, plugin: object) -> List[Action]:
    caller = pm.subset_hook_caller(
        "register_actions",
        remove_plugins=[p for p in pm.get_plugins() if p is not plugin],
    )
    actions: List[Action] = []

    def register(
        function: Callable[..., Any],
        name: Optional[str] = None,
        *,
        gui: bool = False,
        older_names: Optional[Mapping[int, str]] = None,
        prefetch: Optional[Callable[[Dict[str, Any]], Iterable[str]]] = None,
        params_schema: Optional[Mapping[str, Any]] = None,
        result_schema: Optional[Mapping[str, Any]] = None,
        **properties: Any,
    ) -> None:
        actions.append(
            Action.from_function(function, name=name, plugin=plugin_name, gui=gui,
                                 older_names=older_names, prefetch=prefetch,
                                 params_schema=params_schema, result_schema=result_schema, **properties)
        )

    caller(register=register)
    return actions


def _refuse_clashes(plugin_name: str, actions: List[Action], claimed: Dict[str, Action]) -> None:
    mine: Dict[str, Action] = {}
    for action in actions:
        for served in _served_names(action):
            owner = claimed.get(served) or mine.get(served)
            if owner is not None:
                raise DuplicateActionError(
                    f"action '{served}' of plugin '{plugin_name}' is already registered "
                    f"by plugin '{owner.plugin}'"
                )
            mine[served] = action


def _served_names(action: Action) -> List[str]:
    names = [action.name, *action.older_names.values()]
    if action.event_stream is not None:  # an event stream's path is claimed like a name
        names.append(f"GET /{action.event_stream}")
    return names
