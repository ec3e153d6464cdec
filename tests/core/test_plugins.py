"""Loading plugins: isolation, duplicates, blocking, runtime registration (without Anki)."""

from __future__ import annotations

import shutil
import types
from importlib.metadata import EntryPoint

import pluggy
import pytest
from plugin_files import copy_plugins

hookimpl = pluggy.HookimplMarker("ankiconnect")  # what a third-party plugin uses


def plugin_module(name, **actions):
    """A plugin module registering the given functions."""
    module = types.ModuleType(name)

    @hookimpl
    def register_actions(register):
        for action_name, function in actions.items():
            register(function, name=action_name)

    module.register_actions = register_actions
    return module


@pytest.fixture
def plugins(addon):
    return addon("core.plugins")


@pytest.fixture
def no_entry_points(plugins, monkeypatch):
    found = []  # (entry point, version of its distribution) pairs
    monkeypatch.setattr(plugins, "_entry_points", lambda: found)
    return found


def test_builtins_register_through_the_hook(plugins, no_entry_points):
    plugin_set = plugins.PluginSet(builtins=("misc",))
    assert plugin_set.registry.names() == ["apiReflect", "multi", "requestPermission", "version"]
    assert {a.plugin for a in plugin_set.registry} == {"misc"}


def test_an_entry_point_that_fails_to_import_is_reported_and_skipped(plugins, no_entry_points):
    no_entry_points.append(
        (EntryPoint(name="broken", value="no_such_module_anywhere", group="ankiconnect"), "1.0"))
    plugin_set = plugins.PluginSet(builtins=("misc",))
    assert "version" in plugin_set.registry
    [broken] = [p for p in plugin_set.report() if p["name"] == "broken"]
    assert broken == {"name": "broken", "source": "entry point", "version": None, "actions": [],
                      "error": "ModuleNotFoundError: No module named 'no_such_module_anywhere'"}


def test_a_plugin_whose_hook_raises_is_refused_and_the_others_keep_working(plugins, no_entry_points):
    plugin_set = plugins.PluginSet(builtins=("misc",))
    bad = types.ModuleType("bad")

    @hookimpl
    def register_actions(register):
        register(lambda: 1, name="half")
        raise RuntimeError("oops")

    bad.register_actions = register_actions
    with pytest.raises(ValueError, match="oops"):
        plugin_set.register(bad, name="bad")
    assert "half" not in plugin_set.registry
    assert "version" in plugin_set.registry


def test_two_plugins_claiming_one_action_is_an_error_naming_both(plugins, no_entry_points):
    plugin_set = plugins.PluginSet(builtins=("misc",))
    with pytest.raises(ValueError) as caught:
        plugin_set.register(plugin_module("impostor", version=lambda: 7), name="impostor")
    assert str(caught.value) == "action 'version' of plugin 'impostor' is already registered by plugin 'misc'"
    assert plugin_set.registry.find("version").plugin == "misc"


def test_a_clash_between_entry_points_is_reported_for_the_later_one(plugins, no_entry_points, monkeypatch):
    first = plugin_module("first_plugin", shared=lambda: 1, own1=lambda: 1)
    second = plugin_module("second_plugin", shared=lambda: 2, own2=lambda: 2)
    monkeypatch.setitem(__import__("sys").modules, "first_plugin", first)
    monkeypatch.setitem(__import__("sys").modules, "second_plugin", second)
    no_entry_points += [(EntryPoint(name="first", value="first_plugin", group="ankiconnect"), "1.0"),
                        (EntryPoint(name="second", value="second_plugin", group="ankiconnect"), "2.0")]
    plugin_set = plugins.PluginSet(builtins=())
    assert plugin_set.registry.names() == ["own1", "shared"]
    [first_report, second_report] = [p for p in plugin_set.report() if p["name"] in ("first", "second")]
    assert first_report["version"] == "1.0"  # its distribution's version
    assert second_report["error"] == (
        "action 'shared' of plugin 'second' is already registered by plugin 'first'")


def test_blocked_plugins_are_not_loaded_and_are_reported(plugins, no_entry_points):
    plugin_set = plugins.PluginSet(blocked=["misc"], builtins=("misc",))
    assert len(plugin_set.registry) == 0
    assert plugin_set.report() == [{"name": "misc", "source": "builtin", "version": None, "actions": [],
                                    "error": "blocked by the blockedPlugins setting"}]


def test_runtime_plugins_come_and_go_and_survive_a_reload(plugins, no_entry_points):
    plugin_set = plugins.PluginSet(builtins=("misc",))
    mine = plugin_module("mine", shout=lambda text: text.upper())
    assert plugin_set.register(mine, name="mine") == ["shout"]
    assert plugin_set.registry.find("shout").plugin == "mine"
    plugin_set.reload(blocked=())
    assert "shout" in plugin_set.registry
    plugin_set.unregister("mine")
    assert "shout" not in plugin_set.registry
    with pytest.raises(ValueError, match="no plugin named 'mine'"):
        plugin_set.unregister("mine")


def test_a_runtime_plugin_name_must_be_free(plugins, no_entry_points):
    plugin_set = plugins.PluginSet(builtins=("misc",))
    with pytest.raises(ValueError, match="'misc' is already registered"):
        plugin_set.register(plugin_module("other"), name="misc")


def test_each_call_builds_an_independent_manager(plugins, no_entry_points):
    first = plugins.get_plugin_manager(builtins=("misc",))
    second = plugins.get_plugin_manager(builtins=("misc",))
    assert first.pm is not second.pm
    assert first.pm.get_plugin("misc") is second.pm.get_plugin("misc")  # the same module, two managers


# Drop-in folder (user_files/plugins inside Anki) ------------------------------------


@pytest.fixture
def folder(tmp_path):
    """A copy of tests/plugins/drop_in_mixed: a plugin module (shouting.py), a plugin
    package (counting), a module that fails to import, a private module, a text file."""
    return copy_plugins("drop_in_mixed", tmp_path / "plugins")


def test_plugins_dropped_into_the_folder_are_served_and_reported(plugins, no_entry_points, folder):
    plugin_set = plugins.PluginSet(builtins=("misc",), folder=folder)
    registry = plugin_set.registry
    assert registry.find("shout").function(text="hi") == "HI"
    assert registry.find("countWords").function(text="one two three") == 3  # a package, relative import
    report = {p["name"]: p for p in plugin_set.report()}
    assert report["shouting"] == {"name": "shouting", "source": "folder", "version": "0.3",
                                  "actions": ["shout"]}
    assert report["counting"]["source"] == "folder" and report["counting"]["version"] is None
    assert report["broken"] == {"name": "broken", "source": "folder", "version": None, "actions": [],
                                "error": "RuntimeError: not today"}
    assert "_helper" not in report and "notes" not in report


def test_a_reload_picks_up_edits_and_new_files_in_the_folder(plugins, no_entry_points, folder):
    plugin_set = plugins.PluginSet(builtins=("misc",), folder=folder)
    shouting = folder / "shouting.py"
    shouting.write_text(shouting.read_text().replace("text.upper()", "text.upper() + '!'"))
    (folder / "broken.py").unlink()
    plugin_set.reload()
    assert plugin_set.registry.find("shout").function(text="hi") == "HI!"
    assert "broken" not in {p["name"] for p in plugin_set.report()}


def test_a_folder_plugin_cannot_take_a_built_in_name_or_a_blocked_one(plugins, no_entry_points, folder):
    shutil.copy(folder / "shouting.py", folder / "misc.py")
    plugin_set = plugins.PluginSet(builtins=("misc",), folder=folder, blocked=["shouting"])
    assert plugin_set.registry.find("version").plugin == "misc"
    report = plugin_set.report()
    assert {"name": "misc", "source": "builtin", "version": None,
            "actions": ["apiReflect", "multi", "requestPermission", "version"]} in report
    assert {"name": "misc", "source": "folder", "version": None, "actions": [],
            "error": "another plugin is already named 'misc'"} in report
    assert {"name": "shouting", "source": "folder", "version": None, "actions": [],
            "error": "blocked by the blockedPlugins setting"} in report
    assert "shout" not in plugin_set.registry


def test_a_missing_folder_is_no_error(plugins, no_entry_points, tmp_path):
    plugin_set = plugins.PluginSet(builtins=("misc",), folder=tmp_path / "nowhere")
    assert plugin_set.registry.names() == ["apiReflect", "multi", "requestPermission", "version"]


def test_register_takes_the_schemas_of_an_action(plugins, no_entry_points):
    plugin_set = plugins.PluginSet(builtins=())
    module = types.ModuleType("shouting")

    def shout(text):
        """The text in capitals."""
        return text.upper()

    @hookimpl
    def register_actions(register):
        register(shout, params_schema={"type": "object", "required": ["text"]},
                 result_schema={"type": "string"})

    module.register_actions = register_actions
    plugin_set.register(module, name="shouting")
    schemas = plugin_set.registry.find("shout").schemas()
    assert schemas["params"]["required"] == ["text"] and schemas["result"]["type"] == "string"
