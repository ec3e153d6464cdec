"""Note type actions that only read: names, ids, complete note types, fields,
templates and styling, over real HTTP against a real Anki."""

from __future__ import annotations

from doc_examples import check_example
from models_helpers import add_model, add_vocabulary, ids_of, model

STOCK = ["Basic", "Basic (and reversed card)", "Basic (optional reversed card)",
         "Basic (type in the answer)", "Cloze", "Image Occlusion"]
DOC_STOCK_IDS = dict(zip(STOCK, range(1704387367119, 1704387367125)))
DOC_VOCABULARY = {"id": 1704387367125, "mod": 1704387400, "Word": 7301296466377652001,
                  "Meaning": 7301296466377652002, "Recognition": 3914221046180328001}


def stock_ids(col):
    return {DOC_STOCK_IDS[m.name]: m.id for m in col.models.all_names_and_ids() if m.name in DOC_STOCK_IDS}


# modelNames, modelNamesAndIds -------------------------------------------------

def test_model_names_documented_example(client, col):
    check_example(client, "models", "modelNames")


def test_model_names_lists_a_new_note_type(client, col):
    add_vocabulary(col)
    assert client.call("modelNames") == {"result": STOCK + ["Vocabulary"], "error": None}


def test_model_names_and_ids_documented_example(client, col):
    check_example(client, "models", "modelNamesAndIds", stock_ids(col))


def test_model_names_and_ids_version_4_reply_is_bare(client, col):
    vocabulary = add_vocabulary(col)
    reply = client.send({"action": "modelNamesAndIds"})
    assert reply["Vocabulary"] == vocabulary["id"]
    assert set(reply) == set(STOCK) | {"Vocabulary"}


# findModelsById, findModelsByName, modelNameFromId ----------------------------

def test_find_models_by_id_documented_example(client, col):
    check_example(client, "models", "findModelsById", ids_of(add_vocabulary(col), DOC_VOCABULARY))


def test_find_models_by_id_returns_the_stored_note_types_in_order(client, col):
    basic, cloze = model(col, "Basic"), model(col, "Cloze")
    assert client.call("findModelsById", modelIds=[cloze["id"], basic["id"]]) == {
        "result": [cloze, basic], "error": None}


def test_find_models_by_id_accepts_ids_as_strings(client, col):
    basic = model(col, "Basic")
    assert client.call("findModelsById", modelIds=[str(basic["id"])]) == {"result": [basic], "error": None}


def test_find_models_by_id_unknown_id_is_an_error(client, col):
    basic = model(col, "Basic")
    assert client.call("findModelsById", modelIds=[basic["id"], 1234]) == {
        "result": None, "error": "model was not found: 1234"}


def test_find_models_by_id_needs_a_list(client, col):
    assert client.call("findModelsById", modelIds=1234) == {
        "result": None, "error": "modelIds should be a list: 1234"}


def test_find_models_by_name_documented_example(client, col):
    check_example(client, "models", "findModelsByName", ids_of(add_vocabulary(col), DOC_VOCABULARY))


def test_find_models_by_name_ignores_case(client, col):
    assert client.call("findModelsByName", modelNames=["basic"]) == {
        "result": [model(col, "Basic")], "error": None}


def test_find_models_by_name_unknown_name_is_an_error(client, col):
    assert client.call("findModelsByName", modelNames=["Basic", "Nope"]) == {
        "result": None, "error": "model was not found: Nope"}


def test_model_name_from_id_documented_example(client, col):
    check_example(client, "models", "modelNameFromId", stock_ids(col))


def test_model_name_from_id_unknown_id_is_an_error(client, col):
    assert client.call("modelNameFromId", modelId=42) == {"result": None, "error": "model was not found: 42"}


# Fields ---------------------------------------------------------------------

def test_model_field_names_documented_example(client, col):
    check_example(client, "models", "modelFieldNames")


def test_model_field_names_as_obsidian_to_anki_asks(client, col):
    # Obsidian_to_Anki reads the field names of every note type in one multi
    add_vocabulary(col)
    reply = client.send({"action": "multi", "version": 6, "params": {"actions": [
        {"action": "modelFieldNames", "params": {"modelName": "Basic"}},
        {"action": "modelFieldNames", "params": {"modelName": "Vocabulary"}},
    ]}})
    assert reply == {"result": [["Front", "Back"], ["Word", "Meaning"]], "error": None}


def test_model_field_names_unknown_model_is_an_error(client, col):
    assert client.call("modelFieldNames", modelName="Nope") == {
        "result": None, "error": "model was not found: Nope"}


def test_model_field_names_without_model_name_is_a_params_error(client, col):
    assert client.call("modelFieldNames") == {
        "result": None, "error": "modelFieldNames() missing 1 required positional argument: 'modelName'"}


def test_model_field_descriptions_documented_example(client, col):
    check_example(client, "models", "modelFieldDescriptions")


def test_model_field_descriptions_shows_descriptions(client, col):
    vocabulary = add_vocabulary(col)
    vocabulary["flds"][1]["description"] = "in English"
    col.models.update_dict(vocabulary)
    assert client.call("modelFieldDescriptions", modelName="Vocabulary") == {
        "result": ["", "in English"], "error": None}


def test_model_field_descriptions_unknown_model_is_an_error(client, col):
    assert client.call("modelFieldDescriptions", modelName="Nope") == {
        "result": None, "error": "model was not found: Nope"}


def test_model_field_fonts_documented_example(client, col):
    check_example(client, "models", "modelFieldFonts")


def test_model_field_fonts_unknown_model_is_an_error(client, col):
    assert client.call("modelFieldFonts", modelName="Nope") == {
        "result": None, "error": "model was not found: Nope"}


# modelFieldsOnTemplates -------------------------------------------------------

def test_model_fields_on_templates_documented_example(client, col):
    check_example(client, "models", "modelFieldsOnTemplates")


def test_model_fields_on_templates_reads_filters_and_skips_sections(client, col):
    add_model(col, "Filters", ["Text", "Extra", "Hint"], [
        ("Cloze-like", "{{cloze:Text}}{{#Hint}}{{hint:Hint}}{{/Hint}}{{^Extra}}none{{/Extra}}",
         "{{FrontSide}}{{cloze:Text}}<br>{{Extra}}{{Extra}}"),
    ])
    assert client.call("modelFieldsOnTemplates", modelName="Filters") == {
        "result": {"Cloze-like": [["Text", "Hint"], ["Extra", "Extra"]]}, "error": None}


def test_model_fields_on_templates_of_type_in_the_answer(client, col):
    assert client.call("modelFieldsOnTemplates", modelName="Basic (type in the answer)") == {
        "result": {"Card 1": [["Front", "Back"], []]}, "error": None}


def test_model_fields_on_templates_unknown_model_is_an_error(client, col):
    assert client.call("modelFieldsOnTemplates", modelName="Nope") == {
        "result": None, "error": "model was not found: Nope"}


# Templates and styling ----------------------------------------------------------

def test_model_templates_documented_example(client, col):
    check_example(client, "models", "modelTemplates")


def test_model_templates_unknown_model_is_an_error(client, col):
    assert client.call("modelTemplates", modelName="Nope") == {
        "result": None, "error": "model was not found: Nope"}


def test_model_styling_documented_example(client, col):
    add_vocabulary(col)
    check_example(client, "models", "modelStyling")


def test_model_styling_of_a_stock_note_type(client, col):
    assert client.call("modelStyling", modelName="Basic") == {
        "result": {"css": model(col, "Basic")["css"]}, "error": None}


def test_model_styling_unknown_model_is_an_error(client, col):
    assert client.call("modelStyling", modelName="Nope") == {
        "result": None, "error": "model was not found: Nope"}



def test_model_names_and_fields_as_yomitan_asks_with_version_2(client, col):
    assert client.send({"action": "modelNames", "version": 2}) == STOCK
    assert client.send({"action": "modelFieldNames", "version": 2, "params": {"modelName": "Basic"}}) == [
        "Front", "Back"]


def test_unknown_model_with_version_2_is_an_error_envelope(client, col):
    assert client.send({"action": "modelFieldNames", "version": 2, "params": {"modelName": "Nope"}}) == {
        "result": None, "error": "model was not found: Nope"}
