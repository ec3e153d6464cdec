"""Actions and parameter binding, without Anki."""

from __future__ import annotations

import pytest


@pytest.fixture
def Action(addon):
    return addon("core.actions").Action


def python_error(define: str, name: str, **params) -> str:
    """What CPython itself says when `name`, defined by `define`, is called with params."""
    namespace: dict = {}
    exec(define, namespace)
    function = namespace[name]
    try:
        function(**params)
    except TypeError as exc:
        return str(exc)
    raise AssertionError("no TypeError")


@pytest.mark.parametrize("params", [
    {"foobar": 1},
    {},
    {"query": "x", "reorderCards": None, "extra": 2},
])
def test_param_errors_use_pythons_own_wording(Action, params):
    def guiBrowse(query, reorderCards=None):
        pass

    action = Action.from_function(guiBrowse, plugin="test")
    with pytest.raises(Exception) as caught:
        action.check_params(params)
    assert str(caught.value) == python_error(
        "def guiBrowse(query, reorderCards=None): pass", "guiBrowse", **params)


@pytest.mark.parametrize("missing", [("a",), ("a", "b"), ("a", "b", "c")])
def test_missing_params_are_listed_as_python_lists_them(Action, missing):
    source = f"def act({', '.join(missing)}): pass"
    namespace: dict = {}
    exec(source, namespace)
    action = Action.from_function(namespace["act"], plugin="test")
    with pytest.raises(Exception) as caught:
        action.check_params({})
    assert str(caught.value) == python_error(source, "act")


def test_injected_parameters_are_not_request_parameters(Action):
    def findNotes(query=None, *, col):
        pass

    action = Action.from_function(findNotes, plugin="notes")
    assert [p.name for p in action.params] == ["query"]
    assert action.injected == ("col",)
    with pytest.raises(Exception, match="unexpected keyword argument 'col'"):
        action.check_params({"col": 1})


def test_an_action_taking_any_params_accepts_unknown_ones(Action):
    def anything(**params):
        pass

    Action.from_function(anything, plugin="test").check_params({"whatever": 1})


def test_an_action_using_mw_must_be_declared_gui(Action):
    def guiThing(*, mw):
        pass

    with pytest.raises(TypeError, match="gui=True"):
        Action.from_function(guiThing, plugin="test")
    assert Action.from_function(guiThing, plugin="test", gui=True).gui


def test_positional_only_parameters_are_refused(Action):
    def bad(x, /):
        pass

    with pytest.raises(TypeError, match="keyword parameters only"):
        Action.from_function(bad, plugin="test")


def test_describe_reports_name_plugin_params_and_doc(Action):
    def findCards(query=None, *, col):
        """Find cards.

        More text."""

    assert Action.from_function(findCards, plugin="cards").describe() == {
        "name": "findCards",
        "plugin": "cards",
        "gui": False,
        "params": [{"name": "query", "required": False, "default": None}],
        "olderNames": {},
        "doc": "Find cards.\n\nMore text.",
    }


def test_registry_serves_older_names_up_to_their_version(addon, Action):
    def newName():
        pass

    registry = addon("core.registry").ActionRegistry(
        [Action.from_function(newName, plugin="t", older_names={4: "oldName"})])
    assert registry.find("newName", 6).name == "newName"
    assert registry.find("oldName", 4).name == "newName"
    assert registry.find("oldName", 3).name == "newName"
    assert registry.find("oldName", 5) is None
    assert registry.find(None) is None


# Schemas -------------------------------------------------------------------------


def test_declared_schemas_are_served_standalone_and_described_by_the_docstring(Action):
    def shout(text):
        """The text in capitals.

        Only letters change."""

    action = Action.from_function(
        shout, plugin="test",
        params_schema={"type": "object", "properties": {"text": {"type": "string"}}},
        result_schema={"type": "string"})
    assert action.schemas() == {
        "params": {"$schema": "https://json-schema.org/draft/2020-12/schema",
                   "description": "The text in capitals.\n\nOnly letters change.",
                   "type": "object", "properties": {"text": {"type": "string"}}},
        "result": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"},
    }


def test_a_description_of_the_plugins_own_is_kept(Action):
    def shout(text):
        """The text in capitals."""

    action = Action.from_function(shout, plugin="test", params_schema={"description": "Mine."})
    assert action.schemas()["params"]["description"] == "Mine."


def test_an_action_without_schemas_reports_null_for_each(Action):
    def shout(text):
        """The text in capitals."""

    assert Action.from_function(shout, plugin="test").schemas() == {"params": None, "result": None}
    partial = Action.from_function(shout, plugin="test", result_schema={"type": "string"})
    assert partial.schemas()["params"] is None


@pytest.mark.parametrize("schema, error", [
    ("string", "action shout: result_schema must be a JSON Schema object (a dict)"),
    (True, "action shout: result_schema must be a JSON Schema object (a dict)"),
    ({"enum": {1, 2}},
     "action shout: result_schema is not JSON: Object of type set is not JSON serializable"),
])
def test_a_schema_that_cannot_be_served_is_refused_at_registration(Action, schema, error):
    def shout(text):
        pass

    with pytest.raises(TypeError) as caught:
        Action.from_function(shout, plugin="test", result_schema=schema)
    assert str(caught.value) == error


def test_a_plugin_changing_its_dict_later_does_not_change_what_is_served(Action):
    def shout(text):
        pass

    declared = {"type": "string"}
    action = Action.from_function(shout, plugin="test", result_schema=declared)
    declared["type"] = "integer"
    assert action.schemas()["result"]["type"] == "string"
