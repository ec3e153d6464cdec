"""The MCP endpoint as agents meet it: the official MCP SDK as the client, over Streamable HTTP.

Each test runs in both eras (``legacy``: the 2025 handshake; ``2026-07-28``:
the stateless revision) where the era could matter, on both hosts.
"""

from __future__ import annotations

import json
import re
import types
from contextlib import contextmanager

import jsonschema
import pluggy
import pytest
from mcp.shared.exceptions import MCPError
from mcp_helpers import LEGACY, MODERN, MODES, with_client

GENERIC = "runAction"


async def tool_list(client):
    return {tool.name: tool for tool in (await client.list_tools()).tools}


def listed_tools(server, mode="legacy"):
    return with_client(server, tool_list, mode)


def call(server, name, arguments, mode="legacy"):
    async def body(client):
        await client.list_tools()  # the SDK checks structured content against the schemas it listed
        return await client.call_tool(name, arguments)
    return with_client(server, body, mode)


def structured(result):
    assert result.is_error is False, result.content
    assert json.loads(result.content[0].text) == result.structured_content  # the same JSON as text
    return result.structured_content["result"]


@contextmanager
def plugin_serving(server, name, function, **traits):
    """A plugin with one action, registered at runtime in the host, as another add-on would."""
    plugin = types.ModuleType(name)

    @pluggy.HookimplMarker("ankiconnect")
    def register_actions(register):
        register(function, **traits)

    plugin.register_actions = register_actions
    plugins = server.runtime.api.plugins
    plugins.register(plugin, name)
    try:
        yield
    finally:
        plugins.unregister(name)


# Connecting -------------------------------------------------------------------------------

@pytest.mark.parametrize("mode, version", [("legacy", LEGACY), ("auto", MODERN)])
def test_the_sdk_connects_in_either_era(server, mode, version):
    """The SDK's default (auto) asks server/discover first and stays in the stateless revision."""
    async def body(client):
        return client.protocol_version, client.server_info.name, client.instructions
    connected, name, instructions = with_client(server, body, mode)
    assert (connected, name) == (version, "ankiconnect")
    assert "anki://guides/search-syntax" in instructions


# The tool list --------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_the_default_tools_are_the_curated_set_and_one_to_run_any_action(server, mode):
    tools = listed_tools(server, mode)
    assert len(tools) <= 40  # what one popular editor passes to its model
    assert GENERIC in tools
    assert {"findNotes", "notesInfo", "addNotes", "updateNoteFields", "addTags", "getDeckTree", "createDeck",
            "modelNames", "storeMediaFile", "answerCards", "getNumCardsReviewedByDay", "sync"} <= set(tools)
    assert "guiExitAnki" not in tools and "modelFieldFonts" not in tools


def test_each_tool_has_a_name_hosts_accept_an_object_input_and_an_object_output(server):
    for name, tool in listed_tools(server).items():
        assert re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", name)
        assert tool.input_schema["type"] == "object"
        assert tool.description and tool.title and tool.annotations.title == tool.title
        if tool.output_schema is not None:
            assert tool.output_schema["type"] == "object"
            assert tool.output_schema["required"] == ["result"]
            jsonschema.Draft202012Validator.check_schema(tool.output_schema)
        jsonschema.Draft202012Validator.check_schema(tool.input_schema)


def test_annotations_say_what_each_action_declared(server):
    tools = listed_tools(server)
    find, delete, add, sync = tools["findNotes"], tools["deleteNotes"], tools["addNotes"], tools["sync"]
    assert (find.annotations.read_only_hint, find.annotations.open_world_hint) == (True, False)
    assert (delete.annotations.read_only_hint, delete.annotations.destructive_hint,
            delete.annotations.idempotent_hint) == (False, True, True)
    assert (add.annotations.read_only_hint, add.annotations.destructive_hint,
            add.annotations.open_world_hint) == (False, False, True)  # it downloads media by URL
    assert sync.annotations.open_world_hint is True
    assert "Deletes or overwrites data." in delete.description


def test_a_tool_is_described_by_its_action_s_docstring_and_schemas(server, client):
    tool = listed_tools(server)["findNotes"]
    schemas = client.result("apiReflect", scopes=["schemas", "actionDetails"], actions=["findNotes"])
    assert tool.description == schemas["actionDetails"][0]["doc"]
    declared = schemas["schemas"]["findNotes"]
    assert tool.output_schema["properties"]["result"]["type"] == declared["result"]["type"]
    assert tool.input_schema["properties"] == declared["params"]["properties"]


def test_gui_tools_are_offered_only_where_there_is_a_window(server, client):
    server.set_config(mcpTools="all")
    tools = listed_tools(server)
    gui = {name for name in tools if name.startswith("gui")}
    if server.name == "anki":
        assert {"guiBrowse", "guiAddCards", "guiExitAnki"} <= gui
        assert "needs Anki open with its window" in tools["guiBrowse"].description
    else:
        assert gui == set()


# Calling tools ---------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_a_call_answers_structured_content_and_the_same_json_as_text(server, col, mode):
    assert structured(call(server, "modelFieldNames", {"modelName": "Basic"}, mode)) == ["Front", "Back"]


@pytest.mark.parametrize("mode", MODES)
def test_params_the_schema_refuses_are_an_error_naming_the_parameter(server, mode):
    result = call(server, "notesInfo", {"notes": ["one"]}, mode)
    assert result.is_error is True
    assert result.content[0].text == "parameter 'notes[0]': 'one' is not of type 'integer'"


def test_an_action_s_error_is_a_tool_error_with_its_text(server):
    result = call(server, "modelFieldNames", {"modelName": "No such type"})
    assert (result.is_error, result.content[0].text) == (True, "model was not found: No such type")


def test_a_call_changes_the_collection_as_the_same_request_would(server, col):
    note = structured(call(server, "addNote", {"note": {
        "deckName": "Default", "modelName": "Basic", "fields": {"Front": "mcp front", "Back": "back"}}}))
    assert col.get_note(note)["Front"] == "mcp front"
    assert col.undo_status().undo == "Add Note"  # one undo step, as over the AnkiConnect endpoint


def protocol_error(server, body):
    """The MCPError that body raised inside the client (the SDK's task group would wrap it)."""
    async def catching(client):
        try:
            await body(client)
        except MCPError as error:
            return error.error
        raise AssertionError("no protocol error")
    return with_client(server, catching)


def test_an_unknown_tool_is_a_protocol_error(server):
    error = protocol_error(server, lambda client: client.call_tool("noSuchTool", {}))
    assert (error.code, error.message) == (-32602, "Unknown tool: noSuchTool")


# The generic tool --------------------------------------------------------------------------------

def test_the_generic_tool_runs_an_action_outside_the_curated_set(server, col):
    arguments = {"action": "deckNameFromId", "params": {"deckId": 1}}
    assert structured(call(server, GENERIC, arguments)) == "Default"


def test_the_generic_tool_takes_no_params_as_none(server):
    assert structured(call(server, GENERIC, {"action": "version"})) == 6


@pytest.mark.parametrize("arguments, error", [
    ({"action": "nope"}, "unsupported action"),
    ({"action": 5}, "action must be the name of an action (a string)"),
    ({"action": "version", "params": []}, "params must be an object"),
    ({"action": "version", "extra": 1}, "runAction takes action and params, not extra"),
    ({"action": "deckNameFromId", "params": {"deckId": "x"}},
     "parameter 'deckId': 'x' is not of type 'integer'"),
])
def test_the_generic_tool_answers_bad_arguments_with_a_tool_error(server, arguments, error):
    result = call(server, GENERIC, arguments)
    assert (result.is_error, result.content[0].text) == (True, error)


def test_the_generic_tool_lists_the_actions_through_api_reflect(server):
    actions = structured(call(server, GENERIC, {"action": "apiReflect", "params": {"scopes": ["actions"]}}))
    assert {"findNotes", "deckNameFromId", "multi"} <= set(actions["actions"])


# The mcpTools and mcpReadOnly settings ----------------------------------------------------------

def test_all_offers_every_action_this_host_can_run(server, client):
    server.set_config(mcpTools="all")
    tools = listed_tools(server)
    actions = set(client.result("apiReflect", scopes=["actions"])["actions"])
    if server.name == "headless":
        actions = {a for a in actions if not a.startswith("gui")}
    assert set(tools) == actions | {GENERIC}


def test_a_list_offers_exactly_those_actions(server, client):
    server.set_config(mcpTools=["findNotes", "deckNoteCount", "noSuchAction"])
    assert set(listed_tools(server)) == {"findNotes", "deckNoteCount", GENERIC}


def test_read_only_offers_only_actions_that_change_nothing(server, client, col):
    server.set_config(mcpReadOnly=True)
    tools = listed_tools(server)
    assert "findNotes" in tools and "addNotes" not in tools and "deleteNotes" not in tools
    assert all(tool.annotations.read_only_hint for name, tool in tools.items() if name != GENERIC)
    refused = call(server, GENERIC, {"action": "createDeck", "params": {"deck": "X"}})
    assert refused.is_error is True
    assert refused.content[0].text == (
        "createDeck cannot be run here: it may change the collection, and this "
        "server offers only actions that change nothing (mcpReadOnly)")
    assert col.decks.id_for_name("X") is None


# Plugins' actions ---------------------------------------------------------------------------------

def test_an_installed_plugin_s_action_is_a_tool_with_its_docstring(server, client, example_plugin, col):
    server.set_config(mcpTools=["deckNoteCount"])
    tool = listed_tools(server)["deckNoteCount"]
    assert tool.description == "The number of notes with a card in `deck` or its subdecks."
    assert tool.input_schema == {"type": "object", "properties": {"deck": {}}, "required": ["deck"],
                                 "additionalProperties": False}
    assert structured(call(server, "deckNoteCount", {"deck": "Default"})) == 0


def test_a_plugin_marks_its_action_for_the_curated_set(server):
    def shout(text: str) -> str:
        """Return the text in capitals."""
        return text.upper()

    with plugin_serving(server, "shouting", shout, curated=True, read_only=True,
                        params_schema={"type": "object", "properties": {"text": {"type": "string"}},
                                       "required": ["text"]},
                        result_schema={"type": "string"}):
        tools = listed_tools(server)
        assert tools["shout"].annotations.read_only_hint is True
        assert tools["shout"].output_schema == {
            "type": "object", "properties": {"result": {"type": "string"}}, "required": ["result"]}
        assert structured(call(server, "shout", {"text": "hi"})) == "HI"
    assert "shout" not in listed_tools(server)


# Resources ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_resources_list_the_search_guide_decks_tags_and_note_types(server, mode):
    async def body(client):
        return ([r.uri for r in (await client.list_resources()).resources],
                [t.uri_template for t in (await client.list_resource_templates()).resource_templates])
    fixed, templates = with_client(server, body, mode)
    assert fixed == ["anki://guides/search-syntax", "anki://decks", "anki://tags", "anki://note-types"]
    assert templates == ["anki://note-types/{modelName}/fields", "anki://note-types/{modelName}/templates"]


@pytest.mark.parametrize("mode", MODES)
def test_the_search_guide_covers_what_agents_get_wrong(server, mode):
    async def body(client):
        return (await client.read_resource("anki://guides/search-syntax")).contents[0]
    content = with_client(server, body, mode)
    assert content.mime_type == "text/markdown"
    for form in ('deck:"My Deck"', "tag:", "is:due", "added:1", "front:*dog*", r"\*"):
        assert form in content.text


def test_a_resource_is_its_action_s_result(server, client, col):
    col.decks.id("Languages::Japanese")

    async def body(client):
        return [json.loads((await client.read_resource(uri)).contents[0].text)
                for uri in ("anki://decks", "anki://note-types/Basic/fields", "anki://tags")]
    decks, fields, tags = with_client(server, body)
    assert decks == client.result("getDeckTree")
    assert fields == ["Front", "Back"]
    assert tags == client.result("getTags")


def test_a_resource_of_a_note_type_that_is_not_there_is_not_found(server):
    error = protocol_error(server, lambda client: client.read_resource("anki://note-types/Nope/fields"))
    assert (error.code, error.message) == (
        -32002, "Resource not found: anki://note-types/Nope/fields: model was not found: Nope")
