"""docs/mcp.md is a contract: its configuration snippets work, its tool table is the curated set."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from headless_helpers import ROOT, child_environment
from mcp_helpers import LEGACY, post

PAGE = (ROOT / "docs" / "mcp.md").read_text(encoding="utf-8")
SNIPPETS = [json.loads(block) for block in re.findall(r"^```json mcp-config\n(.*?)^```", PAGE, re.M | re.S)]
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": LEGACY, "capabilities": {}, "clientInfo": {"name": "docs", "version": "1"}}}


def servers_of(snippet):
    [(_, servers)] = snippet.items()  # "mcpServers" (Claude, Cursor) or "servers" (VS Code)
    return list(servers.values())


def test_the_page_has_snippets_of_both_kinds():
    kinds = {"url" if "url" in entry else "command" for snippet in SNIPPETS for entry in servers_of(snippet)}
    assert len(SNIPPETS) == 5 and kinds == {"url", "command"}


@pytest.mark.parametrize("entry", [e for s in SNIPPETS for e in servers_of(s) if "url" in e])
def test_each_url_snippet_names_the_endpoint(server, entry):
    assert entry["url"] == "http://127.0.0.1:8765/mcp"
    reply = post(server, INITIALIZE)  # the same path, on this test server's port
    assert reply.status == 200 and reply.json()["result"]["protocolVersion"] == LEGACY


@pytest.mark.parametrize("entry", [e for s in SNIPPETS for e in servers_of(s) if "command" in e])
def test_each_command_snippet_runs_and_answers(server, entry, tmp_path):
    assert entry["command"] == "ankiconnect"  # what pip install puts on the PATH: run as python -m here
    lines = json.dumps(INITIALIZE) + "\n"
    environment = child_environment(tmp_path, ANKICONNECT_WEB_BIND_PORT=str(server.port))
    run = server.waiter.run(lambda: subprocess.run(
        [sys.executable, "-m", "ankiconnect", *entry["args"]], input=lines, text=True, capture_output=True,
        env=environment, cwd=tmp_path, timeout=120))
    [reply] = [json.loads(line) for line in run.stdout.splitlines()]
    assert reply["result"]["protocolVersion"] == LEGACY, run.stderr


def test_the_tool_table_is_the_curated_set(addon):
    table = PAGE[PAGE.index("| for | tools |"):PAGE.index("Each tool is one action")]
    listed = set(re.findall(r"`(\w+)`", table)) - {"action", "params"}
    assert listed == set(addon("actions_builtin.shared.traits").CURATED) | {"runAction"}
    count = int(re.search(r"curated set\*\* of (\d+) tools", PAGE).group(1))
    assert count == len(addon("actions_builtin.shared.traits").CURATED)
