"""The add-on's config inside Anki, edited past Anki's config editor (which checks it against
config.schema.json itself): a value the schema refuses is logged, and its default is used."""

from __future__ import annotations

import logging

import pytest


@pytest.mark.anki_only
def test_a_value_the_schema_refuses_is_logged_and_its_default_used(anki, client, caplog):
    with caplog.at_level(logging.WARNING):
        anki.set_config(apiKey=5)  # as another add-on, or a hand-edited meta.json, would
        assert client.call("version") == {"result": 6, "error": None}  # no key: apiKey's default, null
    assert "the setting 'apiKey' must be a string or null, not 5; using the default null" in [
        record.getMessage() for record in caplog.records]
    assert anki.mw.ankiconnect.url == f"http://127.0.0.1:{anki.port}"
