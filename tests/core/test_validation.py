"""The validateParams setting: params checked against the actions' schemas, off by default."""

from __future__ import annotations

import sys

import pytest
from support import runtime_plugin

BAD_NAME = {"action": "storeMediaFile", "version": 6, "params": {"filename": 5, "data": "eA=="}}


def test_validate_params_is_off_by_default(addon):
    assert addon("core.config").Config().validateParams is False


def test_off_the_action_itself_answers_params_its_schema_refuses(client, col):
    assert client.send(BAD_NAME) == {"result": None, "error": "a media file name must be a string, not 5"}


def test_on_params_its_schema_refuses_are_refused_naming_the_parameter(anki, client, col):
    anki.set_config(validateParams=True)
    assert client.send(BAD_NAME) == {
        "result": None, "error": "parameter 'filename': 5 is not of type 'string'"}
    assert client.call("apiReflect", scopes=["actions", 1]) == {
        "result": None, "error": "parameter 'scopes[1]': 1 is not of type 'string'"}


def test_on_params_that_fit_run_as_ever(anki, client, col):
    anki.set_config(validateParams=True)
    assert client.call("storeMediaFile", filename="_a.txt", data="eA==") == {
        "result": "_a.txt", "error": None}
    assert client.call("version") == {"result": 6, "error": None}


def test_on_each_request_of_a_multi_is_checked_on_its_own(anki, client, col):
    anki.set_config(validateParams=True)
    reply = client.send({"action": "multi", "version": 6, "params": {"actions": [
        {"action": "version"}, {"action": "getMediaFilesNames", "params": {"pattern": ["*"]}}]}})
    assert reply == {"result": [
        6, {"result": None, "error": "parameter 'pattern': ['*'] is not of type 'string'"}], "error": None}


def test_on_an_action_without_a_schema_is_not_checked(anki, client):
    def echoAnything(value):
        return value

    with runtime_plugin(anki, "loose", echoAnything):
        anki.set_config(validateParams=True)
        assert client.call("echoAnything", value=[1]) == {"result": [1], "error": None}


def test_without_jsonschema_the_error_says_what_is_missing(addon, monkeypatch):
    actions, validation = addon("core.actions"), addon("core.validation")

    def shout(text):
        pass

    action = actions.Action.from_function(shout, plugin="test", params_schema={"type": "object"})
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # what a Python without it has
    with pytest.raises(actions.ActionError) as caught:
        validation.check_params_schema(action, {"text": "x"})
    assert str(caught.value) == ("the validateParams setting needs the Python package jsonschema, "
                                 "which is not installed")
