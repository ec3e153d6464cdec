"""The layout's rules, read from the source: who may import what, and no import cycles.

Built-in action groups use the add-on only through core/plugin_api.py (what a
third-party plugin can use too), their own package and the shared package.
Only the GUI actions may import Anki's GUI (aqt, Qt): everything else also
runs headless.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parents[2]
GROUPS = ("cards", "changes", "collection", "decks", "gui", "media", "misc", "models", "notes", "stats")
GUI_TOOLKITS = ("aqt", "PyQt6", "PyQt5")
MAY_USE_GUI = ("actions_builtin.gui",)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def imports_of(path: Path, root: Path = ROOT) -> Iterator[Tuple[str, int]]:
    """(module imported, line) for every import in a file: lazy ones inside
    functions and those for type checkers (``if TYPE_CHECKING:``) included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path, root).split(".")
    package = here if is_package(path) else here[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.module or "", node.lineno
                continue
            base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if node.module:
                yield target, node.lineno
            for alias in node.names:  # `from . import name` may name a module
                yield f"{target}.{alias.name}" if target else alias.name, node.lineno


def own_modules() -> Dict[str, Path]:
    """Every module of the add-on (vendored code left out), by dotted name."""
    return {module_name(path): path for path in sorted(ROOT.glob("**/*.py"))
            if path.relative_to(ROOT).parts[0] in ("core", "actions_builtin") or path.parent == ROOT}


def internal(target: str, modules: Dict[str, Path]) -> Optional[str]:
    """The add-on module an import refers to, or None for other code."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def test_every_group_is_a_package_whose_init_registers_its_actions():
    for group in GROUPS:
        source = (ROOT / "actions_builtin" / group / "__init__.py").read_text(encoding="utf-8")
        assert "def register_actions(" in source, group


def test_built_in_groups_use_only_the_plugin_api_their_package_and_shared():
    modules = own_modules()
    broken: List[str] = []
    for name, path in modules.items():
        if not name.startswith("actions_builtin."):
            continue
        group = name.split(".")[1]
        allowed = {"core.plugin_api", "actions_builtin.shared", f"actions_builtin.{group}"}
        if group == "shared":
            allowed = {"core.plugin_api", "actions_builtin.shared"}
        for target, line in imports_of(path):
            own = internal(target, modules) if target.split(".")[0] in ("core", "actions_builtin") else None
            if own is not None and not any(own == a or own.startswith(a + ".") for a in allowed):
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {own}")
            if target.split(".")[0] in GUI_TOOLKITS and not name.startswith(MAY_USE_GUI):
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert broken == []


def test_the_rule_above_sees_a_forbidden_import(tmp_path):
    """The check can fail: a lazy import of core.config and one of aqt, as the rule reads them."""
    module = tmp_path / "actions_builtin" / "notes" / "bad.py"
    module.parent.mkdir(parents=True)
    module.write_text("def f():\n    from ...core.config import Config\n    import aqt\n")
    assert [t for t, _ in imports_of(module, tmp_path)] == ["core.config", "core.config.Config", "aqt"]


def test_no_import_cycles_among_the_add_ons_modules():
    modules = own_modules()
    graph: Dict[str, Set[str]] = {}
    for name, path in modules.items():
        edges = {internal(t, modules) for t, _ in imports_of(path)
                 if t.split(".")[0] in ("core", "actions_builtin", "vendor")}
        graph[name] = {e for e in edges if e is not None and e != name and not name.startswith(e + ".")
                       and not _package_and_member(e, name)}
    assert find_cycle(graph) is None


def _package_and_member(package: str, member: str) -> bool:
    # A package's __init__ importing its own modules is how packages are
    # built, and a module importing a sibling goes through the package:
    # neither is a cycle of ours.
    return member.startswith(package + ".") or package.startswith(member + ".")


def find_cycle(graph: Dict[str, Set[str]]) -> Optional[List[str]]:
    """A list of modules that import each other in a ring, or None."""
    state: Dict[str, int] = {}  # 1: being visited, 2: done
    trail: List[str] = []

    def visit(node: str) -> Optional[List[str]]:
        state[node] = 1
        trail.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return trail[trail.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        trail.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_find_cycle_finds_a_ring():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


# The core's layers, bottom to top, and what each may import. A request goes
# down through them: a face calls the service, the service plans and runs it
# through its internals, all on the foundation; the assembly builds the
# served API, and the runtimes (in Anki, headless) run it.
CORE_LAYERS: Dict[str, Tuple[str, ...]] = {
    "foundation": ("core.actions", "core.caller", "core.change_signal", "core.changes", "core.config",
                   "core.config_schema", "core.downloads",
                   "core.environment", "core.hookspecs", "core.host", "core.line_ends", "core.logs",
                   "core.openapi", "core.plugin_api", "core.plugins", "core.registry", "core.replies",
                   "core.security", "core.syncing", "core.validation", "core.version"),
    "service internals": ("core.apilog", "core.bridge", "core.plan", "core.run", "core.waits"),
    "service": ("core.service",),
    "faces": ("core.faces",),
    "server": ("core.server",),
    "assembly": ("core.assembly",),
    "runtimes": ("core.in_anki", "core.headless"),
}
MAY_IMPORT: Dict[str, Tuple[str, ...]] = {
    "foundation": ("foundation",),
    "service internals": ("foundation", "service internals"),
    "service": ("foundation", "service internals"),
    # a face calls the service and never what is behind it (the bridge, plans, runs, the log)
    "faces": ("foundation", "service", "faces"),
    "server": ("foundation",),
    "assembly": ("foundation", "service internals", "service", "faces", "server"),
    "runtimes": ("foundation", "server", "assembly", "runtimes"),
}


def core_layer(module: str) -> Optional[str]:
    for layer, members in CORE_LAYERS.items():
        if any(module == m or module.startswith(m + ".") for m in members):
            return layer
    return None


def test_every_core_module_has_a_layer():
    assert [name for name in own_modules() if name.startswith("core.") and core_layer(name) is None] == []


def test_core_modules_import_only_their_own_layer_and_the_ones_it_builds_on():
    modules = own_modules()
    broken: List[str] = []
    for name, path in modules.items():
        layer = core_layer(name)
        if layer is None:
            continue
        for target, line in imports_of(path):
            own = internal(target, modules) if target.startswith("core.") else None
            if own is None or own == "core" or own == name:
                continue
            if core_layer(own) not in MAY_IMPORT[layer]:
                broken.append(f"{path.relative_to(ROOT)}:{line}: {layer} imports {own} ({core_layer(own)})")
    assert broken == []


def test_the_layer_rule_sees_a_face_reaching_behind_the_service(tmp_path):
    module = tmp_path / "core" / "faces" / "sneaky.py"
    module.parent.mkdir(parents=True)
    module.write_text("from ..bridge import MainThreadBridge\n")
    imported = [t for t, _ in imports_of(module, tmp_path)]
    assert "core.bridge" in imported
    assert core_layer("core.bridge") not in MAY_IMPORT[core_layer("core.faces.sneaky")]


# Request keys that are also the name of a built-in action.
ENVELOPE_WORDS = {"version"}


def test_no_core_module_names_a_built_in_action(addon):
    """What the core needs from an action, the action declares when it registers
    (core/actions.py: public, runs_requests, ...): no action is known by name."""
    actions = set(addon("core.plugins").PluginSet(entry_points=False).registry.names()) - ENVELOPE_WORDS
    named: List[str] = []
    for name, path in own_modules().items():
        if not name.startswith("core."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in actions:
                named.append(f"{path.relative_to(ROOT)}:{node.lineno} names {node.value!r}")
    assert named == []
