"""The actions that edit one card template or one field of a note type, over
real HTTP; every edit is checked in the collection (note type, notes, cards).

The test profile has never synced, so a full sync is due anyway and schema
changes need no consent here; tests/actions/test_models_schema.py covers consent.
"""

from __future__ import annotations

import pytest
from doc_examples import check_example
from models_helpers import add_note, add_vocabulary, field_names, model, refreshes, template_names

PRODUCTION = ("Production", "{{Meaning}}", "{{FrontSide}}<hr id=answer>{{Word}}")


def add_template(col, name, front, back):
    vocabulary = model(col, "Vocabulary")
    template = col.models.new_template(name)
    template["qfmt"], template["afmt"] = front, back
    col.models.add_template(vocabulary, template)
    col.models.update_dict(vocabulary)


def add_field(col, name):
    vocabulary = model(col, "Vocabulary")
    col.models.add_field(vocabulary, col.models.new_field(name))
    col.models.update_dict(vocabulary)


def card_templates(col, note):
    return sorted(card.template()["name"] for card in col.get_note(note.id).cards())


@pytest.fixture
def vocabulary(col):
    return add_vocabulary(col)


# modelTemplateRename --------------------------------------------------------------

def test_template_rename_documented_example(client, col, vocabulary):
    check_example(client, "models", "modelTemplateRename")
    assert template_names(col, "Vocabulary") == ["Word to meaning"]
    assert model(col, "Vocabulary")["tmpls"][0]["qfmt"] == "{{Word}}"


def test_template_rename_keeps_the_cards(client, col, vocabulary):
    note = add_note(col, "Vocabulary", {"Word": "chat", "Meaning": "cat"})
    client.result("modelTemplateRename", modelName="Vocabulary", oldTemplateName="Recognition",
                  newTemplateName="Word to meaning")
    assert card_templates(col, note) == ["Word to meaning"]


def test_template_rename_is_one_undo_step(client, col, vocabulary):
    client.result("modelTemplateRename", modelName="Vocabulary", oldTemplateName="Recognition",
                  newTemplateName="Renamed")
    assert col.undo_status().undo == "Update Note Type"
    col.undo()
    assert template_names(col, "Vocabulary") == ["Recognition"]


def test_template_rename_unknown_template_is_an_error(client, col, vocabulary):
    assert client.call("modelTemplateRename", modelName="Vocabulary", oldTemplateName="Nope",
                       newTemplateName="X") == {
        "result": None, "error": "template was not found in Vocabulary: Nope"}


def test_template_rename_unknown_model_is_an_error(client, col):
    assert client.call("modelTemplateRename", modelName="Nope", oldTemplateName="Card 1",
                       newTemplateName="X") == {"result": None, "error": "model was not found: Nope"}


def test_template_rename_to_an_empty_name_is_refused(client, col, vocabulary):
    assert client.call("modelTemplateRename", modelName="Vocabulary", oldTemplateName="Recognition",
                       newTemplateName=" ") == {"result": None, "error": "Empty template name"}
    assert model(col, "Vocabulary") == vocabulary


# modelTemplateReposition ----------------------------------------------------------

def test_template_reposition_documented_example(client, col, vocabulary):
    add_template(col, *PRODUCTION)
    check_example(client, "models", "modelTemplateReposition")
    assert template_names(col, "Vocabulary") == ["Production", "Recognition"]


def test_template_reposition_keeps_each_card_with_its_template(client, col, vocabulary):
    add_template(col, *PRODUCTION)
    note = add_note(col, "Vocabulary", {"Word": "chat", "Meaning": "cat"})
    client.result("modelTemplateReposition", modelName="Vocabulary", templateName="Production", index=0)
    cards = {card.template()["name"]: card.question() for card in col.get_note(note.id).cards()}
    assert "cat" in cards["Production"] and "chat" in cards["Recognition"]


def test_template_reposition_past_the_end_moves_it_last(client, col, vocabulary):
    add_template(col, *PRODUCTION)
    client.result("modelTemplateReposition", modelName="Vocabulary", templateName="Recognition", index=9)
    assert template_names(col, "Vocabulary") == ["Production", "Recognition"]


def test_template_reposition_needs_a_non_negative_integer(client, col, vocabulary):
    assert client.call("modelTemplateReposition", modelName="Vocabulary", templateName="Recognition",
                       index="0") == {"result": None, "error": "index should be a non-negative integer: 0"}
    assert client.call("modelTemplateReposition", modelName="Vocabulary", templateName="Recognition",
                       index=-1) == {"result": None, "error": "index should be a non-negative integer: -1"}


def test_template_reposition_unknown_template_is_an_error(client, col, vocabulary):
    assert client.call("modelTemplateReposition", modelName="Vocabulary", templateName="Nope", index=0) == {
        "result": None, "error": "template was not found in Vocabulary: Nope"}


# modelTemplateAdd ---------------------------------------------------------------------

def test_template_add_documented_example(client, col, vocabulary):
    check_example(client, "models", "modelTemplateAdd")
    assert [(t["name"], t["qfmt"], t["afmt"]) for t in model(col, "Vocabulary")["tmpls"]] == [
        ("Recognition", "{{Word}}", "{{FrontSide}}<hr id=answer>{{Meaning}}"), PRODUCTION]


def test_template_add_makes_cards_for_existing_notes(client, col, vocabulary):
    note = add_note(col, "Vocabulary", {"Word": "chat", "Meaning": "cat"})
    client.result("modelTemplateAdd", modelName="Vocabulary",
                  template={"Name": "Production", "Front": "{{Meaning}}", "Back": "{{Word}}"})
    assert card_templates(col, note) == ["Production", "Recognition"]


def test_template_add_with_an_existing_name_updates_that_template(client, col, vocabulary):
    client.result("modelTemplateAdd", modelName="Vocabulary",
                  template={"Name": "Recognition", "Front": "<b>{{Word}}</b>", "Back": "{{Meaning}}"})
    assert [(t["name"], t["qfmt"], t["afmt"]) for t in model(col, "Vocabulary")["tmpls"]] == [
        ("Recognition", "<b>{{Word}}</b>", "{{Meaning}}")]


def test_template_add_is_one_undo_step(client, col, vocabulary):
    client.result("modelTemplateAdd", modelName="Vocabulary",
                  template={"Name": "Production", "Front": "{{Meaning}}", "Back": "{{Word}}"})
    assert col.undo_status().undo == "Update Note Type"
    col.undo()
    assert template_names(col, "Vocabulary") == ["Recognition"]


def test_template_add_without_name_is_a_key_error(client, col, vocabulary):
    assert client.call("modelTemplateAdd", modelName="Vocabulary",
                       template={"Front": "{{Meaning}}", "Back": "{{Word}}"}) == {
        "result": None, "error": "'Name'"}


def test_template_add_without_back_is_a_key_error(client, col, vocabulary):
    assert client.call("modelTemplateAdd", modelName="Vocabulary",
                       template={"Name": "X", "Front": "{{Meaning}}"}) == {"result": None, "error": "'Back'"}


def test_template_add_unknown_model_is_an_error(client, col):
    assert client.call("modelTemplateAdd", modelName="Nope",
                       template={"Name": "X", "Front": "{{A}}", "Back": ""}) == {
        "result": None, "error": "model was not found: Nope"}


# modelTemplateRemove --------------------------------------------------------------------

def test_template_remove_documented_example(client, col, vocabulary):
    add_template(col, *PRODUCTION)
    check_example(client, "models", "modelTemplateRemove")
    assert template_names(col, "Vocabulary") == ["Recognition"]


def test_template_remove_deletes_its_cards(client, col, vocabulary):
    add_template(col, *PRODUCTION)
    note = add_note(col, "Vocabulary", {"Word": "chat", "Meaning": "cat"})
    client.result("modelTemplateRemove", modelName="Vocabulary", templateName="Recognition")
    assert card_templates(col, note) == ["Production"]


def test_template_remove_of_the_only_template_is_refused(client, col, vocabulary):
    assert client.call("modelTemplateRemove", modelName="Vocabulary", templateName="Recognition") == {
        "result": None, "error": "must have 1 template"}
    assert model(col, "Vocabulary") == vocabulary


def test_template_remove_unknown_template_is_an_error(client, col, vocabulary):
    assert client.call("modelTemplateRemove", modelName="Vocabulary", templateName="Nope") == {
        "result": None, "error": "template was not found in Vocabulary: Nope"}


# modelFieldRename -------------------------------------------------------------------------

def test_field_rename_documented_example(client, col, vocabulary):
    check_example(client, "models", "modelFieldRename")
    assert field_names(col, "Vocabulary") == ["Word", "Translation"]


def test_field_rename_renames_it_in_templates_and_keeps_note_content(client, col, vocabulary):
    note = add_note(col, "Vocabulary", {"Word": "chat", "Meaning": "cat"})
    client.result("modelFieldRename", modelName="Vocabulary", oldFieldName="Meaning",
                  newFieldName="Translation")
    assert model(col, "Vocabulary")["tmpls"][0]["afmt"] == "{{FrontSide}}<hr id=answer>{{Translation}}"
    assert col.get_note(note.id)["Translation"] == "cat"


def test_field_rename_unknown_field_is_an_error(client, col, vocabulary):
    assert client.call("modelFieldRename", modelName="Vocabulary", oldFieldName="Nope", newFieldName="X") == {
        "result": None, "error": "field was not found in Vocabulary: Nope"}


def test_field_rename_to_an_empty_name_is_refused(client, col, vocabulary):
    assert client.call("modelFieldRename", modelName="Vocabulary", oldFieldName="Word", newFieldName="") == {
        "result": None, "error": "Empty field name"}
    assert model(col, "Vocabulary") == vocabulary


# modelFieldReposition -------------------------------------------------------------------

def test_field_reposition_documented_example(client, col, vocabulary):
    check_example(client, "models", "modelFieldReposition")
    assert field_names(col, "Vocabulary") == ["Meaning", "Word"]


def test_field_reposition_moves_note_content_with_the_field(client, col, vocabulary):
    note = add_note(col, "Vocabulary", {"Word": "chat", "Meaning": "cat"})
    client.result("modelFieldReposition", modelName="Vocabulary", fieldName="Meaning", index=0)
    moved = col.get_note(note.id)
    assert moved.fields == ["cat", "chat"]
    assert moved["Word"] == "chat"


def test_field_reposition_is_one_undo_step(client, col, vocabulary):
    client.result("modelFieldReposition", modelName="Vocabulary", fieldName="Meaning", index=0)
    assert col.undo_status().undo == "Update Note Type"
    col.undo()
    assert field_names(col, "Vocabulary") == ["Word", "Meaning"]


def test_field_reposition_needs_a_non_negative_integer(client, col, vocabulary):
    assert client.call("modelFieldReposition", modelName="Vocabulary", fieldName="Meaning", index=None) == {
        "result": None, "error": "index should be a non-negative integer: None"}


def test_field_reposition_unknown_field_is_an_error(client, col, vocabulary):
    assert client.call("modelFieldReposition", modelName="Vocabulary", fieldName="Nope", index=0) == {
        "result": None, "error": "field was not found in Vocabulary: Nope"}


# modelFieldAdd ---------------------------------------------------------------------------

def test_field_add_documented_example(client, col, vocabulary):
    check_example(client, "models", "modelFieldAdd")
    assert field_names(col, "Vocabulary") == ["Word", "Example", "Meaning"]


def test_field_add_without_index_adds_it_last_and_empty_in_notes(client, col, vocabulary):
    note = add_note(col, "Vocabulary", {"Word": "chat", "Meaning": "cat"})
    client.result("modelFieldAdd", modelName="Vocabulary", fieldName="Example")
    assert field_names(col, "Vocabulary") == ["Word", "Meaning", "Example"]
    assert col.get_note(note.id).fields == ["chat", "cat", ""]


def test_field_add_of_an_existing_field_only_moves_it(client, col, vocabulary):
    client.result("modelFieldAdd", modelName="Vocabulary", fieldName="Meaning", index=0)
    assert field_names(col, "Vocabulary") == ["Meaning", "Word"]


def test_field_add_of_an_existing_field_without_index_changes_nothing(client, col, vocabulary):
    client.result("modelFieldAdd", modelName="Vocabulary", fieldName="Word")
    assert model(col, "Vocabulary") == vocabulary


def test_field_add_of_an_empty_name_is_refused(client, col, vocabulary):
    assert client.call("modelFieldAdd", modelName="Vocabulary", fieldName="") == {
        "result": None, "error": "Empty field name"}


def test_field_add_unknown_model_is_an_error(client, col):
    assert client.call("modelFieldAdd", modelName="Nope", fieldName="X") == {
        "result": None, "error": "model was not found: Nope"}


# modelFieldRemove ------------------------------------------------------------------------

def test_field_remove_documented_example(client, col, vocabulary):
    add_field(col, "Example")
    check_example(client, "models", "modelFieldRemove")
    assert field_names(col, "Vocabulary") == ["Word", "Meaning"]


def test_field_remove_removes_its_content_and_keeps_the_rest(client, col, vocabulary):
    add_field(col, "Example")
    note = add_note(col, "Vocabulary", {"Word": "chat", "Meaning": "cat", "Example": "le chat dort"})
    client.result("modelFieldRemove", modelName="Vocabulary", fieldName="Example")
    assert col.get_note(note.id).fields == ["chat", "cat"]


def test_field_remove_of_the_only_field_is_refused(client, col):
    client.result("createModel", modelName="One field", inOrderFields=["Only"],
                  cardTemplates=[{"Front": "{{Only}}", "Back": ""}])
    before = model(col, "One field")
    assert client.call("modelFieldRemove", modelName="One field", fieldName="Only") == {
        "result": None, "error": "1 field required"}
    assert model(col, "One field") == before


def test_field_remove_unknown_field_is_an_error(client, col, vocabulary):
    assert client.call("modelFieldRemove", modelName="Vocabulary", fieldName="Nope") == {
        "result": None, "error": "field was not found in Vocabulary: Nope"}


# modelFieldSetFont, modelFieldSetFontSize, modelFieldSetDescription -----------------------

def test_field_set_font_documented_example(client, col, vocabulary):
    check_example(client, "models", "modelFieldSetFont")
    assert model(col, "Vocabulary")["flds"][0]["font"] == "Courier"


def test_field_set_font_needs_a_string(client, col, vocabulary):
    assert client.call("modelFieldSetFont", modelName="Vocabulary", fieldName="Word", font=12) == {
        "result": None, "error": "font should be a string: 12"}


def test_field_set_font_looks_up_the_field_first(client, col, vocabulary):
    assert client.call("modelFieldSetFont", modelName="Vocabulary", fieldName="Nope", font=12) == {
        "result": None, "error": "field was not found in Vocabulary: Nope"}


def test_field_set_font_size_documented_example(client, col, vocabulary):
    check_example(client, "models", "modelFieldSetFontSize")
    assert model(col, "Vocabulary")["flds"][0]["size"] == 28


def test_field_set_font_size_needs_an_integer(client, col, vocabulary):
    assert client.call("modelFieldSetFontSize", modelName="Vocabulary", fieldName="Word", fontSize="28") == {
        "result": None, "error": "fontSize should be an integer: 28"}
    assert client.call("modelFieldSetFontSize", modelName="Vocabulary", fieldName="Word", fontSize=True) == {
        "result": None, "error": "fontSize should be an integer: True"}
    assert model(col, "Vocabulary") == vocabulary


def test_field_set_font_size_is_one_undo_step(client, col, vocabulary):
    client.result("modelFieldSetFontSize", modelName="Vocabulary", fieldName="Word", fontSize=28)
    assert col.undo_status().undo == "Update Note Type"
    col.undo()
    assert model(col, "Vocabulary")["flds"][0]["size"] == 20


def test_field_set_description_documented_example(client, col, vocabulary):
    check_example(client, "models", "modelFieldSetDescription")
    assert model(col, "Vocabulary")["flds"][0]["description"] == "The word in the language you learn"


def test_field_set_description_needs_a_string(client, col, vocabulary):
    assert client.call("modelFieldSetDescription", modelName="Vocabulary", fieldName="Word",
                       description=None) == {"result": None, "error": "description should be a string: None"}


def test_field_set_description_unknown_field_is_an_error(client, col, vocabulary):
    assert client.call("modelFieldSetDescription", modelName="Vocabulary", fieldName="Nope",
                       description="x") == {
        "result": None, "error": "field was not found in Vocabulary: Nope"}


@pytest.mark.anki_only  # Anki's windows are refreshed; headless there are none
def test_a_field_edit_refreshes_anki_once(client, col, vocabulary):
    with refreshes() as seen:
        client.result("modelFieldAdd", modelName="Vocabulary", fieldName="Example", index=0)
    assert len(seen) == 1 and seen[0].notetype


def test_field_remove_of_a_field_anki_requires_is_refused(client, col):
    before = model(col, "Image Occlusion")
    assert client.call("modelFieldRemove", modelName="Image Occlusion", fieldName="Occlusion") == {
        "result": None,
        "error": "field Occlusion is required by note type Image Occlusion and cannot be removed"}
    assert model(col, "Image Occlusion") == before
