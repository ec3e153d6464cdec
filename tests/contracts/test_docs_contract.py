"""The docs are a contract: every hook, setting and action is documented."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_hook_is_documented_for_plugin_authors(addon):
    hookspecs = addon("core.hookspecs")
    hooks = [name for name in dir(hookspecs)
             if hasattr(getattr(hookspecs, name), f"{hookspecs.PROJECT_NAME}_spec")]
    assert hooks == ["collection_did_change", "register_actions"]
    docs = (ROOT / "docs" / "plugins.md").read_text()
    for hook in hooks:
        assert f"\n### {hook}\n" in docs


def test_every_setting_is_in_the_schema_and_the_user_guide(addon):
    keys = {f.name for f in dataclasses.fields(addon("core.config").Config)}
    schema = json.loads((ROOT / "config.schema.json").read_text())
    assert set(schema["properties"]) == keys
    guide = (ROOT / "docs" / "user-guide.md").read_text()
    assert [k for k in sorted(keys) if f"`{k}`" not in guide] == []


def test_the_shipped_config_has_only_known_keys_and_the_readme_lists_them(addon):
    keys = {f.name for f in dataclasses.fields(addon("core.config").Config)}
    shipped = json.loads((ROOT / "config.json").read_text())
    assert set(shipped) <= keys
    readme = (ROOT / "README.md").read_text()
    assert [k for k in sorted(shipped) if f"`{k}`" not in readme] == []
    config_md = (ROOT / "config.md").read_text()
    assert [k for k in sorted(shipped) if f"`{k}`" not in config_md] == []


def test_every_registered_action_has_a_reference_section(client):
    documented = set()
    for page in (ROOT / "docs" / "actions").glob("*.md"):
        documented |= set(re.findall(r"^## (\w+)\s*$", page.read_text(), re.MULTILINE))
    actions = client.result("apiReflect", scopes=["actionDetails"])["actionDetails"]
    builtin = {a["name"] for a in actions if a["plugin"] != "example"}
    assert sorted(builtin - documented) == []


def test_the_plugin_api_is_documented_name_by_name(addon):
    plugin_api = addon("core.plugin_api")
    docs = (ROOT / "docs" / "plugins.md").read_text()
    section = docs[docs.index("### The plugin API"):docs.index("### Actions that download")]
    assert [name for name in plugin_api.__all__ if f"`{name}" not in section] == []
    host_members = [name for name in vars(plugin_api.Host) if not name.startswith("_")]
    assert len(host_members) > 10
    assert [name for name in host_members if f"`host.{name}" not in section] == []
