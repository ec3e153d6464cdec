"""createModel over real HTTP, as clients send it, checked in the collection."""

from __future__ import annotations

import pytest
from doc_examples import check_example
from models_helpers import add_vocabulary, later_ids_of, model, refreshes, template_names

DOC_VOCABULARY = {"id": 1704387367125, "mod": 1704387400, "Word": 7301296466377652001,
                  "Meaning": 7301296466377652002, "Recognition": 3914221046180328001}


def note_type_names(col):
    return [m.name for m in col.models.all_names_and_ids()]


def test_create_model_documented_example(client, col):
    check_example(client, "models", "createModel", later_ids_of(col, "Vocabulary", DOC_VOCABULARY))


def test_create_model_replies_with_the_note_type_as_stored(client, col):
    reply = client.call("createModel", modelName="Minimal", inOrderFields=["Front"],
                        cardTemplates=[{"Front": "{{Front}}", "Back": "{{Front}}"}])
    assert reply == {"result": model(col, "Minimal"), "error": None}


def test_create_model_defaults_to_the_stock_css_and_numbered_template_names(client, col):
    client.result("createModel", modelName="Two cards", inOrderFields=["A", "B"], cardTemplates=[
        {"Front": "{{A}}", "Back": "{{B}}"},
        {"Name": "Reverse", "Front": "{{B}}", "Back": "{{A}}"},
        {"Front": "{{A}}{{B}}", "Back": "{{B}}"},
    ])
    created = model(col, "Two cards")
    assert [t["name"] for t in created["tmpls"]] == ["Card 1", "Reverse", "Card 3"]
    assert [(t["qfmt"], t["afmt"]) for t in created["tmpls"]] == [
        ("{{A}}", "{{B}}"), ("{{B}}", "{{A}}"), ("{{A}}{{B}}", "{{B}}")]
    assert [f["name"] for f in created["flds"]] == ["A", "B"]
    assert created["css"] == model(col, "Basic")["css"]  # the stock note types' CSS
    assert created["type"] == 0


def test_create_model_as_deck_generators_send_it_with_is_cloze_and_named_templates(client, col):
    reply = client.send({"action": "createModel", "version": 6, "params": {
        "modelName": "Generated Cloze",
        "inOrderFields": ["Text", "Back Extra", "Source"],
        "css": ".card { font-family: Georgia; }\n.cloze { color: #0a84ff; }",
        "isCloze": True,
        "cardTemplates": [{"Name": "Cloze", "Front": "{{cloze:Text}}",
                           "Back": "{{cloze:Text}}<br>{{Back Extra}}<br>{{Source}}"}],
    }})
    created = model(col, "Generated Cloze")
    assert reply == {"result": created, "error": None}
    assert created["type"] == 1
    assert created["css"] == ".card { font-family: Georgia; }\n.cloze { color: #0a84ff; }"
    assert template_names(col, "Generated Cloze") == ["Cloze"]
    note = col.new_note(col.models.get(created["id"]))
    note["Text"] = "{{c1::Paris}} is the capital of {{c2::France}}"
    col.add_note(note, 1)
    assert len(note.cards()) == 2


def test_create_model_as_note_plugins_do_check_names_create_then_read_fields(client, col):
    names = client.result("modelNames")
    assert "Obsidian Basic" not in names
    client.result("createModel", modelName="Obsidian Basic", inOrderFields=["Front", "Back"],
                  cardTemplates=[{"Front": "{{Front}}", "Back": "{{FrontSide}}<hr id=answer>{{Back}}"}])
    assert client.result("modelFieldNames", modelName="Obsidian Basic") == ["Front", "Back"]
    assert "Obsidian Basic" in client.result("modelNames")


def test_create_model_is_one_undo_step(client, col):
    client.result("createModel", modelName="Undoable", inOrderFields=["Front"],
                  cardTemplates=[{"Front": "{{Front}}", "Back": "{{Front}}"}])
    assert col.undo_status().undo == "Add Note Type"
    col.undo()
    assert "Undoable" not in note_type_names(col)


def test_create_model_needs_a_field(client, col):
    assert client.call("createModel", modelName="X", inOrderFields=[],
                       cardTemplates=[{"Front": "{{A}}", "Back": ""}]) == {
        "result": None, "error": "Must provide at least one field for inOrderFields"}


def test_create_model_needs_a_card_template(client, col):
    assert client.call("createModel", modelName="X", inOrderFields=["A"], cardTemplates=[]) == {
        "result": None, "error": "Must provide at least one card for cardTemplates"}


def test_create_model_refuses_an_existing_name(client, col):
    add_vocabulary(col)
    assert client.call("createModel", modelName="Vocabulary", inOrderFields=["A"],
                       cardTemplates=[{"Front": "{{A}}", "Back": ""}]) == {
        "result": None, "error": "Model name already exists"}


def test_create_model_refuses_an_existing_name_in_another_case(client, col):
    before = note_type_names(col)
    assert client.call("createModel", modelName="basic", inOrderFields=["A"],
                       cardTemplates=[{"Front": "{{A}}", "Back": ""}]) == {
        "result": None, "error": "Model name already exists"}
    assert note_type_names(col) == before


def test_create_model_template_without_front_is_a_key_error(client, col):
    before = note_type_names(col)
    assert client.call("createModel", modelName="X", inOrderFields=["A"],
                       cardTemplates=[{"Name": "One", "Back": "{{A}}"}]) == {
        "result": None, "error": "'Front'"}
    assert note_type_names(col) == before


def test_create_model_template_without_back_is_a_key_error(client, col):
    assert client.call("createModel", modelName="X", inOrderFields=["A"],
                       cardTemplates=[{"Front": "{{A}}"}]) == {"result": None, "error": "'Back'"}


def test_create_model_refuses_an_empty_field_name_before_asking_anki(client, col):
    add_vocabulary(col)  # leaves an undo entry that must survive
    assert client.call("createModel", modelName="X", inOrderFields=["A", " "],
                       cardTemplates=[{"Front": "{{A}}", "Back": ""}]) == {
        "result": None, "error": "Empty field name"}
    assert col.undo_status().undo == "Add Note Type"


def test_create_model_refuses_an_empty_template_name(client, col):
    assert client.call("createModel", modelName="X", inOrderFields=["A"],
                       cardTemplates=[{"Name": "", "Front": "{{A}}", "Back": ""}]) == {
        "result": None, "error": "Empty template name"}


def test_create_model_refuses_fields_that_are_not_a_list(client, col):
    assert client.call("createModel", modelName="X", inOrderFields="AB",
                       cardTemplates=[{"Front": "{{A}}", "Back": ""}]) == {
        "result": None, "error": "inOrderFields should be a list: AB"}


def test_create_model_cloze_without_a_cloze_field_gives_ankis_error(client, col):
    before = note_type_names(col)
    assert client.call("createModel", modelName="Bad Cloze", inOrderFields=["Text"], isCloze=True,
                       cardTemplates=[{"Front": "{{Text}}", "Back": "{{Text}}"}]) == {
        "result": None,
        "error": "Card template \u20681\u2069 in note type '\u2068Bad Cloze\u2069' has a problem.<br>"
                 "Expected to find '{{cloze:Text}}' or similar on the front and back of the card template."}
    assert note_type_names(col) == before


def test_create_model_without_params_is_a_params_error(client, col):
    assert client.call("createModel") == {
        "result": None,
        "error": "createModel() missing 3 required positional arguments: 'modelName', 'inOrderFields', "
                 "and 'cardTemplates'"}


@pytest.mark.anki_only  # Anki's windows are refreshed; headless there are none
def test_create_model_refreshes_anki_once(client, col):
    with refreshes() as seen:
        client.result("createModel", modelName="Fresh", inOrderFields=["A"],
                      cardTemplates=[{"Front": "{{A}}", "Back": ""}])
    assert len(seen) == 1 and seen[0].notetype
