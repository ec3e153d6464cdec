"""One HTTP request as the faces see it, and the small pieces of HTTP they share."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Tuple

from ..caller import Caller
from ..config import Config

Headers = List[Tuple[str, str]]
StartResponse = Callable[[str, Headers], Any]


@dataclass
class Exchange:
    """An HTTP request that passed the checks every face shares."""

    environ: dict
    config: Config  # the settings it is handled with
    caller: Caller
    cors: Headers  # the CORS headers of the reply

    def header(self, name: str) -> Optional[str]:
        return self.environ.get("HTTP_" + name.upper().replace("-", "_"))

    def key_in_headers(self) -> Optional[str]:
        """The API key the client sent with the transport: ``Authorization: Bearer <key>``,
        else the ``X-Api-Key`` header (None: neither)."""
        authorization = self.header("Authorization")
        if authorization is not None:
            scheme, _, token = authorization.strip().partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
        return self.header("X-Api-Key")


def respond(start_response: StartResponse, status: str, headers: Headers, body: bytes,
            *, content_type: Optional[str] = None) -> List[bytes]:
    if content_type:
        headers = [("Content-Type", content_type), *headers]
    start_response(status, [*headers, ("Content-Length", str(len(body)))])
    return [body]


def forbidden(start_response: StartResponse, exchange: Exchange) -> List[bytes]:
    """403 with an empty body: a web page the settings do not trust."""
    return respond(start_response, "403 Forbidden", exchange.cors, b"")


def read_body(environ: dict) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ["wsgi.input"]
    return stream.read(length) if length > 0 else stream.read()


def parse_json(body: bytes) -> Any:
    """The JSON value of a body; ValueError in the json module's words."""
    try:
        return json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("the request is nested too deeply") from None


# json.dumps' defaults (ASCII escapes, ", " and ": ") are what upstream sends.
# One encoder for every reply: json.dumps builds one per call.
_ENCODER = json.JSONEncoder()


def encode_json(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("ascii")
