"""The OpenAPI 3.1 document of the API as it is loaded now, served at ``GET /openapi.json``.

Every request is a POST of a JSON object to one URL, told apart by its
``action``. So that each action is an operation of its own, with its own
typed request and reply, each has the path ``/#<action>``: the part after
``#`` is a fragment, which HTTP clients never send, so a client made from
the document posts to ``/`` as every AnkiConnect client does (and the server
answers any path alike).

Per action the document has four schemas: ``<action>Params`` and
``<action>Result`` (what the action declared, or a schema that says nothing
where it declared none), ``<action>Request`` (the envelope: ``action``,
``version``, ``key``, ``params``) and ``<action>Reply`` (a success from
version 5 on). A reply is that, or ``ErrorReply``, or (version 4 and older)
the bare result.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from .actions import JSON_SCHEMA_DIALECT, Action
from .registry import ActionRegistry

OPENAPI_PATH = "/openapi.json"
# How GET /openapi.json carries the API key: a header (never logged); CORS's
# "Access-Control-Allow-Headers: *" covers it, as it would not Authorization.
KEY_HEADER = "X-Api-Key"

_REF = "#/components/schemas/"

ERROR_REPLY = {
    "type": "object",
    "description": "An error, whatever the version: the request did not run, or failed.",
    "properties": {"result": {"type": "null"}, "error": {"type": "string"}},
    "required": ["result", "error"],
    "additionalProperties": False,
}

# Any request with an empty body (a browser opening the URL, a client checking that
# the server is up) is answered with this banner instead of running an action.
VERSION_BANNER = {
    "type": "object",
    "description": "The reply to a request with an empty body (no action runs), e.g. "
                   '`{"apiVersion": "AnkiConnect v.6"}`.',
    "properties": {"apiVersion": {"type": "string", "pattern": "^AnkiConnect v\\.[0-9]+$"}},
    "required": ["apiVersion"],
    "additionalProperties": False,
}

_INTRODUCTION = """\
The AnkiConnect API of this server, with every action its plugins serve now.

Each request is a POST of a JSON object to this server's URL:
`{"action": "...", "version": 6, "params": {...}, "key": "..."}`. Each action
is described under the path `/#<action>`; the part after `#` is never sent,
so every request goes to `/`. `version` (default 4) shapes the reply: up to
4 a success is the bare result, from 5 on `{"result": ..., "error": null}`.
An error is always `{"result": null, "error": "..."}`, with HTTP status 200.
A request with an empty body runs nothing and is answered with the version
banner, `{"apiVersion": "AnkiConnect v.6"}`.
With the apiKey setting, every request (and each request inside `multi`)
must carry it as `key`; this document is then served to a GET that sends it
in the X-Api-Key header."""


def openapi_document(registry: ActionRegistry, api_version: int) -> Dict[str, Any]:
    """The document for these actions (a fresh dict: the caller may keep or encode it)."""
    schemas: Dict[str, Any] = {"ErrorReply": ERROR_REPLY, "VersionBanner": VERSION_BANNER}
    paths: Dict[str, Any] = {}
    for action in registry:
        reported = action.schemas()
        schemas[f"{action.name}Params"] = _component(reported["params"]) or {
            "type": "object", "description": "The action declares no schema of its params."}
        schemas[f"{action.name}Result"] = _component(reported["result"]) or {
            "description": "The action declares no schema of its result: any JSON value."}
        schemas[f"{action.name}Request"] = _request(action, reported["params"], api_version)
        schemas[f"{action.name}Reply"] = {
            "type": "object",
            "description": "A success, for version 5 and later.",
            "properties": {"result": {"$ref": f"{_REF}{action.name}Result"}, "error": {"type": "null"}},
            "required": ["result", "error"],
            "additionalProperties": False,
        }
        paths[f"/#{action.name}"] = {"post": _operation(action, reported)}
    paths["/"] = {"get": _banner_operation()}
    paths[OPENAPI_PATH] = {"get": _document_operation()}
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": JSON_SCHEMA_DIALECT,
        "info": {"title": "AnkiConnect", "version": str(api_version), "description": _INTRODUCTION},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"apiKeyHeader": {
                "type": "apiKey", "in": "header", "name": KEY_HEADER,
                "description": "The apiKey setting, for GET /openapi.json (requests carry it as `key`)."}},
        },
    }


def encoded_document(registry: ActionRegistry, api_version: int) -> bytes:
    return json.dumps(openapi_document(registry, api_version)).encode("ascii")


def _component(schema: Optional[dict]) -> Optional[dict]:
    # The document names the dialect once (jsonSchemaDialect).
    return None if schema is None else {k: v for k, v in schema.items() if k != "$schema"}


def _request(action: Action, params: Optional[dict], api_version: int) -> dict:
    required = ["action"]
    if params is not None and params.get("required"):
        required.append("params")
    return {
        "type": "object",
        "properties": {
            "action": {"type": "string", "const": action.name, "default": action.name},
            "version": {"type": "integer", "default": 4,
                        "description": "The reply's shape: up to 4 the bare result, from 5 on "
                                       f"{{result, error}}. This server speaks {api_version}."},
            "key": {"type": ["string", "null"],
                    "description": "The API key, when the apiKey setting has one."},
            "params": {"$ref": f"{_REF}{action.name}Params"},
        },
        "required": required,
    }


def _operation(action: Action, reported: dict) -> dict:
    name = action.name
    doc = action.doc
    notes = [f"From the plugin `{action.plugin}`."]
    if action.gui:
        notes.append("Needs Anki's main window.")
    notes += [f"Served as `{old}` to clients sending version {version} or lower."
              for version, old in sorted(action.older_names.items())]
    reply_schema = {"anyOf": [{"$ref": f"{_REF}{name}Reply"}, {"$ref": f"{_REF}ErrorReply"},
                              {"$ref": f"{_REF}{name}Result",
                               "description": "A success, for version 4 and earlier: the bare result."},
                              {"$ref": f"{_REF}VersionBanner"}]}
    request_content: Dict[str, Any] = {"schema": {"$ref": f"{_REF}{name}Request"}}
    reply_content: Dict[str, Any] = {"schema": reply_schema}
    params_examples = (reported["params"] or {}).get("examples")
    if params_examples:
        request_content["example"] = {"action": name, "version": 6, "params": params_examples[0]}
    result_examples = (reported["result"] or {}).get("examples")
    if result_examples:
        reply_content["example"] = {"result": result_examples[0], "error": None}
    summary, _, rest = doc.partition("\n\n")  # the docstring's first paragraph, then the others
    return {
        "operationId": name,
        "summary": summary.replace("\n", " ") or name,
        "description": "\n\n".join([rest, " ".join(notes)]).strip(),
        "tags": [action.plugin],
        "requestBody": {"required": True, "content": {"application/json": request_content}},
        "responses": {
            "200": {"description": "The reply (errors too); the version banner to an empty body.",
                    "content": {"application/json": reply_content}},
            "403": {"description": "An untrusted web origin (empty body), or a Host header naming "
                                   "another machine."},
            "413": {"description": "The body is larger than the webMaxRequestBytes setting."},
        },
    }


def _banner_operation() -> dict:
    return {
        "operationId": "versionBanner",
        "summary": "The version banner (what a browser opening the URL sees).",
        "description": "Any request with an empty body is answered with it, whatever its method or path "
                       "(but GET /openapi.json); no action runs and no key is needed.",
        "responses": {
            "200": {"description": "The version banner.",
                    "content": {"application/json": {"schema": {"$ref": f"{_REF}VersionBanner"}}}},
            "403": {"description": "An untrusted web origin (empty body), or a Host header naming "
                                   "another machine."},
        },
    }


def _document_operation() -> dict:
    return {
        "operationId": "openapi.json",
        "summary": "This document.",
        "description": "Under the same origin and Host rules as every request; with the apiKey "
                       f"setting, the key goes in the {KEY_HEADER} header.",
        "security": [{}, {"apiKeyHeader": []}],
        "responses": {
            "200": {"description": "The OpenAPI document of the actions served now.",
                    "content": {"application/json": {"schema": {"type": "object"}}}},
            "403": {"description": "A missing or wrong key, or a Host header naming another machine "
                                   "(an error reply); an untrusted web origin (an empty body).",
                    "content": {"application/json": {"schema": {"$ref": f"{_REF}ErrorReply"}}}},
        },
    }
