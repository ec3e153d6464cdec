"""Many MCP clients at once, beside AnkiConnect clients: nothing lost, every reply well-formed."""

from __future__ import annotations

import asyncio
import json

from mcp import Client
from mcp_helpers import mcp_url
from support import http_request

MCP_CLIENTS = 8
ANKICONNECT_CLIENTS = 4
NOTES_EACH = 10


def note(front):
    return {"deckName": "Busy", "modelName": "Basic", "fields": {"Front": front, "Back": ""}}


def test_eight_mcp_clients_and_ankiconnect_clients_at_once_lose_nothing(server, col):
    col.decks.id("Busy")

    def agent(number, mode):
        async def main():
            async with Client(mcp_url(server), mode=mode) as client:
                replies = []
                for i in range(NOTES_EACH):
                    added = await client.call_tool("addNote", {"note": note(f"agent {number} note {i}")})
                    found = await client.call_tool("findNotes", {"query": f'"front:agent {number} note {i}"'})
                    replies.append((added, found))
                return replies
        return asyncio.run(main())

    def script(number):  # on a helper thread already: plain HTTP
        batches = [[note(f"script {number} batch {i} note {j}") for j in range(5)] for i in range(NOTES_EACH)]
        return [http_request(server.port, {"action": "addNotes", "version": 6,
                                           "params": {"notes": batch}}).json() for batch in batches]

    agents = [server.waiter.submit(lambda n=n: agent(n, "legacy" if n % 2 else "2026-07-28"))
              for n in range(MCP_CLIENTS)]
    scripts = [server.waiter.submit(lambda n=n: script(n)) for n in range(ANKICONNECT_CLIENTS)]
    server.waiter.wait_until(lambda: all(f.done() for f in agents + scripts), timeout=240)

    for future in agents:
        for added, found in future.result():
            assert added.is_error is False and found.is_error is False
            assert json.loads(added.content[0].text) == added.structured_content
            assert found.structured_content == {"result": [added.structured_content["result"]]}
    for future in scripts:
        for reply in future.result():
            assert set(reply) == {"result", "error"} and reply["error"] is None
            assert len(reply["result"]) == 5 and None not in reply["result"]

    fronts = {col.get_note(nid)["Front"] for nid in col.find_notes("deck:Busy")}
    assert len(fronts) == MCP_CLIENTS * NOTES_EACH + ANKICONNECT_CLIENTS * NOTES_EACH * 5
