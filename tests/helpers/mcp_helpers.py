"""Talking MCP to the test server: the official SDK as the client, and raw HTTP.

The SDK is asynchronous; a test runs its coroutine to the end on a helper
thread (``server.waiter``) while, in Anki, Qt's loop keeps turning on the
test's thread, where Anki answers.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Awaitable, Callable, Dict, Optional

from support import Response, http_request

# The handshake of the 2025 revisions, and the stateless revision without one.
MODES = ("legacy", "2026-07-28")
MODERN = "2026-07-28"
LEGACY = "2025-11-25"


def mcp_url(server: Any) -> str:
    return f"http://127.0.0.1:{server.port}/mcp"


def with_client(server: Any, body: Callable[[Any], Awaitable[Any]], mode: str = "legacy",
                timeout: float = 120, **options: Any) -> Any:
    """``await body(client)`` with an SDK client connected over Streamable HTTP."""
    from mcp import Client

    async def main() -> Any:
        async with Client(mcp_url(server), mode=mode, **options) as client:
            return await body(client)

    return server.waiter.run(lambda: asyncio.run(main()), timeout=timeout)


def meta(version: str = MODERN) -> Dict[str, Any]:
    """The ``_meta`` every request of the stateless revision carries."""
    return {"io.modelcontextprotocol/protocolVersion": version,
            "io.modelcontextprotocol/clientCapabilities": {},
            "io.modelcontextprotocol/clientInfo": {"name": "raw-test", "version": "1"}}


def modern_headers(method: str, name: Optional[str] = None, version: str = MODERN) -> Dict[str, str]:
    headers = {"MCP-Protocol-Version": version, "Mcp-Method": method,
               "Accept": "application/json, text/event-stream"}
    if name is not None:
        headers["Mcp-Name"] = name
    return headers


def post(server: Any, message: Any, headers: Optional[Dict[str, str]] = None, **options: Any) -> Response:
    """One raw POST to /mcp (JSON unless message is bytes), sent from a helper
    thread while the server's own loop turns."""
    body = message if isinstance(message, bytes) else json.dumps(message)
    all_headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    all_headers.update(headers or {})
    return server.waiter.run(lambda: http_request(server.port, body, path="/mcp", headers=all_headers,
                                                  **options))


def request(method: str, params: Optional[Dict[str, Any]] = None, request_id: Any = 1) -> Dict[str, Any]:
    message: Dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if params is not None:
        message["params"] = params
    return message
