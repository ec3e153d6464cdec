"""JSON-RPC 2.0 as MCP uses it: error codes, and error and result messages."""

from __future__ import annotations

from typing import Any, Dict, Optional

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
