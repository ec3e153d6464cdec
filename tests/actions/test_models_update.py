"""updateModelTemplates, updateModelStyling and findAndReplaceInModels over
real HTTP; the note types are checked in the collection afterwards."""

from __future__ import annotations

import pytest
from doc_examples import check_example
from models_helpers import VOCABULARY_CSS, add_model, add_vocabulary, model, refreshes


def formats(col, name):
    return [(t["name"], t["qfmt"], t["afmt"]) for t in model(col, name)["tmpls"]]


# updateModelTemplates -----------------------------------------------------------

def test_update_model_templates_documented_example(client, col):
    add_vocabulary(col)
    check_example(client, "models", "updateModelTemplates")
    assert formats(col, "Vocabulary") == [
        ("Recognition", "<b>{{Word}}</b>", "{{FrontSide}}<hr id=answer>{{Meaning}}")]


def test_update_model_templates_changes_only_the_sides_given(client, col):
    add_model(col, "Custom", ["Question", "Answer"], [
        ("Card 1", "{{Question}}", "{{Answer}}"), ("Card 2", "{{Answer}}", "{{Question}}")])
    reply = client.send({"action": "updateModelTemplates", "version": 6, "params": {"model": {
        "name": "Custom", "templates": {
            "Card 1": {"Front": "{{Question}}?"},
            "Card 2": {"Front": "", "Back": "{{Question}}!"},
            "No such card": {"Front": "{{Question}}", "Back": "x"},
        }}}})
    assert reply == {"result": None, "error": None}
    assert formats(col, "Custom") == [
        ("Card 1", "{{Question}}?", "{{Answer}}"), ("Card 2", "{{Answer}}", "{{Question}}!")]


def test_update_model_templates_is_one_undo_step(client, col):
    add_vocabulary(col)
    client.result("updateModelTemplates", model={"name": "Vocabulary", "templates": {
        "Recognition": {"Front": "<i>{{Word}}</i>"}}})
    assert col.undo_status().undo == "Update Note Type"
    col.undo()
    assert formats(col, "Vocabulary")[0][1] == "{{Word}}"


def test_update_model_templates_that_change_nothing_write_nothing(client, col):
    before = add_vocabulary(col)
    client.result("updateModelTemplates", model={"name": "Vocabulary", "templates": {
        "Recognition": {"Front": "{{Word}}"}}})
    assert model(col, "Vocabulary") == before


def test_update_model_templates_unknown_model_is_an_error(client, col):
    assert client.call("updateModelTemplates", model={"name": "Nope", "templates": {}}) == {
        "result": None, "error": "model was not found: Nope"}


def test_update_model_templates_without_templates_is_a_key_error(client, col):
    add_vocabulary(col)
    assert client.call("updateModelTemplates", model={"name": "Vocabulary"}) == {
        "result": None, "error": "'templates'"}


def test_update_model_templates_without_name_is_a_key_error(client, col):
    assert client.call("updateModelTemplates", model={"templates": {}}) == {"result": None, "error": "'name'"}


def test_update_model_templates_refused_by_anki_changes_nothing(client, col):
    before = add_vocabulary(col)
    assert client.call("updateModelTemplates", model={"name": "Vocabulary", "templates": {
        "Recognition": {"Front": "{{Nope}}"}}}) == {
        "result": None,
        "error": "Card template \u20681\u2069 in note type '\u2068Vocabulary\u2069' has a problem.<br>"
                 "Field '\u2068Nope\u2069' not found."}
    assert model(col, "Vocabulary") == before


# updateModelStyling ------------------------------------------------------------------

def test_update_model_styling_documented_example(client, col):
    add_vocabulary(col)
    check_example(client, "models", "updateModelStyling")
    assert model(col, "Vocabulary")["css"] == ".card { color: blue; }"


def test_update_model_styling_is_one_undo_step(client, col):
    add_vocabulary(col)
    client.result("updateModelStyling", model={"name": "Vocabulary", "css": "p { color: red; }"})
    assert col.undo_status().undo == "Update Note Type"
    col.undo()
    assert model(col, "Vocabulary")["css"] == VOCABULARY_CSS


def test_update_model_styling_without_css_is_a_key_error(client, col):
    add_vocabulary(col)
    assert client.call("updateModelStyling", model={"name": "Vocabulary"}) == {
        "result": None, "error": "'css'"}


def test_update_model_styling_unknown_model_is_an_error(client, col):
    assert client.call("updateModelStyling", model={"name": "Nope", "css": ""}) == {
        "result": None, "error": "model was not found: Nope"}


def test_update_model_styling_needs_a_model_object(client, col):
    assert client.call("updateModelStyling", model="Vocabulary") == {
        "result": None, "error": "model should be an object: Vocabulary"}


# findAndReplaceInModels ---------------------------------------------------------------

def test_find_and_replace_documented_example(client, col):
    add_vocabulary(col)
    check_example(client, "models", "findAndReplaceInModels")
    assert model(col, "Vocabulary")["css"] == ".card { font-family: arial; font-size: 30px; }"


def test_find_and_replace_takes_its_params_inside_model_as_the_readme_shows(client, col):
    add_vocabulary(col)
    reply = client.send({"action": "findAndReplaceInModels", "version": 6, "params": {"model": {
        "modelName": "Vocabulary", "findText": "{{Word}}", "replaceText": "{{text:Word}}",
        "front": True, "back": True, "css": True}}})
    assert reply == {"result": 1, "error": None}
    assert formats(col, "Vocabulary")[0][1] == "{{text:Word}}"


def test_find_and_replace_in_all_note_types_counts_those_changed(client, col):
    add_vocabulary(col)
    add_model(col, "Other", ["Word"], [("One", "{{Word}}", "{{Word}}")], css="b { }")
    untouched = model(col, "Basic")
    reply = client.call("findAndReplaceInModels", modelName="", findText="{{Word}}",
                        replaceText="{{Word}}<br>")
    assert reply == {"result": 2, "error": None}
    assert formats(col, "Vocabulary")[0][1] == "{{Word}}<br>"
    assert formats(col, "Other")[0][1:] == ("{{Word}}<br>", "{{Word}}<br>")
    assert model(col, "Basic") == untouched  # nothing found: not written


def test_find_and_replace_only_where_asked(client, col):
    add_model(col, "Sides", ["Word"], [("One", "{{Word}} A", "{{Word}} A")], css="A")
    assert client.call("findAndReplaceInModels", modelName="Sides", findText="A", replaceText="B",
                       front=False, back=True, css=False) == {"result": 1, "error": None}
    assert formats(col, "Sides") == [("One", "{{Word}} A", "{{Word}} B")]
    assert model(col, "Sides")["css"] == "A"


def test_find_and_replace_with_nothing_found_replies_0(client, col):
    add_vocabulary(col)
    assert client.call("findAndReplaceInModels", modelName="Vocabulary", findText="not there",
                       replaceText="x") == {"result": 0, "error": None}


@pytest.mark.parametrize("name", [[], {}, 0, False, ["Vocabulary"]])
def test_find_and_replace_with_a_model_name_that_is_not_a_string_is_an_error(client, col, name):
    # Upstream took an empty [] or {} (any false value) for "every note type".
    add_vocabulary(col)
    assert client.call("findAndReplaceInModels", modelName=name, findText="{{Word}}",
                       replaceText="{{Word}}!") == {
        "result": None, "error": f"modelName should be a string: {name}"}
    assert formats(col, "Vocabulary")[0][1] == "{{Word}}"


def test_find_and_replace_in_all_note_types_is_one_undo_step(client, col):
    add_vocabulary(col)
    add_model(col, "Other", ["Word"], [("One", "{{Word}}", "{{Word}}")])
    client.result("findAndReplaceInModels", modelName=None, findText="{{Word}}", replaceText="{{Word}}!")
    assert col.undo_status().undo == "Find and Replace in Note Types"
    col.undo()
    assert formats(col, "Vocabulary")[0][1] == "{{Word}}"
    assert formats(col, "Other")[0][1] == "{{Word}}"


def test_find_and_replace_refused_for_one_note_type_changes_none(client, col):
    # "Other" has no Meaning field: Anki refuses its new template after
    # "Aaa" (saved first, in name order) was changed; "Aaa" is put back.
    aaa = add_model(col, "Aaa", ["Word", "Meaning"], [("One", "{{Word}}", "{{Meaning}}")])
    other = add_model(col, "Other", ["Word"], [("One", "{{Word}}", "{{Word}}")])
    reply = client.call("findAndReplaceInModels", modelName="", findText="{{Word}}",
                        replaceText="{{Meaning}}")
    assert reply == {
        "result": None,
        "error": "Card template \u20681\u2069 in note type '\u2068Other\u2069' has a problem.<br>"
                 "Field '\u2068Meaning\u2069' not found."}
    assert model(col, "Aaa") == aaa
    assert model(col, "Other") == other


def test_find_and_replace_refuses_an_empty_find_text(client, col):
    assert client.call("findAndReplaceInModels", modelName="", findText="", replaceText="x") == {
        "result": None, "error": "findText should be a non-empty string: "}


def test_find_and_replace_unknown_model_is_an_error(client, col):
    assert client.call("findAndReplaceInModels", modelName="Nope", findText="a", replaceText="b") == {
        "result": None, "error": "model was not found: Nope"}


def test_find_and_replace_without_params_is_a_params_error(client, col):
    assert client.call("findAndReplaceInModels") == {
        "result": None,
        "error": "findAndReplaceInModels() missing 3 required positional arguments: 'modelName', "
                 "'findText', and 'replaceText'"}


def test_find_and_replace_without_model_name_is_a_params_error(client, col):
    assert client.call("findAndReplaceInModels", model={"findText": "a", "replaceText": "b"}) == {
        "result": None,
        "error": "findAndReplaceInModels() missing 1 required positional argument: 'modelName'"}


def test_find_and_replace_unknown_key_inside_model_is_a_params_error(client, col):
    assert client.call("findAndReplaceInModels", model={"modelName": "", "findText": "a",
                                                        "replaceText": "b", "fronts": True}) == {
        "result": None, "error": "findAndReplaceInModels() got an unexpected keyword argument 'fronts'"}


@pytest.mark.anki_only  # Anki's windows are refreshed; headless there are none
def test_find_and_replace_in_two_note_types_refreshes_anki_once(client, col):
    add_vocabulary(col)
    add_model(col, "Other", ["Word"], [("One", "{{Word}}", "{{Word}}")])
    with refreshes() as seen:
        client.result("findAndReplaceInModels", modelName="", findText="{{Word}}", replaceText="{{Word}}!")
    assert len(seen) == 1 and seen[0].notetype


@pytest.mark.anki_only  # Anki's windows are refreshed; headless there are none
def test_update_model_styling_refreshes_anki_once(client, col):
    add_vocabulary(col)
    with refreshes() as seen:
        client.result("updateModelStyling", model={"name": "Vocabulary", "css": "p {}"})
    assert len(seen) == 1 and seen[0].notetype
