"""Third-party plugins in a real Anki: an installed package, and another add-on's plugin."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest
from plugin_files import EXAMPLE_PLUGIN

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_DOCS = (ROOT / "docs" / "plugins.md").read_text()


def code_blocks(tag: str) -> list:
    return re.findall(rf"^```\w+ {tag}\n(.*?)^```", PLUGIN_DOCS, re.MULTILINE | re.DOTALL)


@pytest.mark.usefixtures("example_plugin")
class TestInstalledPackage:
    """tests/example_plugin, pip-installed by tools/dev.py test, found through its entry point."""

    def test_its_action_is_served(self, client, col):
        col.decks.id("Languages::Japanese")
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"] = "猫"
        col.add_note(note, col.decks.id("Languages::Japanese"))
        assert client.call("deckNoteCount", deck="Languages") == {"result": 1, "error": None}
        assert client.call("deckNoteCount", deck="Nowhere") == {
            "result": None, "error": "deck was not found: Nowhere"}

    def test_its_params_are_checked_like_any_action(self, client):
        assert client.call("deckNoteCount") == {
            "result": None, "error": "deckNoteCount() missing 1 required positional argument: 'deck'"}

    def test_api_reflect_lists_it_with_its_plugin_and_version(self, client):
        reply = client.result("apiReflect", scopes=["actions", "actionDetails", "plugins"],
                              actions=["deckNoteCount"])
        assert reply["actions"] == ["deckNoteCount"]
        assert reply["actionDetails"] == [{
            "name": "deckNoteCount", "plugin": "example", "gui": False,
            "params": [{"name": "deck", "required": True}], "olderNames": {},
            "doc": "The number of notes with a card in `deck` or its subdecks."}]
        assert {"name": "example", "source": "entry point", "version": "1.0.0",
                "actions": ["deckNoteCount"]} in reply["plugins"]

    def test_every_action_is_listed(self, client):
        names = client.result("apiReflect", scopes=["actions"])["actions"]
        assert {"deckNoteCount", "version", "multi", "apiReflect", "requestPermission"} <= set(names)
        assert names == sorted(names)

    def test_the_documented_example_is_this_plugin(self):
        package = EXAMPLE_PLUGIN
        assert code_blocks("example-plugin") == [
            (package / "ankiconnect_example" / "__init__.py").read_text(),
            (package / "pyproject.toml").read_text(),
        ]


class TestRuntimeRegistration:
    """An Anki add-on adding actions through aqt.mw.ankiconnect."""

    @pytest.fixture
    def api(self, anki):
        api = anki.mw.ankiconnect
        yield api
        for name in ("my-addon", "other-addon"):
            if any(p["name"] == name for p in api.plugins()):
                api.unregister_plugin(name)

    def test_the_documented_example_registers_a_working_action(self, anki, api, client):
        from aqt import gui_hooks

        [example] = code_blocks("in-anki")
        before = list(gui_hooks.main_window_did_init._hooks)
        exec(compile(example, "docs/plugins.md", "exec"), {"__name__": "some_addon"})
        [added] = [h for h in gui_hooks.main_window_did_init._hooks if h not in before]
        gui_hooks.main_window_did_init.remove(added)
        added()  # what Anki does once the main window is ready
        assert client.call("shout", text="hello") == {"result": "HELLO", "error": None}
        assert "shout" in api.action_names()

    def test_the_documented_downloading_action_gets_its_url_fetched_beforehand(self, api, client):
        from notes_helpers import file_server

        [example] = code_blocks("downloading")
        module = types.ModuleType("downloading")
        exec(compile(example, "docs/plugins.md", "exec"), module.__dict__)
        api.register_plugin(module, name="my-addon")
        requested = []
        with file_server({"/cat.jpg": (200, b"x" * 1234, 0)}, requested) as base:
            assert client.call("urlSize", url=f"{base}/cat.jpg") == {"result": 1234, "error": None}
            assert client.call("urlSize", url=f"{base}/dog.jpg") == {
                "result": None, "error": f"{base}/dog.jpg download failed with return code 404"}
        assert requested == ["/cat.jpg", "/dog.jpg"]  # each fetched once

    def test_the_documented_schemas_are_served_with_the_action(self, api, client):
        from jsonschema import Draft202012Validator

        [example] = code_blocks("schemas")
        module = types.ModuleType("counting")
        exec(compile(example, "docs/plugins.md", "exec"), module.__dict__)
        api.register_plugin(module, name="my-addon")
        assert client.call("wordCount", text="to be or not to be") == {"result": 6, "error": None}
        reply = client.result("apiReflect", scopes=["schemas"], actions=["wordCount"])
        params, result = reply["schemas"]["wordCount"]["params"], reply["schemas"]["wordCount"]["result"]
        assert params["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert params["description"] == "The number of words in text."
        for schema in (params, result):
            Draft202012Validator.check_schema(schema)
            Draft202012Validator(schema).validate(schema["examples"][0])
        assert client.call("wordCount", text="a,b", separator="") == {
            "result": None, "error": "empty separator"}
        assert not Draft202012Validator(params).is_valid({"text": "a,b", "separator": ""})

    def test_the_documented_waiting_action_answers_when_the_collection_changes(self, anki, api, client, col):
        import time

        [example] = code_blocks("waiting")
        module = types.ModuleType("waiting")
        exec(compile(example, "docs/plugins.md", "exec"), module.__dict__)
        api.register_plugin(module, name="my-addon")
        count = col.note_count()
        assert client.call("noteCountOtherThan", count=count + 1) == {"result": count, "error": None}
        waiting = client.start({"action": "noteCountOtherThan", "version": 6, "params": {"count": count}})
        anki.waiter.wait_until(lambda: anki.runtime.api.service.waiting == 1)
        client.result("addNote", note={"deckName": "Default", "modelName": "Basic", "fields": {"Front": "w"}})
        anki.waiter.wait_until(waiting.done, timeout=10)
        assert waiting.result().json() == {"result": count + 1, "error": None}
        started = time.monotonic()
        assert client.call("noteCountOtherThan", count=count + 1, wait=1) == {
            "result": count + 1, "error": None}
        assert time.monotonic() - started >= 1

    def test_the_documented_watcher_sees_each_change(self, api, client, col):
        [example] = code_blocks("watching")
        module = types.ModuleType("watching")
        exec(compile(example, "docs/plugins.md", "exec"), module.__dict__)
        api.register_plugin(module, name="my-addon")
        count = col.note_count()
        client.result("addNote", note={"deckName": "Default", "modelName": "Basic", "fields": {"Front": "w"}})
        assert module.note_counts[-1] == count + 1

    def test_a_plugin_file_in_user_files_is_served_after_a_reload(self, anki, api, client):
        import shutil

        from support import ADDON_FOLDER

        folder = Path(anki.mw.addonManager.addonsFolder(ADDON_FOLDER)) / "user_files" / "plugins"
        [example] = code_blocks("drop-in")
        folder.mkdir(parents=True, exist_ok=True)
        try:
            (folder / "greeting.py").write_text(example)
            api.reload_plugins()
            assert client.call("greet", name="Ann") == {"result": "Hello, Ann!", "error": None}
            assert {"name": "greeting", "source": "folder", "version": None, "actions": ["greet"]} in \
                client.result("apiReflect", scopes=["plugins"])["plugins"]
        finally:
            shutil.rmtree(folder)
            api.reload_plugins()
        assert client.call("greet", name="Ann") == {"result": None, "error": "unsupported action"}

    def test_a_plugin_file_that_fails_to_load_is_reported_without_a_dialog(self, anki, api, client):
        import shutil

        from support import ADDON_FOLDER

        folder = Path(anki.mw.addonManager.addonsFolder(ADDON_FOLDER)) / "user_files" / "plugins"
        [example] = code_blocks("drop-in")
        folder.mkdir(parents=True, exist_ok=True)
        try:
            (folder / "greeting.py").write_text(example.replace("@hookimpl", "@hook_implementation"))
            api.reload_plugins()  # the no_modal_dialogs fixture fails the test if a dialog opens
            assert {"name": "greeting", "source": "folder", "version": None, "actions": [],
                    "error": "NameError: name 'hook_implementation' is not defined"} in \
                client.result("apiReflect", scopes=["plugins"])["plugins"]
            assert client.call("version") == {"result": 6, "error": None}  # the others are served
        finally:
            shutil.rmtree(folder)
            api.reload_plugins()

    def test_unregistering_stops_serving_the_actions(self, api, client):
        api.register_plugin(self.plugin("whisper", lambda text: text.lower()), name="my-addon")
        assert client.call("whisper", text="QUIET") == {"result": "quiet", "error": None}
        api.unregister_plugin("my-addon")
        assert client.call("whisper", text="QUIET") == {"result": None, "error": "unsupported action"}

    def test_claiming_a_built_in_action_is_refused_naming_both(self, api, client):
        with pytest.raises(ValueError) as caught:
            api.register_plugin(self.plugin("version", lambda: 99), name="other-addon")
        assert str(caught.value) == (
            "action 'version' of plugin 'other-addon' is already registered by plugin 'misc'")
        assert client.call("version") == {"result": 6, "error": None}

    def test_blocking_a_plugin_in_the_config_unloads_it(self, anki, client):
        anki.set_config(blockedPlugins=["example"])
        assert client.call("deckNoteCount", deck="Default") == {"result": None, "error": "unsupported action"}
        plugins = client.result("apiReflect", scopes=["plugins"])["plugins"]
        assert {"name": "example", "source": "entry point", "version": None, "actions": [],
                "error": "blocked by the blockedPlugins setting"} in plugins

    @staticmethod
    def plugin(name, function):
        module = types.ModuleType(name)
        from aqt import mw

        @mw.ankiconnect.hookimpl
        def register_actions(register):
            register(function, name=name)

        module.register_actions = register_actions
        return module
