"""Benchmark scenarios of the MCP endpoint (see tools/benchmark.py for the interface).

- ``tools/call`` of deckNames, and of findNotes with 1,000 hits, against the same
  action as an AnkiConnect request, in rounds that take turns (target: within
  1.2 x the AnkiConnect request's time);
- ``tools/list`` of the default tools (target 5 ms).

Each is a keep-alive connection sending one request after another, as an
agent's client does.
"""

from __future__ import annotations

import http.client
import json
import time

import pluggy

hookimpl = pluggy.HookimplMarker("ankiconnect")
REQUESTS = 300


def benchSetupMcpNotes(count, *, col):
    """Add count Basic notes whose front starts with "mcpbench"; return how many there are."""
    from anki.collection import AddNoteRequest

    model = col.models.by_name("Basic")
    requests = []
    for i in range(count):
        note = col.new_note(model)
        note.fields[0] = f"mcpbench {i}"
        requests.append(AddNoteRequest(note, 1))
    col.add_notes(requests)
    return len(col.find_notes("front:mcpbench*"))


@hookimpl
def register_actions(register):
    register(benchSetupMcpNotes)


def per_request(port, path, body, count=REQUESTS):
    """Seconds per request, sending body count times on one connection."""
    data = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        start = time.perf_counter()
        for _ in range(count):
            connection.request("POST", path, data, headers)
            reply = json.loads(connection.getresponse().read())
            failed = reply.get("error") is not None or (path == "/mcp" and reply["result"].get("isError"))
            if failed:
                raise RuntimeError(f"{path}: {reply}")
        return (time.perf_counter() - start) / count
    finally:
        connection.close()


def tool_call(name, arguments):
    return {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": name, "arguments": arguments}}


def scenarios(bench):
    hits = bench.call("benchSetupMcpNotes", count=1000)
    query = "front:mcpbench*"
    for label, action, params, count in [
        ("MCP tools/call deckNames vs the same request", "deckNames", {}, REQUESTS),
        (f"MCP tools/call findNotes ({hits} hits) vs the same request", "findNotes", {"query": query}, 100),
    ]:
        bench.compare(
            label,
            lambda action=action, params=params, count=count: per_request(
                bench.port, "/mcp", tool_call(action, params), count),
            lambda action=action, params=params, count=count: per_request(
                bench.port, "/", {"action": action, "version": 6, "params": params}, count),
            max_ratio=1.2)
    tools_list = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    bench.add_timed("MCP tools/list (the curated tools)", lambda: per_request(bench.port, "/mcp", tools_list),
                    target=0.005)
