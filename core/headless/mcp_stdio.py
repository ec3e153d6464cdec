"""``ankiconnect mcp``: MCP over standard input and output, for desktop agent hosts.

Such a host starts its MCP servers as child processes, one per session, and
talks to each over its standard streams, a JSON-RPC message per line. Many
of them must not each open the collection (its file is locked by whoever
has it), so this process owns nothing: it relays each message to the
``/mcp`` endpoint of the server that does (Anki with the add-on, or
``ankiconnect serve``), with the API key from the settings, and writes each
reply back. With ``--collection`` it serves that collection itself instead,
through a headless server of its own on a loopback port that only it knows.

It connects to 127.0.0.1 itself, never through ``localhost``, which may
resolve to ``::1`` while the server listens on IPv4 only. Nothing but
protocol messages is ever written to standard output: whatever else would
go there (a library's print, Anki's backend) goes to standard error.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, BinaryIO, Dict, Optional, Tuple
from urllib.parse import urlsplit

from ..config import Config
from ..security import is_loopback

# What a message's JSON-RPC method and params say goes into the headers of
# the modern revision's Streamable HTTP (the relay is a transport).
_NAMED = {"tools/call": "name", "resources/read": "uri", "prompts/get": "name"}
_META_VERSION = "io.modelcontextprotocol/protocolVersion"


def default_url(config: Config) -> str:
    """Where the server of these settings answers MCP, by address, not by name."""
    address = config.webBindAddress
    if address in ("", "0.0.0.0", "localhost") or (is_loopback(address) and ":" not in address):
        address = "127.0.0.1"
    elif address in ("::", "::1"):
        address = "[::1]"
    elif ":" in address:
        address = f"[{address}]"
    return f"http://{address}:{config.webBindPort}/mcp"


class Relay:
    """Carries stdin's messages to an MCP endpoint and its replies to stdout.

    :param url: the ``/mcp`` endpoint.
    :param key: the API key, sent as ``Authorization: Bearer``.
    :param output: where replies go (the real standard output).
    :param errors: where the one-line notes for the user go.
    """

    def __init__(self, url: str, key: Optional[str], output: BinaryIO, errors: Any = sys.stderr,
                 timeout: float = 600):
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"the MCP URL must be http://host:port/mcp, not {url!r}")
        self.url = url
        self._host, self._port = parts.hostname, parts.port or 80
        self._path = parts.path or "/"
        self._key = key
        self._output = output
        self._errors = errors
        self._timeout = timeout
        self._write_lock = threading.Lock()
        self._legacy_version: Optional[str] = None  # negotiated by initialize, for the header
        self._unreachable = False
        self._local = threading.local()  # one connection per worker thread, kept alive

    def run(self, messages: BinaryIO, workers: int = 8) -> None:
        """Relay until the input ends, then wait for the replies still coming."""
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mcp-relay") as pool:
            for line in messages:
                if line.strip():
                    pool.submit(self.relay, line)

    def relay(self, line: bytes) -> None:
        """Send one message on, write its reply (if any)."""
        try:
            message = json.loads(line)
        except ValueError as exc:
            self._write(_error(None, -32700, f"Parse error: {exc}"))
            return
        request_id = message.get("id") if isinstance(message, dict) else None
        is_request = isinstance(message, dict) and "method" in message and "id" in message
        try:
            status, body = self._post(line, self._headers(message))
        except OSError as exc:
            self._say_unreachable(exc)
            if is_request:
                self._write(_error(request_id, -32603, f"no AnkiConnect server answers at {self.url}: "
                                                       f"{exc.strerror or exc}. Is Anki open with the add-on "
                                                       f"(or ankiconnect serve running)?"))
            return
        self._reachable_again()
        if status == 202 or not body.strip():
            if is_request and status != 202:
                self._write(_error(request_id, -32603, f"the server answered HTTP {status} with no message"))
            return
        try:
            reply = json.loads(body)
        except ValueError:
            if is_request:
                self._write(_error(request_id, -32603, f"the server answered HTTP {status}, not JSON-RPC"))
            return
        if isinstance(reply, dict) and reply.get("id") is None and is_request:
            reply = {**reply, "id": request_id}  # an HTTP-level refusal (401, 403) carries no id
        self._remember_version(message, reply)
        self._write(reply)

    def _headers(self, message: Any) -> Dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._key is not None:
            headers["Authorization"] = f"Bearer {self._key}"
        if not isinstance(message, dict) or not isinstance(message.get("method"), str):
            return headers
        params = message.get("params") if isinstance(message.get("params"), dict) else {}
        meta = params.get("_meta") if isinstance(params.get("_meta"), dict) else {}
        version = meta.get(_META_VERSION)
        if isinstance(version, str):  # the modern revision: headers mirror the body
            headers["MCP-Protocol-Version"] = version
            headers["Mcp-Method"] = message["method"]
            name = params.get(_NAMED.get(message["method"], ""))
            if isinstance(name, str):
                headers["Mcp-Name"] = _header_value(name)
        elif self._legacy_version is not None:
            headers["MCP-Protocol-Version"] = self._legacy_version
        return headers

    def _remember_version(self, message: Any, reply: Any) -> None:
        if isinstance(message, dict) and message.get("method") == "initialize" and isinstance(reply, dict):
            version = (reply.get("result") or {}).get("protocolVersion")
            if isinstance(version, str):
                self._legacy_version = version

    def _post(self, body: bytes, headers: Dict[str, str]) -> Tuple[int, bytes]:
        for attempt in (1, 2):  # a kept-alive connection the server has closed meanwhile: once more
            connection = getattr(self._local, "connection", None)
            if connection is None:
                connection = self._local.connection = http.client.HTTPConnection(
                    self._host, self._port, timeout=self._timeout)
            try:
                connection.request("POST", self._path, body=body, headers=headers)
                response = connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                connection.close()
                self._local.connection = None
                if attempt == 2:
                    raise
            except OSError:
                connection.close()
                self._local.connection = None
                raise
        raise AssertionError("unreachable")

    def _write(self, message: Dict[str, Any]) -> None:
        data = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        with self._write_lock:
            self._output.write(data)
            self._output.flush()

    def _say_unreachable(self, exc: OSError) -> None:
        with self._write_lock:
            if self._unreachable:
                return  # once per outage, not once per message
            self._unreachable = True
        print(f"ankiconnect mcp: no AnkiConnect server answers at {self.url} ({exc.strerror or exc}); "
              "start Anki with the add-on, or ankiconnect serve, or pass --collection PATH",
              file=self._errors, flush=True)

    def _reachable_again(self) -> None:
        if self._unreachable:
            self._unreachable = False
            print(f"ankiconnect mcp: {self.url} answers again", file=self._errors, flush=True)


def protocol_output() -> BinaryIO:
    """The real standard output, for protocol messages only; everything that
    writes to standard output from now on (Python or native code) reaches
    standard error instead."""
    sys.stdout.flush()
    output = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return output


def _error(request_id: Any, code: int, message: str) -> Dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}}


def _header_value(value: str) -> str:
    """A header-safe value, or the Base64 form the specification gives for others."""
    import base64

    safe = value.isascii() and value.isprintable() and value == value.strip() \
        and not (value.startswith("=?base64?") and value.endswith("?="))
    if safe:
        return value
    return "=?base64?" + base64.b64encode(value.encode("utf-8")).decode("ascii") + "?="
