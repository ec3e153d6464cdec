"""The allowSchemaChanges setting: a boolean, off by default."""

from __future__ import annotations

import importlib
import json

from conftest import ROOT


def test_allow_schema_changes_is_off_by_default(addon):
    config = _config(addon).Config.from_mapping({}, environ={})
    assert config.allowSchemaChanges is False


def test_allow_schema_changes_takes_a_boolean(addon):
    config = _config(addon).Config.from_mapping({"allowSchemaChanges": True}, environ={})
    assert config.allowSchemaChanges is True


def test_allow_schema_changes_ignores_a_value_that_is_not_a_boolean(addon):
    config = _config(addon).Config.from_mapping({"allowSchemaChanges": 1}, environ={})
    assert config.allowSchemaChanges is False


def test_shipped_config_and_schema_list_allow_schema_changes():
    assert json.loads((ROOT / "config.json").read_text())["allowSchemaChanges"] is False
    schema = json.loads((ROOT / "config.schema.json").read_text())
    assert schema["properties"]["allowSchemaChanges"]["type"] == "boolean"


def _config(addon):
    return importlib.import_module(f"{addon.__name__}.core.config")
