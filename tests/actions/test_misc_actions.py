"""The misc group over real HTTP: version, requestPermission, apiReflect, multi."""

from __future__ import annotations

import pytest
from doc_examples import check_example


@pytest.mark.parametrize("action", ["version", "requestPermission", "apiReflect", "multi"])
def test_documented_example(client, action):
    check_example(client, "misc", action)


@pytest.mark.lenient_params
def test_api_reflect_without_params_names_the_missing_parameter(client):
    assert client.send({"action": "apiReflect", "version": 6}) == {
        "result": None, "error": "apiReflect() missing 1 required positional argument: 'scopes'"}


@pytest.mark.lenient_params
def test_api_reflect_with_scopes_that_are_not_an_array_keeps_upstreams_error(client):
    assert client.call("apiReflect", scopes=None) == {"result": None, "error": "scopes has invalid value"}
