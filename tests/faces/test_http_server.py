"""The HTTP server inside a real Anki: headers, origins, Host, key, limits, lifecycle."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from support import http_request

VERSION = {"action": "version", "version": 6}
VERSION_REPLY = {"result": 6, "error": None}
EVIL = "https://evil.example"


def test_a_reply_carries_upstreams_headers(client):
    response = client.post(VERSION)
    assert response.status == 200
    assert response.body == b'{"result": 6, "error": null}'
    assert {k: response.headers[k] for k in ("content-type", "access-control-allow-origin",
                                              "access-control-allow-headers", "content-length")} == {
        "content-type": "application/json",
        "access-control-allow-origin": "http://localhost",
        "access-control-allow-headers": "*",
        "content-length": "28",
    }
    assert "server" not in response.headers


@pytest.mark.parametrize("content_type", [None, "application/json", "text/plain;charset=UTF-8",
                                          "application/x-www-form-urlencoded"])
def test_any_content_type_is_accepted(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    assert client.post(VERSION, headers=headers).json() == VERSION_REPLY


def test_non_ascii_text_is_escaped_as_upstream_does(client):
    reply = client.send({"action": "apiReflect", "version": 6,
                         "params": {"scopes": ["actions"], "actions": ["version", "日本"]}})
    assert reply == {"result": {"scopes": ["actions"], "actions": ["version"]}, "error": None}
    response = client.post({"action": "日本", "version": 6})
    assert response.body == b'{"result": null, "error": "unsupported action"}'


def test_a_trusted_browser_origin_is_echoed(client):
    response = client.post(VERSION, headers={"Origin": "chrome-extension://yomitan"})
    assert response.status == 200
    assert response.headers["access-control-allow-origin"] == "chrome-extension://yomitan"


def test_preflight_is_answered_without_running_anything(client):
    response = client.post(None, method="OPTIONS", headers={
        "Origin": "chrome-extension://yomitan", "Access-Control-Request-Method": "POST"})
    assert (response.status, response.body) == (200, b"")
    assert response.headers["access-control-allow-origin"] == "chrome-extension://yomitan"
    assert response.headers["access-control-allow-headers"] == "*"
    assert "access-control-allow-private-network" not in response.headers


def test_preflight_grants_private_network_access_when_asked(client):
    response = client.post(None, method="OPTIONS", headers={
        "Origin": "https://app.example", "Access-Control-Request-Private-Network": "true"})
    assert response.status == 200
    assert response.headers["access-control-allow-private-network"] == "true"
    assert response.headers["access-control-allow-origin"] == "http://localhost"  # not trusted


@pytest.mark.parametrize("body", [VERSION, b"not json", None])
def test_an_untrusted_origin_is_refused_before_anything_runs(client, body):
    response = client.post(body, headers={"Origin": EVIL})
    assert (response.status, response.body) == (403, b"")
    assert response.headers["access-control-allow-origin"] == "http://localhost"
    assert "content-type" not in response.headers


def test_a_host_header_naming_another_machine_is_refused(client):
    response = client.post(VERSION, headers={"Host": "evil.example:8765"})
    assert response.status == 403
    assert response.json() == {"result": None, "error": (
        "Host 'evil.example:8765' is not allowed: the server is bound to 127.0.0.1, "
        "so requests must name localhost or the loopback address")}


def test_localhost_in_the_host_header_is_fine(client):
    assert client.post(VERSION, headers={"Host": f"localhost:{client.port}"}).json() == VERSION_REPLY


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH"])
def test_other_methods_than_get_head_post_and_options_run_nothing(client, col, method):
    request = {"action": "createDeck", "version": 6, "params": {"deck": "Not made"}}
    response = client.post(request, method=method)
    assert (response.status, response.headers["allow"]) == (405, "GET, HEAD, POST, OPTIONS")
    assert response.body == b""
    assert col.decks.id_for_name("Not made") is None


def test_a_get_with_a_json_body_runs_it_as_scripts_send_it(client):
    assert client.post(VERSION, method="GET").json() == VERSION_REPLY


def test_head_answers_like_get_without_a_body(client):
    response = client.post(None, method="HEAD")
    assert (response.status, response.headers["content-type"]) == (200, "application/json")
    assert response.body == b""


def test_empty_body_from_an_untrusted_origin_is_refused(client):
    assert client.post(None, method="GET", headers={"Origin": EVIL}).status == 403


@pytest.mark.parametrize("body, error", [
    (b"[1, 2]", "[1, 2] is not of type 'object'"),
    (b'{"version": 6}', "'action' is a required property"),
    (b'{"action": 1}', "1 is not of type 'string'"),
    (b'{"action": ""}', '"" should be non-empty'),
    (b'{"action": "version", "version": true}', "true is not of type 'integer'"),
    (b'{"action": "version", "version": "6"}', "\"6\" is not of type 'integer'"),
    (b'{"action": "version", "params": null}', "null is not of type 'object'"),
    (b'{"action": "version", "version": 6.5}', "6.5 is not of type 'integer'"),
    (b'{"action": "version", "params": []}', "[] is not of type 'object'"),
    (b"\xff\xfe", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
    (b'{"action": "version"} x', "Extra data: line 1 column 23 (char 22)"),
])
def test_a_malformed_request_gets_an_error_reply_with_status_200(client, body, error):
    response = client.post(body)
    assert (response.status, response.json()) == (200, {"result": None, "error": error})


def test_version_6_0_counts_as_an_integer(client):
    assert client.send({"action": "version", "version": 6.0}) == VERSION_REPLY


def test_unexpected_params_get_pythons_typeerror_text(client):
    assert client.send({"action": "version", "version": 6, "params": {"foobar": 1}}) == {
        "result": None, "error": "version() got an unexpected keyword argument 'foobar'"}


class TestApiKey:
    def test_a_request_without_the_key_is_refused(self, server, client):
        server.set_config(apiKey="s3cret")
        assert client.send(VERSION) == {"result": None, "error": "valid api key must be provided"}

    def test_a_request_with_the_key_is_served(self, server, client):
        server.set_config(apiKey="s3cret")
        assert client.send({**VERSION, "key": "s3cret"}) == VERSION_REPLY

    def test_a_key_sent_while_none_is_set_is_refused_as_upstream_does(self, client):
        assert client.send({**VERSION, "key": "whatever"}) == {
            "result": None, "error": "valid api key must be provided"}

    def test_request_permission_needs_no_key(self, server, client):
        server.set_config(apiKey="s3cret")
        assert client.send({"action": "requestPermission", "version": 6}) == {"result": {
            "permission": "granted", "requireApikey": True, "requireApiKey": True, "version": 6},
            "error": None}

    def test_every_multi_sub_request_needs_the_key_too(self, server, client):
        server.set_config(apiKey="s3cret")
        reply = client.send({"action": "multi", "version": 6, "key": "s3cret", "params": {"actions": [
            {"action": "version", "key": "s3cret"},
            {"action": "version"},
            {"action": "version", "version": 6, "key": "wrong"},
        ]}})
        assert reply == {"result": [6, {"result": None, "error": "valid api key must be provided"},
                                    {"result": None, "error": "valid api key must be provided"}],
                         "error": None}


class TestMulti:
    def test_each_sub_request_has_its_own_version_and_errors_do_not_stop_the_rest(self, client):
        reply = client.send({"action": "multi", "version": 6, "params": {"actions": [
            {"action": "version"},
            {"action": "version", "version": 2},
            {"action": "version", "version": 6},
            {"action": "nope", "version": 6},
            {"version": 6},
            "not an object",
            {"action": "version", "version": "6"},
            {"action": "version", "params": []},
            {"action": "requestPermission"},
            {"action": "version", "version": 6},
        ]}})
        assert reply == {"result": [
            6, 6, {"result": 6, "error": None},
            {"result": None, "error": "unsupported action"},
            {"result": None, "error": "unsupported action"},
            {"result": None, "error": "a request must be a JSON object, not a string"},
            {"result": None, "error": "'<=' not supported between instances of 'str' and 'int'"},
            {"result": None, "error": "params must be a JSON object, not an array"},
            {"result": None, "error": "requestPermission() missing 2 required positional arguments: "
                                      "'origin' and 'allowed'"},
            {"result": 6, "error": None},
        ], "error": None}

    def test_the_outer_version_shapes_the_outer_reply(self, client):
        assert client.send({"action": "multi", "params": {"actions": [{"action": "version"}]}}) == [6]

    def test_nested_multi_works(self, client):
        inner = {"action": "multi", "params": {"actions": [{"action": "version", "version": 6}]}}
        assert client.send({"action": "multi", "version": 6, "params": {"actions": [inner, inner]}}) == {
            "result": [[{"result": 6, "error": None}], [{"result": 6, "error": None}]], "error": None}

    def test_nesting_is_limited(self, client):
        request = {"action": "version"}
        for _ in range(10):
            request = {"action": "multi", "params": {"actions": [request]}}
        reply = client.send(request)
        depth = 0
        while isinstance(reply, list):
            reply, depth = reply[0], depth + 1
        assert (depth, reply) == (8, {"result": None, "error": "multi is nested more than 8 levels deep"})

    def test_actions_must_be_a_list(self, client):
        assert client.call("multi", actions={"action": "version"}) == {
            "result": None, "error": "actions must be a list of requests, not an object"}

    def test_all_sub_requests_run_in_one_hop_to_the_collections_thread(self, server, client, monkeypatch):
        bridge = server.runtime.api.bridge
        posts = []
        real_post = bridge._post
        monkeypatch.setattr(bridge, "_post", lambda work: (posts.append(1), real_post(work)))
        client.send({"action": "multi", "params": {"actions": [{"action": "version"}] * 50}})
        assert posts == [1]


def test_keep_alive_connections_serve_many_requests(client):
    import http.client

    def several():
        connection = http.client.HTTPConnection("127.0.0.1", client.port)
        replies = []
        for _ in range(5):
            connection.request("POST", "/", json.dumps(VERSION))
            replies.append(json.loads(connection.getresponse().read()))
        connection.close()
        return replies

    assert client.in_thread(several) == [VERSION_REPLY] * 5


def test_eight_concurrent_clients_all_get_correct_replies(client):
    def one_client(n):
        return [http_request(client.port, {"action": "version", "version": 6}).json() for _ in range(25)]

    def all_clients():
        results = [None] * 8
        threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, one_client(i)))
                   for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results

    assert client.in_thread(all_clients) == [[VERSION_REPLY] * 25] * 8


def test_a_stalled_client_does_not_block_others(client):
    stalled = socket.create_connection(("127.0.0.1", client.port))
    stalled.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"act")
    half_open = socket.create_connection(("127.0.0.1", client.port))  # sends nothing at all
    try:
        start = time.monotonic()
        assert client.send(VERSION) == VERSION_REPLY
        assert time.monotonic() - start < 30  # not held until Waitress drops them (120 s)
    finally:
        stalled.close()
        half_open.close()


def test_a_client_that_disconnects_early_harms_nobody(client):
    for _ in range(5):
        s = socket.create_connection(("127.0.0.1", client.port))
        s.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 30\r\n\r\n")
        s.close()
    assert client.send(VERSION) == VERSION_REPLY


def test_a_body_over_the_size_limit_is_refused_with_413(server, client):
    server.set_config(webMaxRequestBytes=2048)
    response = client.post({"action": "version", "params": {"padding": "x" * 4096}})
    assert response.status == 413
    assert b"exceeds max_body of 2048" in response.body
    assert client.send(VERSION) == VERSION_REPLY


def test_a_request_nested_beyond_the_parser_is_refused_cleanly(client):
    deep = b'{"action": "version", "params": {"x": ' + b"[" * 100000 + b"]" * 100000 + b"}}"
    assert client.post(deep).json() == {"result": None, "error": "the request is nested too deeply"}


# Line ends -----------------------------------------------------------------------

BODY = json.dumps(VERSION).encode()
LENGTH = str(len(BODY)).encode()
CHUNKED = b"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
BARE_LINE_ENDS = {
    "every line ends in LF": b"POST / HTTP/1.1\nHost: localhost\nContent-Length: " + LENGTH + b"\n\n" + BODY,
    "the blank line ends in LF": b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + LENGTH
                                 + b"\r\n\n" + BODY,
    "every line ends in CR": b"POST / HTTP/1.1\rHost: localhost\rContent-Length: " + LENGTH + b"\r\r" + BODY,
    "chunk lines end in LF": CHUNKED + b"%x\n" % len(BODY) + BODY + b"\n0\n\n",
    "the chunked trailer ends in LF": CHUNKED + b"%x\r\n" % len(BODY) + BODY + b"\r\n0\r\n\n",
}


def raw_exchange(port, *parts, timeout=5.0):
    """Send parts over one connection, a moment apart; return all the server sent
    until it closed the connection. Raises socket.timeout if it stays silent."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        for part in parts:
            connection.sendall(part)
            time.sleep(0.05)
        return read_until_closed(connection)


def read_until_closed(connection):
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def assert_refused_for_line_ends(received):
    status_line, _, rest = received.partition(b"\r\n")
    assert status_line.endswith(b" 400 Bad Request"), received
    assert b"lines must end in CR LF" in rest


@pytest.mark.parametrize("request_bytes", BARE_LINE_ENDS.values(), ids=BARE_LINE_ENDS.keys())
def test_a_request_with_bare_line_ends_is_refused_with_400_at_once(client, request_bytes):
    # Waitress alone waited for a CR LF that never came: no reply for 120 s.
    assert_refused_for_line_ends(client.in_thread(lambda: raw_exchange(client.port, request_bytes)))


def test_clients_sending_bare_line_ends_keep_no_one_waiting(client):
    unfinished = b"POST / HTTP/1.1\nHost: localhost\n"  # not even the blank line yet
    bare = [socket.create_connection(("127.0.0.1", client.port), timeout=5) for _ in range(10)]
    try:
        for connection in bare:
            connection.sendall(unfinished)

        assert client.send(VERSION) == VERSION_REPLY
        for connection in bare:
            assert_refused_for_line_ends(read_until_closed(connection))
    finally:
        for connection in bare:
            connection.close()


@pytest.mark.parametrize("parts", [
    (b"POST / HTTP/1.1\r", b"\nHost: localhost\r\nContent-Length: " + LENGTH + b"\r\nConnection: close\r\n\r",
     b"\n" + BODY),
    (CHUNKED + b"%x\r" % len(BODY), b"\n" + BODY + b"\r\n0\r\nX-Trailer: yes\r\n\r", b"\n"),
], ids=["header", "chunked body"])
def test_a_cr_lf_split_between_two_packets_is_still_a_line_end(client, parts):
    received = client.in_thread(lambda: raw_exchange(client.port, *parts))
    assert received.startswith(b"HTTP/1.1 200 OK\r\n"), received
    assert json.loads(received.partition(b"\r\n\r\n")[2]) == VERSION_REPLY
