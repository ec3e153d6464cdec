"""What the built-in actions say they do (actions_builtin/shared/traits.py) holds together."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def builtins(addon):
    return {action.name: action for action in addon("core.plugins").PluginSet(entry_points=False).registry}


@pytest.fixture(scope="module")
def traits(addon):
    return addon("actions_builtin.shared.traits")


def test_every_name_in_the_tables_is_a_built_in_action(builtins, traits):
    named = set(traits.READ_ONLY | traits.DESTRUCTIVE | traits.IDEMPOTENT | traits.OPEN_WORLD) \
        | set(traits.CURATED) | set(traits.RESOURCES)
    assert named - set(builtins) == set()


def test_the_tables_reach_the_actions(builtins, traits):
    assert all(builtins[name].read_only for name in traits.READ_ONLY)
    assert all(builtins[name].destructive for name in traits.DESTRUCTIVE)
    assert [name for name in traits.CURATED if not builtins[name].curated] == []
    assert builtins["getDeckTree"].resource == "anki://decks"
    assert builtins["addNotes"].open_world and not builtins["addNotes"].read_only  # it downloads media


def test_an_action_that_takes_changes_is_never_read_only(builtins):
    writers = [name for name, action in builtins.items() if "changes" in action.injected]
    assert [name for name in writers if builtins[name].read_only] == []


def test_nothing_is_both_read_only_and_destructive(traits):
    assert traits.READ_ONLY & traits.DESTRUCTIVE == set()


def test_the_curated_set_and_the_generic_tool_fit_in_forty(traits):
    assert len(set(traits.CURATED)) == len(traits.CURATED) <= 39
