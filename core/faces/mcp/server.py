"""MCP's JSON-RPC methods, answered from the service, whatever transport carried them.

One message in, one outcome out: a response (with the HTTP status that goes
with it) or nothing (a notification, or a response from the client). No
state is kept between messages: ``initialize`` is answered without a
session, and a request of the modern revision carries everything it needs
in its ``_meta``. HTTP-only checks (the headers that mirror the body) get
the request's headers; other transports pass none.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from ...caller import Caller
from ...config import Config
from ...logs import get_logger
from ...service import Service
from ...validation import schemas_can_be_checked
from . import resources
from .jsonrpc import (
    HEADER_MISMATCH,
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    RESOURCE_NOT_FOUND_LEGACY,
    UNSUPPORTED_PROTOCOL_VERSION,
    PreEncoded,
    RpcError,
    encode_value,
    is_request_id,
    result_response,
)
from .tools import GENERIC_TOOL, Tool, ToolSet
from .versions import (
    HEADERLESS_VERSION,
    LEGACY_VERSIONS,
    META_CAPABILITIES,
    META_SERVER_INFO,
    META_VERSION,
    MODERN_VERSIONS,
    SUPPORTED_VERSIONS,
    negotiate,
)

log = get_logger(__name__)

SERVER_NAME = "ankiconnect"
INSTRUCTIONS = """\
This server is Anki, the flashcard program: its notes, cards, decks, note types, \
media and review history. Search with findNotes or findCards (read the resource \
anki://guides/search-syntax first: Anki's query language has its own rules), then \
read what you found with notesInfo or cardsInfo. Add notes in bulk with addNotes. \
Every change is one step in Anki's Edit > Undo. Tools that need Anki's window say so. \
runAction runs any other action of the AnkiConnect API by name."""
# How long (ms) a modern client may keep a result of these methods: lists change
# only when plugins or settings do; what a resource reads, at any time.
_FRESH_FOR = {"server/discover": 60_000, "tools/list": 60_000, "prompts/list": 60_000,
              "resources/list": 60_000, "resources/templates/list": 60_000, "resources/read": 0}
# Names carried in the Mcp-Name header, per method.
_NAMED = {"tools/call": "name", "resources/read": "uri", "prompts/get": "name"}
_BASE64 = ("=?base64?", "?=")


@dataclass
class Outcome:
    """What to send back: a JSON-RPC message (None: nothing) and its HTTP status."""

    message: Optional[Dict[str, Any]]
    status: int = 200


@dataclass(frozen=True)
class Context:
    """One message's circumstances: who sent it, the settings, the HTTP headers (or None)."""

    caller: Caller
    config: Config
    headers: Optional[Callable[[str], Optional[str]]] = None


class McpServer:
    def __init__(self, service: Service, version: str):
        self._service = service
        self._server_info = {"name": SERVER_NAME, "title": "AnkiConnect", "version": version}
        self._lock = threading.Lock()
        self._tools: Optional[Tuple[Tuple, ToolSet]] = None
        self._methods: Dict[str, Callable[[Dict[str, Any], Context, bool], Dict[str, Any]]] = {
            "initialize": self._initialize,
            "ping": lambda params, context, modern: {},
            "server/discover": self._discover,
            "tools/list": self._list_tools,
            "tools/call": self._call_tool,
            "resources/list": self._list_resources,
            "resources/templates/list": self._list_resource_templates,
            "resources/read": self._read_resource,
            "prompts/list": lambda params, context, modern: {"prompts": []},
            "prompts/get": self._get_prompt,
        }

    def handle(self, message: Any, context: Context) -> Outcome:
        """Answer one JSON-RPC message."""
        if isinstance(message, list):
            return Outcome(RpcError(INVALID_REQUEST, "batches are not supported: send one message "
                                                     "per request").response(None), 400)
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            return Outcome(RpcError(INVALID_REQUEST, "not a JSON-RPC 2.0 message").response(None), 400)
        method = message.get("method")
        if method is None and "id" in message and ("result" in message or "error" in message):
            return Outcome(None, 202)  # a response from the client: nothing asked for one
        if not isinstance(method, str):
            return Outcome(RpcError(INVALID_REQUEST, "method must be a string").response(None), 400)
        if "id" not in message:
            return Outcome(None, 202)  # a notification: nothing to answer, nothing to do
        request_id = message["id"]
        if not is_request_id(request_id):
            return Outcome(RpcError(INVALID_REQUEST, "id must be a string or an integer").response(None), 400)
        try:
            result = self._answer(method, message.get("params", {}), context)
        except RpcError as error:
            return Outcome(error.response(request_id), error.status)
        except Exception as exc:  # a bug of ours: answered, logged, never a crash
            log.exception("MCP %s failed", method)
            return Outcome(RpcError(INTERNAL_ERROR, f"internal error: {exc}").response(request_id), 500)
        return Outcome(result_response(request_id, result))

    def _answer(self, method: str, params: Any, context: Context) -> Dict[str, Any]:
        if not isinstance(params, dict):
            raise RpcError(INVALID_PARAMS, "params must be an object", status=400)
        meta = params.get("_meta")
        modern = method != "initialize" and isinstance(meta, dict) and META_VERSION in meta
        if modern:
            self._check_modern(method, params, meta, context)
        else:
            self._check_legacy(context)
        handler = self._methods.get(method)
        if handler is None:
            raise RpcError(METHOD_NOT_FOUND, f"Method not found: {method}", status=404 if modern else 200)
        result = handler(params, context, modern)
        if modern:
            result = {"resultType": "complete", **result,
                      "_meta": {**result.get("_meta", {}), META_SERVER_INFO: self._server_info}}
            if method in _FRESH_FOR:  # one user's own server: no shared caches
                result.update(ttlMs=_FRESH_FOR[method], cacheScope="private")
        return result

    # Versions and the headers of the modern revision --------------------------------

    def _check_modern(self, method: str, params: Dict[str, Any], meta: Dict[str, Any],
                      context: Context) -> None:
        version = meta[META_VERSION]
        if version not in MODERN_VERSIONS:
            raise RpcError(UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version",
                           {"supported": list(SUPPORTED_VERSIONS), "requested": version}, status=400)
        headers = context.headers
        if headers is not None:
            _check_header(headers, "MCP-Protocol-Version", version)
            _check_header(headers, "Mcp-Method", method)
            if method in _NAMED:
                _check_header(headers, "Mcp-Name", params.get(_NAMED[method]), encoded=True)
        if not isinstance(meta.get(META_CAPABILITIES), dict):
            raise RpcError(INVALID_PARAMS, f"_meta must carry {META_CAPABILITIES} (an object)", status=400)

    @staticmethod
    def _check_legacy(context: Context) -> None:
        if context.headers is None:
            return
        version = context.headers("MCP-Protocol-Version") or HEADERLESS_VERSION
        if version not in LEGACY_VERSIONS:
            raise RpcError(INVALID_REQUEST, f"Bad Request: unsupported protocol version {version!r} "
                                            f"(supported: {', '.join(SUPPORTED_VERSIONS)})",
                           {"supported": list(SUPPORTED_VERSIONS), "requested": version}, status=400)

    # Lifecycle ---------------------------------------------------------------------

    def _capabilities(self) -> Dict[str, Any]:
        return {"tools": {"listChanged": False}, "resources": {}, "prompts": {}}

    def _initialize(self, params: Dict[str, Any], context: Context, modern: bool) -> Dict[str, Any]:
        return {
            "protocolVersion": negotiate(params.get("protocolVersion")),
            "capabilities": self._capabilities(),
            "serverInfo": self._server_info,
            "instructions": INSTRUCTIONS,
        }

    def _discover(self, params: Dict[str, Any], context: Context, modern: bool) -> Dict[str, Any]:
        return {
            "supportedVersions": list(SUPPORTED_VERSIONS),
            "capabilities": self._capabilities(),
            "instructions": INSTRUCTIONS,
        }

    # Tools ---------------------------------------------------------------------------

    def tool_set(self, config: Config) -> ToolSet:
        """The tools these settings offer (made once per set of plugins and settings)."""
        registry = self._service.registry()
        key = (registry, _selection(config.mcpTools), config.mcpReadOnly, self._service.has_window())
        cached = self._tools
        if cached is not None and cached[0][0] is registry and cached[0][1:] == key[1:]:
            return cached[1]
        with self._lock:
            tools = ToolSet(registry, key[1], config.mcpReadOnly, key[3])
            self._tools = (key, tools)
            return tools

    def _list_tools(self, params: Dict[str, Any], context: Context, modern: bool) -> Dict[str, Any]:
        _no_cursor(params)
        return {"tools": self.tool_set(context.config).encoded_entries}

    def _call_tool(self, params: Dict[str, Any], context: Context, modern: bool) -> Dict[str, Any]:
        tools = self.tool_set(context.config)
        tool = tools.find(params.get("name"))
        if tool is None:
            raise RpcError(INVALID_PARAMS, f"Unknown tool: {params.get('name')}")
        arguments = params.get("arguments")
        if arguments is None:
            arguments = {}
        if not isinstance(arguments, dict):
            raise RpcError(INVALID_PARAMS, "arguments must be an object")
        try:
            request = self._request_for(tool, tools, arguments)
        except ValueError as exc:
            return _tool_error(str(exc))
        caller = Caller(context.caller.origin, context.caller.trusted, authenticated=True,
                        checks_schemas=schemas_can_be_checked())
        reply = self._service.handle(request, caller, context.config)
        if reply["error"] is not None:
            return _tool_error(reply["error"])
        structured = encode_value({"result": reply["result"]})  # once, for both
        return {"content": [{"type": "text", "text": structured}],
                "structuredContent": PreEncoded(structured), "isError": False}

    @staticmethod
    def _request_for(tool: Tool, tools: ToolSet, arguments: Dict[str, Any]) -> Dict[str, Any]:
        if tool.action is not None:
            return {"action": tool.name, "version": 6, "params": arguments}
        name, params = arguments.get("action"), arguments.get("params", {})
        unknown = sorted(set(arguments) - {"action", "params"})
        if unknown:
            raise ValueError(f"{GENERIC_TOOL} takes action and params, not {', '.join(unknown)}")
        if not isinstance(name, str):
            raise ValueError("action must be the name of an action (a string)")
        if not isinstance(params, dict):
            raise ValueError("params must be an object")
        action = tools.registry.find(name)
        if action is not None and not tools.may_run(action):
            why = ("it needs Anki's window, which this server has not" if action.gui and not tools.window else
                   "it may change the collection, and this server offers only actions that change nothing "
                   "(mcpReadOnly)")
            raise ValueError(f"{name} cannot be run here: {why}")
        return {"action": name, "version": 6, "params": params}

    # Resources and prompts -------------------------------------------------------------

    def _list_resources(self, params: Dict[str, Any], context: Context, modern: bool) -> Dict[str, Any]:
        _no_cursor(params)
        fixed, _ = resources.action_resources(self._service.registry())
        return {"resources": resources.static_resources() + fixed}

    def _list_resource_templates(self, params: Dict[str, Any], context: Context,
                                 modern: bool) -> Dict[str, Any]:
        _no_cursor(params)
        _, templates = resources.action_resources(self._service.registry())
        return {"resourceTemplates": templates}

    def _read_resource(self, params: Dict[str, Any], context: Context, modern: bool) -> Dict[str, Any]:
        uri = params.get("uri")
        if not isinstance(uri, str):
            raise RpcError(INVALID_PARAMS, "uri must be a string")
        not_found = INVALID_PARAMS if modern else RESOURCE_NOT_FOUND_LEGACY
        match = resources.find(self._service.registry(), uri)
        if match is None:
            raise RpcError(not_found, f"Resource not found: {uri}", {"uri": uri})
        if match.action is None:
            return {"contents": [{"uri": uri, "mimeType": "text/markdown", "text": resources.search_guide()}]}
        request = {"action": match.action.name, "version": 6, "params": match.params}
        reply = self._service.handle(request, Caller(context.caller.origin, context.caller.trusted,
                                                     authenticated=True), context.config)
        if reply["error"] is not None:
            raise RpcError(not_found, f"Resource not found: {uri}: {reply['error']}", {"uri": uri})
        return {"contents": [{"uri": uri, "mimeType": "application/json",
                              "text": json.dumps(reply["result"], ensure_ascii=False)}]}

    @staticmethod
    def _get_prompt(params: Dict[str, Any], context: Context, modern: bool) -> Dict[str, Any]:
        raise RpcError(INVALID_PARAMS, f"Unknown prompt: {params.get('name')}")


def _tool_error(text: str) -> Dict[str, Any]:
    return {"content": [{"type": "text", "text": text}], "isError": True}


def _no_cursor(params: Dict[str, Any]) -> None:
    if params.get("cursor") is not None:  # every list is one page: no cursor was ever handed out
        raise RpcError(INVALID_PARAMS, "Invalid cursor")


def _selection(setting: Any) -> Any:
    return setting if isinstance(setting, str) else frozenset(setting)


def _check_header(headers: Callable[[str], Optional[str]], name: str, body_value: Any,
                  encoded: bool = False) -> None:
    value = headers(name)
    if value is None:
        raise RpcError(HEADER_MISMATCH, f"Header mismatch: the {name} header is missing", status=400)
    if encoded and value.startswith(_BASE64[0]) and value.endswith(_BASE64[1]):
        try:
            value = base64.b64decode(value[len(_BASE64[0]):-len(_BASE64[1])], validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            raise RpcError(HEADER_MISMATCH, f"Header mismatch: the {name} header is not valid Base64",
                           status=400) from None
    if value != body_value:
        raise RpcError(HEADER_MISMATCH, f"Header mismatch: {name} header value {value!r} does not match "
                                        f"body value {body_value!r}", status=400)


def header_reader(headers: Mapping[str, str]) -> Callable[[str], Optional[str]]:
    """Case-insensitive lookup in a plain mapping of headers."""
    lowered = {name.lower(): value for name, value in headers.items()}
    return lambda name: lowered.get(name.lower())

