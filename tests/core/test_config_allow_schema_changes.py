"""The allowSchemaChanges setting: a boolean, off by default."""

from __future__ import annotations

import pytest


@pytest.fixture
def config(addon):
    return addon("core.config")


def test_allow_schema_changes_is_off_by_default(config):
    assert config.Config().allowSchemaChanges is False


def test_allow_schema_changes_takes_a_boolean(config):
    assert config.Config.from_mapping({"allowSchemaChanges": True}, environ={}).allowSchemaChanges is True


@pytest.mark.parametrize("value", [1, "true", None])
def test_allow_schema_changes_ignores_a_value_that_is_not_a_boolean(config, value):
    assert config.Config.from_mapping({"allowSchemaChanges": value}, environ={}).allowSchemaChanges is False
