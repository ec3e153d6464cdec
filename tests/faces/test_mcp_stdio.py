"""``ankiconnect mcp``: MCP over stdin/stdout, as desktop agent hosts start it.

The official SDK starts the command as its child process and talks to it;
the command relays to the server under test (either host), or serves a
collection of its own with ``--collection``.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest
from headless_helpers import child_environment
from mcp import Client, StdioServerParameters
from mcp_helpers import LEGACY, MODERN, mcp_url
from support import free_port


def command(home, *args, **env):
    return StdioServerParameters(command=sys.executable, args=["-m", "ankiconnect", "mcp", *args],
                                 env=child_environment(home, **env))


def over_stdio(server, parameters, body, mode="legacy"):
    async def main():
        async with Client(parameters, mode=mode) as client:
            return await body(client)
    return server.waiter.run(lambda: asyncio.run(main()), timeout=120)


async def version_tools_and_a_call(client):
    tools = {tool.name for tool in (await client.list_tools()).tools}
    result = await client.call_tool("modelFieldNames", {"modelName": "Basic"})
    return client.protocol_version, tools, result.structured_content


@pytest.mark.parametrize("mode, version", [("legacy", LEGACY), ("auto", MODERN)])
def test_the_relay_serves_the_running_server(server, tmp_path, mode, version):
    parameters = command(tmp_path, "--url", mcp_url(server))
    connected, tools, content = over_stdio(server, parameters, version_tools_and_a_call, mode)
    assert connected == version
    assert {"findNotes", "addNotes", "runAction"} <= tools
    assert content == {"result": ["Front", "Back"]}


def test_the_relay_finds_the_server_from_the_settings_at_127_0_0_1(server, tmp_path):
    parameters = command(tmp_path, ANKICONNECT_WEB_BIND_PORT=str(server.port),
                         ANKICONNECT_BIND_ADDRESS="localhost")
    assert over_stdio(server, parameters, version_tools_and_a_call)[2] == {"result": ["Front", "Back"]}


def test_the_relay_sends_the_api_key_of_the_settings(server, client, tmp_path):
    server.set_config(apiKey="s3cret")
    with_key = command(tmp_path, "--url", mcp_url(server), ANKICONNECT_API_KEY="s3cret")
    assert over_stdio(server, with_key, version_tools_and_a_call)[2] == {"result": ["Front", "Back"]}
    replies = relay_raw(server, tmp_path, [initialize(1)], "--url", mcp_url(server))
    assert replies[0]["id"] == 1
    assert replies[0]["error"]["message"] == "valid api key must be provided (Authorization: Bearer <key>)"


def test_with_no_server_each_request_gets_an_error_and_the_user_one_line(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/mcp"
    run = relay_process(tmp_path, [initialize(1), {"jsonrpc": "2.0", "method": "notifications/initialized"},
                                   {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}], "--url", url)
    replies = [json.loads(line) for line in run.stdout.splitlines()]
    assert sorted(reply["id"] for reply in replies) == [1, 2]  # the notification gets no reply
    assert all(reply["error"]["message"].startswith(f"no AnkiConnect server answers at {url}")
               for reply in replies)
    assert [line for line in run.stderr.splitlines() if "no AnkiConnect server" in line] == [
        f"ankiconnect mcp: no AnkiConnect server answers at {url} (Connection refused); start Anki with the "
        "add-on, or ankiconnect serve, or pass --collection PATH"]
    assert run.returncode == 0


def test_a_line_that_is_not_json_gets_a_parse_error(server, tmp_path):
    replies = relay_raw(server, tmp_path, ["{nope"], "--url", mcp_url(server))
    assert replies[0]["id"] is None and replies[0]["error"]["code"] == -32700


@pytest.mark.parametrize("mode", ["legacy", "auto"])
def test_with_a_collection_it_serves_that_collection_itself(tmp_path, mode):
    collection = tmp_path / "agent" / "collection.anki2"
    parameters = command(tmp_path, "--collection", str(collection), "--create")

    async def body(client):
        added = await client.call_tool("addNote", {"note": {
            "deckName": "Default", "modelName": "Basic", "fields": {"Front": "from an agent", "Back": ""}}})
        found = await client.call_tool("findNotes", {"query": "from"})
        return added.structured_content["result"], found.structured_content["result"]

    async def main():
        async with Client(parameters, mode=mode) as client:
            return await body(client)
    note, found = asyncio.run(main())
    assert found == [note]


def test_with_a_collection_nothing_but_protocol_reaches_stdout(tmp_path):
    collection = tmp_path / "agent" / "collection.anki2"
    run = relay_process(tmp_path, [initialize(1), {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
                                   {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
                                    "params": {"name": "findNotes", "arguments": {"query": ""}}}],
                        "--collection", str(collection), "--create")
    lines = run.stdout.splitlines()
    assert len(lines) == 3
    assert sorted(json.loads(line)["id"] for line in lines) == [1, 2, 3]
    assert f"closed {collection}" in run.stderr  # the log goes to stderr


def initialize(request_id):
    return {"jsonrpc": "2.0", "id": request_id, "method": "initialize",
            "params": {"protocolVersion": LEGACY, "capabilities": {},
                       "clientInfo": {"name": "t", "version": "1"}}}


def relay_process(home, messages, *args):
    """Run the command on these lines of input to its end."""
    lines = "".join((m if isinstance(m, str) else json.dumps(m)) + "\n" for m in messages)
    return subprocess.run([sys.executable, "-m", "ankiconnect", "mcp", *args], input=lines, text=True,
                          env=child_environment(home), capture_output=True, timeout=120)


def relay_raw(server, home, messages, *args):
    """The replies the command writes, relaying to server (which answers meanwhile)."""
    run = server.waiter.run(lambda: relay_process(home, messages, *args))
    return [json.loads(line) for line in run.stdout.splitlines()]
