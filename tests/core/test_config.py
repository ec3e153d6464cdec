"""Reading settings (without Anki)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def config(addon):
    return addon("core.config")


def test_defaults_are_upstreams(config):
    c = config.Config()
    assert (c.apiKey, c.webBindAddress, c.webBindPort, c.webCorsOriginList, c.ignoreOriginList,
            c.webTimeout, c.apiVersion) == (None, "127.0.0.1", 8765, ("http://localhost",), (), 10000, 6)


def test_shipped_config_json_matches_the_defaults(config):
    from support import ROOT

    shipped = json.loads((ROOT / "config.json").read_text())
    assert config.Config.from_mapping(shipped, environ={}) == config.Config()


def test_bind_address_environment_variable_overrides_the_config(config):
    c = config.Config.from_mapping({"webBindAddress": "127.0.0.1"},
                                   environ={"ANKICONNECT_BIND_ADDRESS": "0.0.0.0"})
    assert c.webBindAddress == "0.0.0.0"


def test_deprecated_cors_origin_environment_variable_is_appended(config):
    c = config.Config.from_mapping({}, environ={"ANKICONNECT_CORS_ORIGIN": "https://app.example"})
    assert c.cors_origins == ("http://localhost", "https://app.example")


@pytest.mark.parametrize("key, value", [
    ("webBindPort", "8765"), ("webBindPort", True), ("webBindPort", -1),
    ("webCorsOriginList", "http://localhost"), ("webCorsOriginList", [1]),
    ("apiKey", 5),
])
def test_a_value_of_the_wrong_type_keeps_the_default(config, key, value):
    assert getattr(config.Config.from_mapping({key: value}, environ={}), key) == getattr(config.Config(), key)


def test_config_is_reread_only_when_a_file_changes(config, tmp_path):
    path = tmp_path / "meta.json"
    path.write_text(json.dumps({"apiKey": "one"}))
    reads = []

    def read():
        reads.append(1)
        return json.loads(path.read_text())

    source = config.ConfigSource(read, (str(path),), recheck=0)
    assert source.current().apiKey == "one"
    assert source.current().apiKey == "one"
    assert len(reads) == 1
    path.write_text(json.dumps({"apiKey": "two!"}))
    assert source.current().apiKey == "two!"
    assert len(reads) == 2


def test_files_are_looked_at_only_now_and_then_unless_invalidated(config, tmp_path):
    path = tmp_path / "meta.json"
    path.write_text(json.dumps({"apiKey": "one"}))
    source = config.ConfigSource(lambda: json.loads(path.read_text()), (str(path),), recheck=60)
    assert source.current().apiKey == "one"
    path.write_text(json.dumps({"apiKey": "two!"}))
    assert source.current().apiKey == "one"  # within the recheck period
    source.invalidate()
    assert source.current().apiKey == "two!"
