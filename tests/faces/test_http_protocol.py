"""The AnkiConnect protocol over real HTTP, against the add-on inside a real Anki."""

from __future__ import annotations


def test_version_6_reply_is_a_two_key_envelope(client):
    assert client.send({"action": "version", "version": 6}) == {"result": 6, "error": None}


def test_version_defaults_to_4_and_returns_the_bare_result(client):
    assert client.send({"action": "version"}) == 6


def test_yomitan_style_version_2_gets_bare_results(client):
    assert client.send({"action": "version", "version": 2}) == 6


def test_errors_are_envelopes_for_every_version(client):
    for version in (2, 4, 6):
        assert client.send({"action": "noSuchAction", "version": version}) == {
            "result": None, "error": "unsupported action"}


def test_empty_body_returns_the_version_banner(client):
    response = client.post(None, method="GET")
    assert response.status == 200
    assert response.json() == {"apiVersion": "AnkiConnect v.6"}


def test_invalid_json_is_http_200_with_the_parser_error(client):
    response = client.post(b"{bad json")
    assert response.status == 200
    assert response.json() == {
        "result": None,
        "error": "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"}
