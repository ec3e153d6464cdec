"""``POST /mcp``: MCP's Streamable HTTP transport, without sessions.

The checks come first, as strict as the AnkiConnect endpoint's and as the
MCP specification asks: the Host header (done for every face), a web page's
origin (an untrusted one gets 403 before anything is read), and, with an API
key set, the key on every request, as ``Authorization: Bearer <key>`` or in
the ``X-Api-Key`` header (401 with ``WWW-Authenticate`` when it is missing
or wrong). Each POST carries one JSON-RPC message; the reply is JSON, or a
single-event ``text/event-stream`` body for a client that accepts only a
stream. Notifications get ``202`` and no body; ``GET`` (the standalone
stream of older revisions) gets ``405``.
"""

from __future__ import annotations

from typing import Any, List, Optional

from ...replies import error_reply
from ...security import key_matches
from ..exchange import Exchange, Headers, StartResponse, encode_json, parse_json, read_body, respond
from .jsonrpc import PARSE_ERROR, encode_message, error_response
from .server import Context, McpServer

PATH = "/mcp"
_EVENT_STREAM = "text/event-stream"
_JSON = "application/json"
_STATUS = {200: "200 OK", 202: "202 Accepted", 400: "400 Bad Request", 401: "401 Unauthorized",
           403: "403 Forbidden", 404: "404 Not Found", 405: "405 Method Not Allowed",
           406: "406 Not Acceptable", 500: "500 Internal Server Error"}


class McpEndpoint:
    def __init__(self, server: McpServer):
        self._server = server

    def __call__(self, exchange: Exchange, start_response: StartResponse) -> List[bytes]:
        config = exchange.config
        if not config.mcpEnabled:
            return _json(start_response, exchange, 404, error_reply(
                "the MCP endpoint is switched off (the mcpEnabled setting)"))
        if exchange.environ.get("REQUEST_METHOD") != "POST":
            return respond(start_response, _STATUS[405], [*exchange.cors, ("Allow", "POST")], b"")
        if not exchange.caller.trusted:
            return _json(start_response, exchange, 403, error_response(
                None, -32600, f"Origin {exchange.caller.origin!r} is not allowed (webCorsOriginList)"))
        if config.apiKey is not None and not key_matches(exchange.key_in_headers(), config.apiKey):
            return _json(start_response, exchange, 401, error_response(
                None, -32600, "valid api key must be provided (Authorization: Bearer <key>)"),
                extra=[("WWW-Authenticate", 'Bearer realm="AnkiConnect"')])
        stream = _wants_stream(exchange.header("Accept"))
        if stream is None:
            return _json(start_response, exchange, 406, error_response(
                None, -32600, "Not Acceptable: accept application/json or text/event-stream"))
        try:
            message = parse_json(read_body(exchange.environ))
        except ValueError as exc:
            return _json(start_response, exchange, 400,
                         error_response(None, PARSE_ERROR, f"Parse error: {exc}"))
        outcome = self._server.handle(message, Context(exchange.caller, config, exchange.header))
        if outcome.message is None:
            return respond(start_response, _STATUS[202], exchange.cors, b"")
        body = encode_message(outcome.message)
        if stream:
            return respond(start_response, _STATUS[outcome.status], [*exchange.cors, *_NO_CACHE],
                           b"event: message\r\ndata: " + body + b"\r\n\r\n", content_type=_EVENT_STREAM)
        return respond(start_response, _STATUS[outcome.status], exchange.cors, body, content_type=_JSON)


_NO_CACHE = [("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")]


def _json(start_response: StartResponse, exchange: Exchange, status: int, message: Any,
          extra: Optional[Headers] = None) -> List[bytes]:
    return respond(start_response, _STATUS[status], [*exchange.cors, *(extra or [])], encode_json(message),
                   content_type=_JSON)


def _wants_stream(accept: Optional[str]) -> Optional[bool]:
    """Whether to answer with an event stream; None when the client accepts neither form."""
    if not accept:
        return False
    types = {part.split(";", 1)[0].strip().lower() for part in accept.split(",")}
    if _JSON in types or "*/*" in types or "application/*" in types:
        return False
    if _EVENT_STREAM in types or "text/*" in types:
        return True
    return None
