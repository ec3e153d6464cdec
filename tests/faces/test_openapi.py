"""GET /openapi.json: the OpenAPI 3.1 document of the API as loaded now."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate
from support import runtime_plugin

EVIL = "https://evil.example"


def get_document(client, **kwargs):
    return client.post(None, method="GET", path="/openapi.json", **kwargs)


@pytest.fixture
def document(client):
    response = get_document(client)
    assert response.status == 200 and response.headers["content-type"] == "application/json"
    return response.json()


def echo(value):
    """The value sent."""
    return value


@pytest.fixture
def echo_plugin(anki):
    """A runtime plugin serving `echo`, which declares no schema."""
    with runtime_plugin(anki, "plain", echo):
        yield


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on any error, naming it


def test_every_action_is_an_operation_posted_to_the_root(client, document):
    actions = client.result("apiReflect", scopes=["actions"])["actions"]
    operations = {path: item["post"]["operationId"] for path, item in document["paths"].items()
                  if "post" in item}
    assert operations == {f"/#{name}": name for name in actions}  # the fragment is never sent


def test_an_operation_has_the_envelope_the_reply_shapes_and_the_documented_example(document):
    operation = document["paths"]["/#retrieveMediaFile"]["post"]
    assert operation["summary"] == "The base64 content of a media file, or false if there is no such file."
    assert operation["tags"] == ["media"]
    body = operation["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/retrieveMediaFileRequest"}
    assert body["example"] == {"action": "retrieveMediaFile", "version": 6,
                               "params": {"filename": "_hello.txt"}}
    reply = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert [choice["$ref"].rsplit("/", 1)[1] for choice in reply["anyOf"]] == [
        "retrieveMediaFileReply", "ErrorReply", "retrieveMediaFileResult", "VersionBanner"]
    request = document["components"]["schemas"]["retrieveMediaFileRequest"]
    assert set(request["properties"]) == {"action", "version", "key", "params"}
    assert request["required"] == ["action", "params"]
    assert request["properties"]["action"]["const"] == "retrieveMediaFile"


def test_the_components_are_the_declared_schemas(client, document):
    served = client.result("apiReflect", scopes=["schemas"], actions=["storeMediaFile"])["schemas"]
    components = document["components"]["schemas"]
    for kind in ("params", "result"):
        declared = {k: v for k, v in served["storeMediaFile"][kind].items() if k != "$schema"}
        assert components[f"storeMediaFile{kind.capitalize()}"] == declared
    assert components["ErrorReply"]["properties"] == {"result": {"type": "null"}, "error": {"type": "string"}}


def test_an_action_without_schemas_gets_schemas_that_say_nothing(client, echo_plugin):
    components = get_document(client).json()["components"]["schemas"]
    assert components["echoParams"] == {"type": "object",
                                        "description": "The action declares no schema of its params."}
    assert components["echoResult"] == {"description": "The action declares no schema of its result: "
                                                       "any JSON value."}


def test_the_document_follows_the_plugins_loaded_now(anki, client):
    assert "/#echo" not in get_document(client).json()["paths"]
    with runtime_plugin(anki, "plain", echo):
        assert "/#echo" in get_document(client).json()["paths"]
    assert "/#echo" not in get_document(client).json()["paths"]


def test_a_post_to_the_documents_path_is_a_request_as_ever(client):
    response = client.post({"action": "version", "version": 6}, path="/openapi.json")
    assert response.json() == {"result": 6, "error": None}


def test_a_get_of_another_path_is_the_version_banner_as_ever(client):
    response = client.post(None, method="GET", path="/openapi.yaml")
    assert response.json() == {"apiVersion": "AnkiConnect v.6"}


# The rules of every request --------------------------------------------------------


def test_a_host_header_naming_another_machine_is_refused(client):
    assert get_document(client, headers={"Host": "evil.example:8765"}).status == 403


def test_an_untrusted_origin_is_refused_with_an_empty_body(client):
    response = get_document(client, headers={"Origin": EVIL})
    assert (response.status, response.body) == (403, b"")


def test_a_trusted_origin_gets_it_with_cors_headers(client):
    response = get_document(client, headers={"Origin": "chrome-extension://yomitan"})
    assert response.status == 200
    assert response.headers["access-control-allow-origin"] == "chrome-extension://yomitan"


def test_with_an_api_key_the_get_must_carry_it_in_a_header(anki, client):
    anki.set_config(apiKey="s3cret")
    refused = {"result": None, "error": "valid api key must be provided (in the X-Api-Key header)"}
    for headers in ({}, {"X-Api-Key": "wrong"}):
        response = get_document(client, headers=headers)
        assert (response.status, response.json()) == (403, refused)
    assert get_document(client, headers={"X-Api-Key": "s3cret"}).status == 200


def test_without_an_api_key_a_get_sending_one_is_refused_as_a_request_would_be(client):
    assert get_document(client, headers={"X-Api-Key": "s3cret"}).status == 403
    assert client.send({"action": "version", "version": 6, "key": "s3cret"}) == {
        "result": None, "error": "valid api key must be provided"}


def test_a_get_is_never_logged_nor_its_key(anki, client, tmp_path):
    log = tmp_path / "api.log"
    anki.set_config(apiLogPath=str(log), apiKey="s3cret")
    assert get_document(client, headers={"X-Api-Key": "s3cret"}).status == 200
    assert get_document(client, headers={"X-Api-Key": "wrong-s3cret"}).status == 403
    client.send({"action": "version", "version": 6, "key": "s3cret"})
    text = log.read_text()
    assert [chunk.split("\n", 1)[0] for chunk in text.strip().split("\n\n")] == ["[request]", "[reply]"]
    assert "s3cret" not in text


def validator_in(document, schema):
    """A validator of schema, whose "#/components/..." references are the document's."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resource("urn:openapi", Resource(document, DRAFT202012))

    def in_document(part):
        if isinstance(part, dict):
            return {k: ("urn:openapi" + v if k == "$ref" else in_document(v)) for k, v in part.items()}
        if isinstance(part, list):
            return [in_document(v) for v in part]
        return part

    return Draft202012Validator(in_document(schema), registry=registry)


def test_the_banner_an_empty_body_gets_fits_every_operation_and_the_root(client, document):
    """A schema-driven fuzzer sends empty bodies to every operation: the reply it gets is described."""
    for method in ("POST", "GET"):
        banner = client.post(None, method=method, path="/")
        assert (banner.status, banner.json()) == (200, {"apiVersion": "AnkiConnect v.6"})
    root = document["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    validator_in(document, root).validate(banner.json())
    operations = [item["post"] for item in document["paths"].values() if "post" in item]
    assert len(operations) > 100
    for operation in operations:
        reply = operation["responses"]["200"]["content"]["application/json"]["schema"]
        validator_in(document, reply).validate(banner.json())
    assert not validator_in(document, {"$ref": "#/components/schemas/VersionBanner"}).is_valid(
        {"result": 6, "error": None})  # the banner says something: it is not any object


def test_the_documented_requests_and_replies_fit_their_operations(document):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resource("urn:openapi", Resource(document, DRAFT202012))

    def in_document(reference):  # "#/components/..." of the document
        return {"$ref": "urn:openapi" + reference["$ref"]}

    checked = 0
    for item in document["paths"].values():
        operation = item.get("post")
        if operation is None:
            continue
        request = operation["requestBody"]["content"]["application/json"]
        reply = operation["responses"]["200"]["content"]["application/json"]
        for content in (request, reply):
            if "example" in content:
                schema = content["schema"]
                wanted = {"anyOf": [in_document(c) for c in schema["anyOf"]]} if "anyOf" in schema \
                    else in_document(schema)
                Draft202012Validator(wanted, registry=registry).validate(content["example"])
                checked += 1
    assert checked >= 18  # misc and media: a request and a reply each
