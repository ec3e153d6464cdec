"""The suite's schema check (tests/helpers/schema_check.py) finds what it is there to find."""

from __future__ import annotations

import pytest
from schema_check import SchemaCheck

ENVELOPE = {"type": "object", "required": ["action"],
            "properties": {"action": {"type": "string", "minLength": 1}, "version": {"type": "integer"}}}
SCHEMAS = {
    "multi": {"params": {"type": "object", "required": ["actions"], "additionalProperties": False,
                         "properties": {"actions": {"type": "array", "items": ENVELOPE}}},
              "result": {"type": "array"}},
    "shout": {"params": {"type": "object", "required": ["text"], "additionalProperties": False,
                         "properties": {"text": {"type": "string"}}},
              "result": {"type": "string"}},
    "plain": {"params": None, "result": None},
}


@pytest.fixture
def check():
    return SchemaCheck(SCHEMAS)


def shout(text, version=6):
    return {"action": "shout", "version": version, "params": {"text": text}}


def ok(result):
    return {"result": result, "error": None}


def error(text):
    return {"result": None, "error": text}


def test_a_fitting_exchange_passes(check):
    assert check.mismatches(shout("hi"), ok("HI")) == []
    assert check.mismatches(shout("hi", version=4), "HI") == []


def test_a_result_outside_its_schema_is_found(check):
    [found] = check.mismatches(shout("hi"), ok(5))
    assert found.startswith("shout's result does not fit its schema: 5 is not of type 'string'")


def test_params_the_schema_refuses_but_the_server_ran_are_found(check):
    [found] = check.mismatches(shout(5), ok("5"))
    assert found.startswith("shout ran with params its schema refuses: at text: 5 is not of type 'string'")


def test_params_the_schema_refuses_and_the_server_refused_pass(check):
    assert check.mismatches(shout(5), error("text must be a string")) == []


def test_lenient_checks_leave_out_only_the_params(check):
    assert check.mismatches(shout(5), ok("5"), lenient=True) == []
    assert check.mismatches(shout(5), ok(5), lenient=True) != []


def test_a_binding_error_the_schema_did_not_see_coming_is_found(check):
    request = {"action": "shout", "version": 6, "params": {"text": "x"}}
    [found] = check.mismatches(request, error("shout() got an unexpected keyword argument 'text'"))
    assert found.startswith("shout's params schema accepts")


def test_reply_shapes_by_version_are_checked(check):
    assert check.mismatches(shout("hi"), "HI") != []  # version 6 wants the envelope
    assert check.mismatches(shout("hi"), {"result": "HI"}) != []
    assert check.mismatches(shout("hi"), {"result": 1, "error": "both"}) != []


def test_a_request_that_is_no_request_must_be_refused(check):
    assert check.mismatches({"version": 6}, error("'action' is a required property")) == []
    [found] = check.mismatches({"action": "", "version": 6}, ok(1))
    assert "which is not a request" in found


def test_an_action_without_schemas_is_not_checked(check):
    assert check.mismatches({"action": "plain", "version": 6, "params": {"x": 1}}, ok([1])) == []


def test_each_request_of_a_multi_is_checked_against_its_own_reply(check):
    request = {"action": "multi", "version": 6, "params": {"actions": [
        shout("a"), "not a request", shout(1), {"action": "shout", "params": {"text": "b"}}]}}
    reply = ok([ok("A"), error("a request must be a JSON object, not a string"), ok("1"), 1])
    found = check.mismatches(request, reply)
    assert len(found) == 2
    assert found[0].startswith("multi[2]: shout ran with params its schema refuses")
    assert found[1].startswith("multi[3]: shout's result does not fit its schema")
