"""The HTTP face of the API: a WSGI application, run by Waitress.

Per request, on a Waitress thread: Host check, origin decision, CORS
preflight, JSON parsing and envelope validation; then one hop through the
bridge to run the action (two when an editor must first pass on the user's
typing); then JSON encoding. Statuses and headers follow
upstream AnkiConnect, which clients and browsers rely on.

``GET /openapi.json`` is answered here, without a hop: the OpenAPI document
of the actions served now (core/openapi.py), under the same Host, origin
and key rules, the key in a header.
"""

from __future__ import annotations

import json
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Callable, Iterable, List, Optional, Tuple, Union

from .apilog import ApiLog
from .bridge import BridgeError
from .config import Config
from .logs import get_logger
from .openapi import KEY_HEADER, OPENAPI_PATH, encoded_document
from .protocol import Dispatcher, RequestRun, SaveTypingFirst
from .replies import PendingReply, error_reply
from .security import decide_origin, host_allowed, key_matches

log = get_logger(__name__)

Headers = List[Tuple[str, str]]
StartResponse = Callable[[str, Headers], Any]

# How long a changing request waits for open editors to save the user's typing
# (a JavaScript round trip, normally a few milliseconds).
TYPING_SAVE_TIMEOUT = 2.0


class ApiApp:
    """The WSGI application.

    :param dispatcher: runs request objects (on the collection's thread).
    :param bridge: carries work to the collection's thread (``call(work, timeout)``).
    :param config: returns the current Config.
    """

    def __init__(self, dispatcher: Dispatcher, bridge: Any, config: Callable[[], Config],
                 api_log: Optional[ApiLog] = None):
        self._dispatcher = dispatcher
        self._bridge = bridge
        self._config = config
        self._api_log = api_log or ApiLog()
        self._openapi: Optional[Tuple[Any, int, bytes]] = None  # (registry, apiVersion, document)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        config = self._config()
        if not host_allowed(environ.get("HTTP_HOST"), config.webBindAddress):
            return _respond(start_response, "403 Forbidden", [], _encode(error_reply(
                f"Host {environ.get('HTTP_HOST')!r} is not allowed: the server is bound to "
                f"{config.webBindAddress}, so requests must name localhost or the loopback address"
            )), content_type="application/json")

        origin = environ.get("HTTP_ORIGIN")
        allowed, cors_origin = decide_origin(origin, config.cors_origins)
        headers: Headers = [
            ("Access-Control-Allow-Origin", cors_origin),
            ("Access-Control-Allow-Headers", "*"),
        ]
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            if environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK") == "true":
                headers.append(("Access-Control-Allow-Private-Network", "true"))
            return _respond(start_response, "200 OK", headers, b"", content_type="application/json")
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") == OPENAPI_PATH:
            return self._openapi_document(start_response, headers, allowed, environ, config)

        body = _read_body(environ)
        try:
            request = _parse(body)
        except ValueError as exc:
            if not allowed:
                return _respond(start_response, "403 Forbidden", headers, b"")
            if not body:  # a browser opening the URL
                return self._json(start_response, headers,
                                  {"apiVersion": f"AnkiConnect v.{config.apiVersion}"})
            return self._json(start_response, headers, error_reply(str(exc)))

        permission = None
        if request.get("action") == "requestPermission":
            permission = {"origin": origin or "", "allowed": allowed}
            if not allowed:
                headers[0] = ("Access-Control-Allow-Origin", origin or "")
        elif not allowed:
            return _respond(start_response, "403 Forbidden", headers, b"")

        return self._json(start_response, headers, self._run(request, permission, config))

    def _run(self, request: dict, permission: Optional[dict], config: Config) -> Any:
        plan = self._dispatcher.plan(request, config, permission)
        downloads = self._dispatcher.prefetch(plan)  # slow downloads stay off the collection's thread

        def run_on_collection_thread(typing_saved: bool = False) -> Union[RequestRun, SaveTypingFirst]:
            return self._bridge.call(
                lambda: self._dispatcher.run(plan, downloads, typing_saved=typing_saved),
                timeout=config.apiQueueTimeout / 1000,
            )

        try:
            run = run_on_collection_thread()
            if isinstance(run, SaveTypingFirst):  # an editor is passing on the user's typing first
                try:
                    run.saved.result(timeout=TYPING_SAVE_TIMEOUT)
                except FutureTimeout:
                    log.warning("an editor did not save within %g s; changing the note anyway",
                                TYPING_SAVE_TIMEOUT)
                run = run_on_collection_thread(typing_saved=True)
        except BridgeError as exc:
            return error_reply(str(exc))
        assert isinstance(run, RequestRun)  # typing_saved runs never wait again
        run.finish()
        if run.log_entries:
            self._api_log.write(config.apiLogPath, run.log_entries)
        return run.reply

    def _openapi_document(self, start_response: StartResponse, headers: Headers, allowed: bool,
                          environ: dict, config: Config) -> List[bytes]:
        if not allowed:
            return _respond(start_response, "403 Forbidden", headers, b"")
        if not key_matches(environ.get(_KEY_ENVIRON), config.apiKey):
            return _respond(start_response, "403 Forbidden", headers, _encode(error_reply(
                f"valid api key must be provided (in the {KEY_HEADER} header)")),
                content_type="application/json")
        registry = self._dispatcher.environment.registry()
        cached = self._openapi
        if cached is None or cached[0] is not registry or cached[1] != config.apiVersion:
            # built once per set of loaded plugins: the registry is replaced when they change
            document = encoded_document(registry, config.apiVersion)
            cached = self._openapi = (registry, config.apiVersion, document)
        return _respond(start_response, "200 OK", headers, cached[2], content_type="application/json")

    def _json(self, start_response: StartResponse, headers: Headers, reply: Any) -> List[bytes]:
        try:
            body = _encode(reply)
        except (TypeError, ValueError) as exc:  # a plugin returned something JSON cannot hold
            body = _encode(error_reply(str(exc)))
        return _respond(start_response, "200 OK", headers, body, content_type="application/json")


_KEY_ENVIRON = "HTTP_" + KEY_HEADER.upper().replace("-", "_")


def _respond(start_response: StartResponse, status: str, headers: Headers, body: bytes,
             *, content_type: Optional[str] = None) -> List[bytes]:
    if content_type:
        headers = [("Content-Type", content_type), *headers]
    start_response(status, [*headers, ("Content-Length", str(len(body)))])
    return [body]


def _read_body(environ: dict) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ["wsgi.input"]
    return stream.read(length) if length > 0 else stream.read()


def _parse(body: bytes) -> dict:
    """The request object, or ValueError saying what is wrong.

    The messages are Python's json module's and the first line of what
    jsonschema says for upstream's request schema.
    """
    try:
        request = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("the request is nested too deeply") from None
    if not isinstance(request, dict):
        raise ValueError(f"{repr(request)} is not of type 'object'")
    if "action" not in request:
        raise ValueError("'action' is a required property")
    action = request["action"]
    if not isinstance(action, str):
        raise ValueError(f"{repr(action)} is not of type 'string'")
    if not action:
        raise ValueError("'' should be non-empty")
    if "version" in request and not _is_integer(request["version"]):
        raise ValueError(f"{repr(request['version'])} is not of type 'integer'")
    if "params" in request and not isinstance(request["params"], dict):
        raise ValueError(f"{repr(request['params'])} is not of type 'object'")
    return request


def _is_integer(value: Any) -> bool:
    # JSON Schema's "integer": 6 and 6.0 are, true and 6.5 are not.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _resolved(value: Any) -> Any:
    if isinstance(value, PendingReply):
        return value.reply
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# json.dumps' defaults (ASCII escapes, ", " and ": ") are what upstream sends.
# One encoder for every reply: json.dumps(..., default=) would build one per call.
_ENCODER = json.JSONEncoder(default=_resolved)


def _encode(reply: Any) -> bytes:
    return _ENCODER.encode(reply).encode("ascii")
