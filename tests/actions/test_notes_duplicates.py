"""findDuplicates over real HTTP, checked against what Anki's own Find Duplicates finds."""

from __future__ import annotations

import pytest
from cards_helpers import add_note, mark_undo_point
from doc_examples import check_example


def note(col, front, *, deck="Japanese", model="Basic", back=""):
    fields = {"Front": front, "Back": back} if model != "Cloze" else {"Text": front}
    return add_note(col, fields, deck=deck, model=model).id


def test_findDuplicates_documented_example(client, col):
    # made in the order of the documented ids, so that their order is the same
    cat, dog = note(col, "猫"), note(col, "犬")
    cat2, dog2 = note(col, "<b>猫</b>"), note(col, "犬<br>")
    note(col, "鳥")
    note(col, "猫", deck="Elsewhere")  # left out by the query
    check_example(client, "notes", "findDuplicates",
                  {1496198395707: cat, 1496198395710: dog, 1502298033753: cat2, 1502298036657: dog2})


def test_findDuplicates_finds_what_ankis_find_duplicates_finds(client, col):
    values = ["a", "a", "<i>a</i>", "A", "b", "b", "", "", "c", '<img src="x.jpg">', "<img src='x.jpg'>"]
    for value in values:
        note(col, value)
    expected = sorted(({"value": value, "notes": sorted(nids)} for value, nids in col.find_dupes("Front")),
                      key=lambda group: group["notes"][0])
    assert client.result("findDuplicates", modelName="Basic", fieldName="Front") == expected
    assert [group["value"] for group in expected] == ["a", "b", " x.jpg "]


def test_findDuplicates_groups_need_two_notes_and_empty_fields_are_no_duplicates(client, col):
    note(col, "one")
    note(col, "")
    note(col, "<br>")
    assert client.result("findDuplicates", modelName="Basic", fieldName="Front") == []


def test_findDuplicates_compares_letter_case_as_anki_does(client, col):
    note(col, "Cat")
    note(col, "cat")
    assert client.result("findDuplicates", modelName="Basic", fieldName="Front") == []


def test_findDuplicates_looks_only_at_the_note_type_given(client, col):
    basic = [note(col, "same"), note(col, "same")]
    note(col, "same", model="Basic (and reversed card)")
    note(col, "same", model="Basic (and reversed card)")
    assert client.call("findDuplicates", modelName="Basic", fieldName="Front") == {
        "result": [{"value": "same", "notes": basic}], "error": None}


def test_findDuplicates_compares_the_field_given(client, col):
    a, b = note(col, "x", back="same"), note(col, "y", back="same")
    assert client.call("findDuplicates", modelName="basic", fieldName="back") == {
        "result": [{"value": "same", "notes": [a, b]}], "error": None}


def test_findDuplicates_query_narrows_the_notes_compared(client, col):
    tagged = [add_note(col, {"Front": "same"}, tags=["mine"]).id for _ in range(2)]
    note(col, "same")
    assert client.call("findDuplicates", modelName="Basic", fieldName="Front", query="tag:mine") == {
        "result": [{"value": "same", "notes": tagged}], "error": None}


def test_findDuplicates_of_a_note_type_whose_name_a_search_would_misread(client, col):
    model = col.models.copy(col.models.by_name("Basic"), add=False)
    model["name"] = "B_sic*"  # as a search: every note type whose name starts with "B?sic"
    col.models.add_dict(model)
    same = [note(col, "same", model="B_sic*") for _ in range(2)]
    note(col, "same")
    assert client.call("findDuplicates", modelName="B_sic*", fieldName="Front") == {
        "result": [{"value": "same", "notes": same}], "error": None}


def test_findDuplicates_changes_nothing(client, col):
    note(col, "same")
    note(col, "same")
    before = mark_undo_point(col)
    client.result("findDuplicates", modelName="Basic", fieldName="Front")
    assert col.undo_status().undo == before


@pytest.mark.parametrize("params, error", [
    ({"modelName": "Nope", "fieldName": "Front"}, "model was not found: Nope"),
    ({"modelName": "Basic", "fieldName": "Nope"}, "field was not found in Basic: Nope"),
])
def test_findDuplicates_unknown_note_type_or_field_is_an_error(client, col, params, error):
    assert client.call("findDuplicates", **params) == {"result": None, "error": error}


def test_findDuplicates_bad_query_is_ankis_error(client, col):
    reply = client.call("findDuplicates", modelName="Basic", fieldName="Front", query="(")
    assert reply["result"] is None and "Invalid search" in reply["error"]


@pytest.mark.lenient_params
@pytest.mark.parametrize("params, error", [
    ({"modelName": 5, "fieldName": "Front"}, "modelName must be a note type name (a string), not 5"),
    ({"modelName": "Basic", "fieldName": ["Front"]},
     'fieldName must be a field name (a string), not ["Front"]'),
    ({"modelName": "Basic", "fieldName": "Front", "query": 1},
     "query must be an Anki search (a string), not 1"),
])
def test_findDuplicates_params_that_are_not_strings_are_errors(client, col, params, error):
    assert client.call("findDuplicates", **params) == {"result": None, "error": error}
