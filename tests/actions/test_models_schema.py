"""Note type changes that would force a full sync (schema changes).

Anki asks the user before such a change; a request cannot wait for a modal
question, so the allowSchemaChanges setting is the user's answer. To be in
the state where Anki would ask, the collection is marked as just synced.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

import pytest
from models_helpers import add_note, add_vocabulary, model, synced

REFUSED = ("this change to note type 'Vocabulary' would require a full sync; "
           "set allowSchemaChanges to true in the AnkiConnect config to allow it")

SCHEMA_CHANGES = {
    "modelFieldAdd": {"fieldName": "Source"},
    "modelFieldRemove": {"fieldName": "Example"},
    "modelFieldReposition": {"fieldName": "Example", "index": 0},
    "modelTemplateAdd": {"template": {"Name": "Both", "Front": "{{Word}}{{Meaning}}", "Back": "{{Example}}"}},
    "modelTemplateRemove": {"templateName": "Production"},
    "modelTemplateReposition": {"templateName": "Production", "index": 0},
}

NORMAL_CHANGES = {
    "modelFieldRename": {"modelName": "Vocabulary", "oldFieldName": "Meaning", "newFieldName": "Translation"},
    "modelTemplateRename": {"modelName": "Vocabulary", "oldTemplateName": "Recognition",
                            "newTemplateName": "R"},
    "modelFieldSetFont": {"modelName": "Vocabulary", "fieldName": "Word", "font": "Courier"},
    "modelFieldSetFontSize": {"modelName": "Vocabulary", "fieldName": "Word", "fontSize": 30},
    "modelFieldSetDescription": {"modelName": "Vocabulary", "fieldName": "Word", "description": "d"},
    "updateModelStyling": {"model": {"name": "Vocabulary", "css": "p {}"}},
    "updateModelTemplates": {"model": {"name": "Vocabulary",
                                       "templates": {"Recognition": {"Front": "{{Word}}?"}}}},
    "findAndReplaceInModels": {"modelName": "Vocabulary", "findText": "{{Word}}", "replaceText": "{{Word}}!"},
    "modelTemplateAdd": {"modelName": "Vocabulary",
                         "template": {"Name": "Recognition", "Front": "<b>{{Word}}</b>",
                                      "Back": "{{Meaning}}"}},
    "createModel": {"modelName": "New", "inOrderFields": ["A"],
                    "cardTemplates": [{"Front": "{{A}}", "Back": ""}]},
}


@pytest.fixture
def vocabulary(col):
    """Vocabulary with three fields, two templates and a note, just synced."""
    add_vocabulary(col)
    vocabulary = model(col, "Vocabulary")
    col.models.add_field(vocabulary, col.models.new_field("Example"))
    template = col.models.new_template("Production")
    template["qfmt"], template["afmt"] = "{{Meaning}}", "{{Word}}"
    col.models.add_template(vocabulary, template)
    col.models.update_dict(vocabulary)
    add_note(col, "Vocabulary", {"Word": "chat", "Meaning": "cat"})
    with synced(col):
        yield model(col, "Vocabulary")


@contextmanager
def no_schema_prompt():
    """Fails if Anki's "requires a full sync" question is asked or a modal window shows."""
    from anki import hooks

    asked = []

    def record(proceed):
        asked.append(proceed)
        return proceed

    hooks.schema_will_change.append(record)
    try:
        yield
    finally:
        hooks.schema_will_change.remove(record)
    assert asked == []
    qt = sys.modules.get("aqt.qt")  # only inside Anki is there a window a prompt could show in
    if qt is not None:
        assert qt.QApplication.activeModalWidget() is None


@pytest.mark.parametrize("action", sorted(SCHEMA_CHANGES))
def test_schema_change_without_consent_is_refused_and_changes_nothing(client, col, vocabulary, action):
    undo_before = col.undo_status()
    with no_schema_prompt():
        reply = client.call(action, modelName="Vocabulary", **SCHEMA_CHANGES[action])
    assert reply == {"result": None, "error": REFUSED}
    assert model(col, "Vocabulary") == vocabulary
    assert not col.schema_changed()
    assert col.undo_status() == undo_before


@pytest.mark.parametrize("action", sorted(SCHEMA_CHANGES))
def test_schema_change_with_consent_is_made_without_a_question(server, client, col, vocabulary, action):
    server.set_config(allowSchemaChanges=True)
    with no_schema_prompt():
        reply = client.call(action, modelName="Vocabulary", **SCHEMA_CHANGES[action])
    assert reply == {"result": None, "error": None}
    assert model(col, "Vocabulary") != vocabulary
    assert col.schema_changed()  # the next sync is a full one
    assert col.undo_status().undo == "Update Note Type"


def test_schema_change_with_consent_applies_the_change(server, client, col, vocabulary):
    server.set_config(allowSchemaChanges=True)
    client.result("modelFieldAdd", modelName="Vocabulary", fieldName="Source", index=1)
    assert [f["name"] for f in model(col, "Vocabulary")["flds"]] == ["Word", "Source", "Meaning", "Example"]


def test_undoing_a_schema_change_puts_the_collection_back_in_sync(server, client, col, vocabulary):
    server.set_config(allowSchemaChanges=True)
    client.result("modelFieldAdd", modelName="Vocabulary", fieldName="Source")
    col.undo()
    assert not col.schema_changed()
    assert model(col, "Vocabulary")["flds"] == vocabulary["flds"]


def test_schema_change_when_a_full_sync_is_due_anyway_needs_no_consent(client, col, vocabulary):
    col.db.execute("update col set ls = scm - 1")  # changed since the last sync
    with no_schema_prompt():
        assert client.call("modelFieldAdd", modelName="Vocabulary", fieldName="Source") == {
            "result": None, "error": None}
    assert [f["name"] for f in model(col, "Vocabulary")["flds"]] == ["Word", "Meaning", "Example", "Source"]


def test_a_second_schema_change_after_a_consented_one_goes_through(server, client, col, vocabulary):
    server.set_config(allowSchemaChanges=True)
    client.result("modelFieldAdd", modelName="Vocabulary", fieldName="Source")
    server.set_config(allowSchemaChanges=False)
    assert client.call("modelFieldRemove", modelName="Vocabulary", fieldName="Source") == {
        "result": None, "error": None}


def test_moving_a_field_to_where_it_is_is_no_schema_change(client, col, vocabulary):
    assert client.call("modelFieldReposition", modelName="Vocabulary", fieldName="Word", index=0) == {
        "result": None, "error": None}
    assert model(col, "Vocabulary") == vocabulary
    assert not col.schema_changed()


@pytest.mark.parametrize("action", sorted(NORMAL_CHANGES))
def test_changes_that_keep_the_schema_need_no_consent(client, col, vocabulary, action):
    with no_schema_prompt():
        reply = client.call(action, **NORMAL_CHANGES[action])
    assert reply["error"] is None
    assert not col.schema_changed()
