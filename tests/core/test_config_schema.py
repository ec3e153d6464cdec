"""Every setting checked against config.schema.json by the add-on's own reader (core/config_schema.py),
which must agree with jsonschema, the validator Anki's config editor checks the same file with."""

from __future__ import annotations

import json
import logging
from dataclasses import fields
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config_schema(addon):
    return addon("core.config_schema")


@pytest.fixture
def config(addon):
    return addon("core.config")


def keywords(rule: dict) -> set:
    found = set(rule)
    if isinstance(rule.get("items"), dict):
        found |= keywords(rule["items"])
    return found


def test_the_schema_uses_only_keywords_the_reader_knows(config_schema):
    used = set().union(*(keywords(rule) for rule in config_schema.PROPERTIES.values()))
    assert used <= config_schema.KNOWN_KEYWORDS, used - config_schema.KNOWN_KEYWORDS


def test_the_schema_describes_every_setting_and_no_other(config, config_schema):
    assert set(config_schema.PROPERTIES) == {f.name for f in fields(config.Config)}


def test_the_defaults_fit_the_schema(config, config_schema):
    shipped = json.loads((ROOT / "config.json").read_text())
    defaults = {f.name: getattr(config.Config(), f.name) for f in fields(config.Config)}
    for key, value in [*shipped.items(), *defaults.items()]:
        value = list(value) if isinstance(value, tuple) else value
        assert config_schema.problem(key, value) is None, (key, value)


SAMPLES = [None, True, False, 0, 1, -1, 64, 65, 1023, 1024, 8765, 8765.0, 8765.5, 65535, 65536, 99999,
           "", "8765", "http://localhost", [], ["x"], [1], ["x", None], {}, {"a": 1}]


def test_the_reader_agrees_with_jsonschema_on_every_setting(config_schema):
    from jsonschema import Draft7Validator

    schema = json.loads((ROOT / "config.schema.json").read_text())
    disagreements = []
    for key in config_schema.PROPERTIES:
        for value in SAMPLES:
            by_jsonschema = Draft7Validator(schema).is_valid({key: value})
            by_reader = config_schema.problem(key, value) is None
            if by_jsonschema != by_reader:
                disagreements.append((key, value, by_jsonschema))
    assert disagreements == []


@pytest.mark.parametrize("key, value, text", [
    ("webBindPort", 99999, "must be an integer from 0 to 65535, not 99999"),
    ("webBindPort", True, "must be an integer from 0 to 65535, not true"),
    ("apiKey", 5, "must be a string or null, not 5"),
    ("webTimeout", 0, "must be an integer of at least 1, not 0"),
    ("allowSchemaChanges", "yes", 'must be true or false, not "yes"'),
    ("webCorsOriginList", "http://localhost", 'must be an array of strings, not "http://localhost"'),
    ("webBindAddress", None, "must be a string, not null"),
])
def test_a_refusal_says_what_the_setting_takes(config_schema, key, value, text):
    assert config_schema.problem(key, value) == text


def test_inside_anki_a_refused_value_keeps_the_default_and_is_logged(config, caplog):
    with caplog.at_level(logging.WARNING):
        settings = config.Config.from_mapping({"webBindPort": 99999, "apiKey": 5}, environ={})
    assert (settings.webBindPort, settings.apiKey) == (8765, None)
    assert [record.getMessage() for record in caplog.records] == [
        "the setting 'apiKey' must be a string or null, not 5; using the default null",
        "the setting 'webBindPort' must be an integer from 0 to 65535, not 99999; using the default 8765",
    ]


def test_a_whole_number_written_with_a_point_is_an_integer(config):
    assert config.Config.from_mapping({"webTimeout": 5000.0}, environ={}).webTimeout == 5000
