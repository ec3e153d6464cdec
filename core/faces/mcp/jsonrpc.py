"""JSON-RPC 2.0 as MCP uses it: error codes, and error and result messages."""

from __future__ import annotations

import json
import secrets
from typing import Any, Dict, List, Optional

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
RESOURCE_NOT_FOUND_LEGACY = -32002  # up to 2025-11-25; -32602 since
HEADER_MISMATCH = -32020
MISSING_CLIENT_CAPABILITY = -32021
UNSUPPORTED_PROTOCOL_VERSION = -32022


class RpcError(Exception):
    """An error response to send, and the HTTP status it goes with."""

    def __init__(self, code: int, message: str, data: Any = None, status: int = 200):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data
        self.status = status

    def response(self, request_id: Any) -> Dict[str, Any]:
        return error_response(request_id, self.code, self.message, self.data)


def error_response(request_id: Any, code: int, message: str, data: Any = None) -> Dict[str, Any]:
    error: Dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        error["data"] = data
    return {"jsonrpc": "2.0", "id": request_id, "error": error}


def result_response(request_id: Any, result: Dict[str, Any]) -> Dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "result": result}


def is_request_id(value: Optional[Any]) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


class PreEncoded:
    """A JSON value encoded already, to be put into a message as it is.

    A tool's result goes out twice, as structured content and as the same
    JSON in text; the tool list is the same for every client. Encoding each
    once is most of what an MCP reply costs beyond the AnkiConnect one.
    """

    __slots__ = ("json",)

    def __init__(self, json_text: str):
        self.json = json_text


# Stands in for a PreEncoded value while the message around it is encoded:
# random, so that nothing a client sends can look like it.
_SLOT = f"\x00pre-encoded-{secrets.token_hex(8)}\x00"
_ENCODED_SLOT = json.dumps(_SLOT)
# json.dumps' defaults: ASCII escapes, as the other faces send.
_ENCODER = json.JSONEncoder()


def encode_value(value: Any) -> str:
    return _ENCODER.encode(value)


def encode_message(message: Dict[str, Any]) -> bytes:
    """The message as JSON bytes, its PreEncoded values spliced in."""
    spliced: List[str] = []

    def slot(value: Any) -> str:
        if isinstance(value, PreEncoded):
            spliced.append(value.json)
            return _SLOT
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    text = json.JSONEncoder(default=slot).encode(message)
    for json_text in spliced:
        text = text.replace(_ENCODED_SLOT, json_text, 1)
    return text.encode("ascii")
