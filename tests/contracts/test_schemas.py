"""The actions' JSON Schemas, as apiReflect's ``schemas`` scope serves them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from doc_examples import DOCS, examples
from jsonschema import Draft202012Validator
from support import runtime_plugin

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Params the server fills in itself: a request need not send them.
FILLED_IN_BY_THE_SERVER = {"requestPermission": {"origin", "allowed"}}


@pytest.fixture(scope="module")
def served(anki):
    """Every action's details and schemas, by name."""
    from support import ApiClient

    reply = ApiClient(anki.port, anki.waiter).result("apiReflect", scopes=["actionDetails", "schemas"])
    details = {d["name"]: d for d in reply["actionDetails"]}
    return details, reply["schemas"]


def declared(served):
    details, schemas = served
    return {name: s for name, s in schemas.items() if details[name]["plugin"] != "example"}


def test_the_scope_answers_the_named_actions_in_order(client):
    reply = client.result("apiReflect", scopes=["schemas"], actions=["version", "noSuchAction", "multi"])
    assert list(reply) == ["scopes", "schemas"] and reply["scopes"] == ["schemas"]
    assert list(reply["schemas"]) == ["version", "multi"]
    assert reply["schemas"]["version"]["result"]["type"] == "integer"


def test_an_action_that_declares_no_schema_is_answered_with_null(anki, client):
    def echo(text):
        return text

    with runtime_plugin(anki, "plain", echo):
        assert client.result("apiReflect", scopes=["schemas"], actions=["echo"]) == {
            "scopes": ["schemas"], "schemas": {"echo": {"params": None, "result": None}}}


def test_every_schema_is_a_valid_draft_2020_12_schema(served):
    checked = 0
    for name, schemas in declared(served).items():
        for kind in ("params", "result"):
            if schemas[kind] is not None:
                assert schemas[kind]["$schema"] == DIALECT, (name, kind)
                Draft202012Validator.check_schema(schemas[kind])
                checked += 1
    assert checked >= 2 * 122  # both schemas of every built-in action


def test_every_built_in_action_declares_both_schemas(served):
    lacking = sorted(name for name, s in declared(served).items() if None in (s["params"], s["result"]))
    assert len(declared(served)) >= 122
    assert lacking == []


def test_params_schemas_name_the_actions_parameters_and_require_what_they_need(served):
    details, _ = served
    for name, schemas in declared(served).items():
        if schemas["params"] is None:
            continue
        parameters = details[name]["params"]
        params = schemas["params"]
        assert params["type"] == "object" and params["additionalProperties"] is False, name
        assert sorted(params["properties"]) == sorted(p["name"] for p in parameters), name
        needed = {p["name"] for p in parameters if p["required"]} - FILLED_IN_BY_THE_SERVER.get(name, set())
        assert needed <= set(params.get("required", [])), name


def test_the_params_schema_is_described_by_the_actions_docstring(served):
    details, schemas = served
    assert schemas["storeMediaFile"]["params"]["description"] == details["storeMediaFile"]["doc"]


@pytest.mark.parametrize("page", sorted(path.stem for path in DOCS.glob("*.md")))
def test_the_documented_examples_are_the_schemas_examples_and_fit_them(served, page):
    _, schemas = served
    for name, example in examples(page).items():
        params, result = schemas[name]["params"], schemas[name]["result"]
        if params is not None:
            assert params["examples"] == [example.request.get("params", {})], name
            Draft202012Validator(params).validate(params["examples"][0])
        if result is not None and example.reply["error"] is None:
            assert result["examples"] == [example.reply["result"]], name
            Draft202012Validator(result).validate(result["examples"][0])


def test_a_documented_error_reply_is_no_result_example(addon, tmp_path, monkeypatch):
    schemas = addon("actions_builtin.shared.schemas")
    (tmp_path / "page.md").write_text(
        "## ok\n\n```json request\n{\"action\": \"ok\", \"version\": 6, \"params\": {\"a\": 1}}\n```\n\n"
        "```json reply\n{\"result\": 2, \"error\": null}\n```\n\n"
        "## bad\n\n```json request\n{\"action\": \"bad\", \"version\": 6}\n```\n\n"
        "```json reply\n{\"result\": null, \"error\": \"no\"}\n```\n")
    monkeypatch.setattr(schemas, "DOCS", tmp_path)
    assert schemas.documented_examples("page") == {"ok": ({"a": 1}, 2), "bad": ({},)}
    assert schemas.documented_examples("missing") == {}


def test_the_example_in_protocol_md_is_what_the_server_answers(client):
    text = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()
    section = text[text.index("**`apiReflect` with the scope `schemas`**"):]
    request, reply = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", section, re.DOTALL)[:2]]
    assert client.send(request) == reply
