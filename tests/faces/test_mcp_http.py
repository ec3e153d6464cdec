"""The MCP endpoint over raw HTTP: what SDK clients do not exercise.

Statuses, headers and framing of Streamable HTTP, in both eras: the
``initialize`` handshake of 2025-03-26 to 2025-11-25 (served without a
session) and the stateless 2026-07-28 revision (every request carries its
version in ``_meta``, mirrored in headers the server checks).
"""

from __future__ import annotations

import base64
import json

import pytest
from mcp_helpers import LEGACY, MODERN, meta, modern_headers, post, request

LEGACY_VERSIONS = ["2025-03-26", "2025-06-18", "2025-11-25"]


def initialize(version):
    return request("initialize", {"protocolVersion": version, "capabilities": {},
                                  "clientInfo": {"name": "raw-test", "version": "1"}})


# The handshake, served statelessly -------------------------------------------------

@pytest.mark.parametrize("version", LEGACY_VERSIONS)
def test_initialize_answers_the_version_asked_for(server, version):
    reply = post(server, initialize(version))
    assert reply.status == 200 and reply.headers["content-type"] == "application/json"
    result = reply.json()["result"]
    assert result["protocolVersion"] == version
    assert result["serverInfo"]["name"] == "ankiconnect"
    assert result["capabilities"] == {"tools": {"listChanged": False}, "resources": {}, "prompts": {}}
    assert "mcp-session-id" not in reply.headers  # stateless: no session is ever required


@pytest.mark.parametrize("version", ["2024-11-05", "1999-01-01", 5, None])
def test_initialize_with_a_version_it_does_not_speak_answers_its_newest(server, version):
    reply = post(server, initialize(version))
    assert reply.json()["result"]["protocolVersion"] == LEGACY


def test_the_initialized_notification_gets_202_and_no_body(server):
    reply = post(server, {"jsonrpc": "2.0", "method": "notifications/initialized"})
    assert (reply.status, reply.body) == (202, b"")


def test_a_response_from_the_client_gets_202_and_no_body(server):
    reply = post(server, {"jsonrpc": "2.0", "id": 7, "result": {}})
    assert (reply.status, reply.body) == (202, b"")


def test_requests_need_no_session_and_ignore_one_sent(server):
    reply = post(server, request("tools/list"), headers={"Mcp-Session-Id": "whatever"})
    assert reply.status == 200 and reply.json()["result"]["tools"]


def test_ping(server):
    assert post(server, request("ping", request_id="p")).json() == {"jsonrpc": "2.0", "id": "p",
                                                                          "result": {}}


def test_a_legacy_request_with_a_version_header_it_does_not_speak_is_400(server):
    reply = post(server, request("tools/list"), headers={"MCP-Protocol-Version": "2024-11-05"})
    assert reply.status == 400
    assert reply.json()["error"]["code"] == -32600
    assert "2024-11-05" in reply.json()["error"]["message"]


def test_a_legacy_request_without_a_version_header_is_served(server):
    assert post(server, request("prompts/list")).json()["result"] == {"prompts": []}


# The stateless revision --------------------------------------------------------------

def test_a_modern_request_carries_its_version_and_gets_result_type_and_cache_hints(server):
    reply = post(server, request("tools/list", {"_meta": meta()}), headers=modern_headers("tools/list"))
    assert reply.status == 200
    result = reply.json()["result"]
    assert result["resultType"] == "complete"
    assert (result["ttlMs"], result["cacheScope"]) == (60000, "private")
    assert result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "ankiconnect"
    assert result["tools"]


def test_server_discover_lists_every_version(server):
    reply = post(server, request("server/discover", {"_meta": meta()}),
                 headers=modern_headers("server/discover"))
    result = reply.json()["result"]
    assert result["supportedVersions"] == [MODERN, "2025-11-25", "2025-06-18", "2025-03-26"]
    assert result["capabilities"]["tools"] == {"listChanged": False}


def test_an_unknown_version_is_400_with_the_versions_it_speaks(server):
    reply = post(server, request("tools/list", {"_meta": meta("2099-01-01")}),
                 headers=modern_headers("tools/list", version="2099-01-01"))
    assert reply.status == 400
    assert reply.json() == {"jsonrpc": "2.0", "id": 1, "error": {
        "code": -32022, "message": "Unsupported protocol version",
        "data": {"supported": [MODERN, "2025-11-25", "2025-06-18", "2025-03-26"], "requested": "2099-01-01"}}}


@pytest.mark.parametrize("headers, problem", [
    ({"Mcp-Method": "tools/list"}, "the MCP-Protocol-Version header is missing"),
    ({"MCP-Protocol-Version": MODERN}, "the Mcp-Method header is missing"),
    ({"MCP-Protocol-Version": "2025-11-25", "Mcp-Method": "tools/list"},
     "MCP-Protocol-Version header value '2025-11-25' does not match body value '2026-07-28'"),
    ({"MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/call"},
     "Mcp-Method header value 'tools/call' does not match body value 'tools/list'"),
])
def test_headers_that_do_not_mirror_the_body_are_400(server, headers, problem):
    reply = post(server, request("tools/list", {"_meta": meta()}), headers=headers)
    assert reply.status == 400
    assert reply.json()["error"] == {"code": -32020, "message": f"Header mismatch: {problem}"}


def test_the_name_header_must_match_the_tool_called(server):
    message = request("tools/call", {"_meta": meta(), "name": "getTags", "arguments": {}})
    missing = post(server, message, headers=modern_headers("tools/call"))
    wrong = post(server, message, headers=modern_headers("tools/call", "deleteNotes"))
    right = post(server, message, headers=modern_headers("tools/call", "getTags"))
    assert (missing.status, missing.json()["error"]["code"]) == (400, -32020)
    assert (wrong.status, wrong.json()["error"]["message"]) == (
        400, "Header mismatch: Mcp-Name header value 'deleteNotes' does not match body value 'getTags'")
    assert right.status == 200 and right.json()["result"]["isError"] is False


def test_a_name_header_in_base64_is_decoded_before_it_is_compared(server):
    uri = "anki://note-types/Basic (and reversed card)/fields"
    encoded = "=?base64?" + base64.b64encode(uri.encode()).decode() + "?="
    reply = post(server, request("resources/read", {"_meta": meta(), "uri": uri}),
                 headers=modern_headers("resources/read", encoded))
    assert reply.status == 200
    assert json.loads(reply.json()["result"]["contents"][0]["text"]) == ["Front", "Back"]


def test_a_modern_request_without_client_capabilities_is_400(server):
    params = {"_meta": {"io.modelcontextprotocol/protocolVersion": MODERN}}
    reply = post(server, request("tools/list", params), headers=modern_headers("tools/list"))
    assert reply.status == 400 and reply.json()["error"]["code"] == -32602


def test_an_unknown_method_is_404_in_the_modern_revision_and_an_error_in_the_legacy_one(server):
    modern = post(server, request("logging/setLevel", {"_meta": meta(), "level": "info"}),
                  headers=modern_headers("logging/setLevel"))
    legacy = post(server, request("logging/setLevel", {"level": "info"}))
    assert (modern.status, modern.json()["error"]["code"]) == (404, -32601)
    assert (legacy.status, legacy.json()["error"]) == (200, {"code": -32601,
                                                             "message": "Method not found: logging/setLevel"})


# Framing --------------------------------------------------------------------------------

def test_a_client_that_accepts_only_a_stream_gets_one_event(server):
    reply = post(server, request("ping", request_id=3), headers={"Accept": "text/event-stream"})
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/event-stream"
    assert reply.body == b'event: message\r\ndata: {"jsonrpc": "2.0", "id": 3, "result": {}}\r\n\r\n'


def test_a_client_that_accepts_neither_json_nor_a_stream_gets_406(server):
    assert post(server, request("ping"), headers={"Accept": "text/html"}).status == 406


@pytest.mark.parametrize("body, code", [
    (b"{not json", -32700),
    (b'[{"jsonrpc": "2.0", "id": 1, "method": "ping"}]', -32600),
    (b'{"id": 1, "method": "ping"}', -32600),
    (b'{"jsonrpc": "2.0", "id": true, "method": "ping"}', -32600),
    (b'{"jsonrpc": "2.0", "id": 1, "method": 5}', -32600),
])
def test_what_is_not_one_json_rpc_message_is_400(server, body, code):
    reply = post(server, body)
    assert reply.status == 400
    assert reply.json()["id"] is None and reply.json()["error"]["code"] == code


@pytest.mark.parametrize("method", ["GET", "DELETE", "PUT"])
def test_other_methods_than_post_get_405(server, method):
    reply = post(server, b"", method=method)
    assert (reply.status, reply.headers["allow"]) == (405, "POST")


# Tools, prompts and resources: protocol errors ---------------------------------------------

def test_an_unknown_tool_is_a_protocol_error(server):
    reply = post(server, request("tools/call", {"name": "nope", "arguments": {}}))
    assert reply.json()["error"] == {"code": -32602, "message": "Unknown tool: nope"}


def test_arguments_that_are_not_an_object_are_a_protocol_error(server):
    reply = post(server, request("tools/call", {"name": "findNotes", "arguments": [1]}))
    assert reply.json()["error"] == {"code": -32602, "message": "arguments must be an object"}


def test_a_cursor_that_was_never_handed_out_is_refused(server):
    reply = post(server, request("tools/list", {"cursor": "page-2"}))
    assert reply.json()["error"] == {"code": -32602, "message": "Invalid cursor"}


def test_prompts_are_an_empty_list_and_an_unknown_one_is_an_error(server):
    assert post(server, request("prompts/list")).json()["result"] == {"prompts": []}
    assert post(server, request("prompts/get", {"name": "x"})).json()["error"] == {
        "code": -32602, "message": "Unknown prompt: x"}


def test_an_unknown_resource_is_not_found_in_each_era_s_words(server):
    legacy = post(server, request("resources/read", {"uri": "anki://nope"}))
    modern = post(server, request("resources/read", {"_meta": meta(), "uri": "anki://nope"}),
                  headers=modern_headers("resources/read", "anki://nope"))
    assert legacy.json()["error"] == {"code": -32002, "message": "Resource not found: anki://nope",
                                      "data": {"uri": "anki://nope"}}
    assert modern.json()["error"]["code"] == -32602


# The same checks as the AnkiConnect endpoint -------------------------------------------------

def test_a_page_from_an_untrusted_origin_is_refused_before_anything_runs(server):
    reply = post(server, request("tools/call", {"name": "deleteNotes", "arguments": {"notes": [1]}}),
                 headers={"Origin": "https://evil.example"})
    assert reply.status == 403
    assert reply.json()["error"]["message"] == \
        "Origin 'https://evil.example' is not allowed (webCorsOriginList)"


def test_a_trusted_origin_is_served(server):
    reply = post(server, request("ping"), headers={"Origin": "chrome-extension://abcdef"})
    assert reply.status == 200
    assert reply.headers["access-control-allow-origin"] == "chrome-extension://abcdef"


def test_a_host_header_naming_another_machine_is_refused(server):
    reply = post(server, request("ping"), headers={"Host": "evil.example:8765"})
    assert reply.status == 403


class TestApiKey:
    @pytest.fixture
    def key(self, server, client):
        server.set_config(apiKey="s3cret")
        return "s3cret"

    def test_a_request_without_the_key_is_401_with_a_challenge(self, server, key):
        reply = post(server, request("ping"))
        assert reply.status == 401
        assert reply.headers["www-authenticate"] == 'Bearer realm="AnkiConnect"'
        assert reply.json()["error"]["message"] == \
            "valid api key must be provided (Authorization: Bearer <key>)"

    @pytest.mark.parametrize("headers", [{"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"},
                                         {"X-Api-Key": "s3cre"}])
    def test_a_wrong_key_is_401(self, server, key, headers):
        assert post(server, request("ping"), headers=headers).status == 401

    @pytest.mark.parametrize("headers", [{"Authorization": "Bearer s3cret"},
                                         {"authorization": "bearer s3cret"}, {"X-Api-Key": "s3cret"}])
    def test_the_key_as_a_bearer_token_or_in_the_key_header_is_accepted(self, server, key, headers):
        assert post(server, request("ping"), headers=headers).status == 200

    def test_with_the_key_tools_run_without_a_key_in_each_request(self, server, key, col):
        reply = post(server, request("tools/call", {"name": "getTags", "arguments": {}}),
                     headers={"Authorization": "Bearer s3cret"})
        assert reply.json()["result"]["structuredContent"] == {"result": col.tags.all()}


def test_the_endpoint_can_be_switched_off(server, client):
    server.set_config(mcpEnabled=False)
    reply = post(server, request("ping"))
    assert reply.status == 404
    assert reply.json() == {"result": None,
                            "error": "the MCP endpoint is switched off (the mcpEnabled setting)"}
