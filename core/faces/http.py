"""The HTTP server's WSGI application: the checks every face shares, then the face for the path.

Per request, on a Waitress thread: the Host header is checked (a page that
points its own DNS name at 127.0.0.1 must not reach a loopback server),
the caller's origin is judged against the trusted ones (CORS), a preflight
is answered, and the request goes to its face:

    GET /openapi.json   the OpenAPI document (faces/openapi.py)
    /mcp                the MCP endpoint (faces/mcp/)
    GET /<stream>       an action served as server-sent events, such as
                        GET /changes (faces/events.py)
    anything else       the AnkiConnect endpoint (faces/ankiconnect.py);
                        upstream answers every path alike

Statuses and headers follow upstream AnkiConnect, which clients and
browsers rely on. Methods other than GET, HEAD, POST and OPTIONS get 405:
upstream ran a TRACE or a DELETE with a JSON body like a POST, and no known
client sends one (docs/compatibility.md).
"""

from __future__ import annotations

from typing import Iterable

from ..caller import Caller
from ..replies import error_reply
from ..security import decide_origin, host_header_allowed
from ..service import Service
from .ankiconnect import AnkiConnectFace
from .events import EventStreamFace
from .exchange import Exchange, Headers, StartResponse, encode_json, respond
from .mcp.endpoint import PATH as MCP_PATH
from .mcp.endpoint import McpEndpoint
from .mcp.server import McpServer
from .openapi import OpenApiFace

METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class HttpApp:
    """The WSGI application serving one service through its faces."""

    def __init__(self, service: Service, mcp: McpServer):
        self._service = service
        self._ankiconnect = AnkiConnectFace(service)
        self._openapi = OpenApiFace(service)
        self._mcp = McpEndpoint(mcp)
        self._events = EventStreamFace(service)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        config = self._service.config()
        host_header = environ.get("HTTP_HOST")
        if not host_header_allowed(host_header, config.webBindAddress):
            return respond(start_response, "403 Forbidden", [], encode_json(error_reply(
                f"Host {host_header!r} is not allowed: the server is bound to "
                f"{config.webBindAddress}, so requests must name localhost or the loopback address"
            )), content_type="application/json")

        origin = environ.get("HTTP_ORIGIN")
        trusted, cors_origin = decide_origin(origin, config.cors_origins)
        cors: Headers = [
            ("Access-Control-Allow-Origin", cors_origin),
            ("Access-Control-Allow-Headers", "*"),
        ]
        method = environ.get("REQUEST_METHOD")
        if method not in METHODS and environ.get("PATH_INFO") != MCP_PATH:  # MCP answers its own 405
            return respond(start_response, "405 Method Not Allowed", [*cors, ("Allow", ", ".join(METHODS))],
                           b"")
        if method == "OPTIONS":
            if environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK") == "true":
                cors.append(("Access-Control-Allow-Private-Network", "true"))
            return respond(start_response, "200 OK", cors, b"", content_type="application/json")
        exchange = Exchange(environ, config, Caller(origin, trusted), cors)
        path = environ.get("PATH_INFO", "")
        if path == MCP_PATH:
            return self._mcp(exchange, start_response)
        if method == "GET":
            if path == OpenApiFace.PATH:
                return self._openapi(exchange, start_response)
            if self._events.serves(path):
                return self._events(exchange, start_response)
        return self._ankiconnect(exchange, start_response)
