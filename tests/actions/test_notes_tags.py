"""The tag actions: updateNoteTags, getNoteTags, addTags, removeTags, getTags,
clearUnusedTags, replaceTags, replaceTagsInAllNotes."""

from __future__ import annotations

import pytest
from doc_examples import check_example
from notes_helpers import add_note, undo_label


def tags_of(col, nid):
    return sorted(col.get_note(nid).tags)


def test_update_note_tags_doc_example(client, col):
    nid = add_note(col, "猫", tags=("old",))
    check_example(client, "notes", "updateNoteTags", {1514547547030: nid})
    assert tags_of(col, nid) == ["animals", "jlpt-n5"]
    assert undo_label(col) == "Update Note Tags"


def test_update_note_tags_with_a_string_is_one_tag(client, col):
    nid = add_note(col, "猫", tags=("old",))
    client.result("updateNoteTags", note=nid, tags="single")
    assert tags_of(col, nid) == ["single"]


@pytest.mark.parametrize("tags, error", [
    ([1], "Must provide tags as a list of strings"),
    ({"a": 1}, "Must provide tags as a list of strings"),
])
def test_update_note_tags_refuses_bad_tags(client, col, tags, error):
    nid = add_note(col, "猫")
    assert client.call("updateNoteTags", note=nid, tags=tags) == {"result": None, "error": error}


def test_update_note_tags_unknown_note(client, col):
    assert client.call("updateNoteTags", note=1, tags=[]) == {
        "result": None, "error": "Note was not found: 1"}


def test_get_note_tags_doc_example(client, col):
    nid = add_note(col, "猫", tags=("animals", "jlpt-n5"))
    check_example(client, "notes", "getNoteTags", {1514547547030: nid})


def test_get_note_tags_unknown_note(client, col):
    assert client.call("getNoteTags", note=1) == {"result": None, "error": "Note was not found: 1"}


def test_add_tags_doc_example(client, col):
    a, b = add_note(col, "a", tags=("x",)), add_note(col, "b")
    check_example(client, "notes", "addTags", {1483959289817: a, 1483959291695: b})
    assert (tags_of(col, a), tags_of(col, b)) == (["european-languages", "x"], ["european-languages"])
    assert undo_label(col) == "Add Tags"


def test_add_tags_space_separated_and_add_false_removes(client, col):
    nid = add_note(col, "a")
    client.result("addTags", notes=[nid], tags="one two")
    assert tags_of(col, nid) == ["one", "two"]
    client.result("addTags", notes=[nid], tags="one", add=False)
    assert tags_of(col, nid) == ["two"]


def test_add_tags_accepts_a_list(client, col):
    nid = add_note(col, "a")
    client.result("addTags", notes=[nid], tags=["one", "two"])
    assert tags_of(col, nid) == ["one", "two"]


def test_add_tags_refuses_other_tag_values(client, col):
    nid = add_note(col, "a")
    assert client.call("addTags", notes=[nid], tags=5) == {
        "result": None, "error": "tags must be a string of space-separated tags"}


def test_remove_tags_doc_example(client, col):
    a = add_note(col, "a", tags=("european-languages", "keep"))
    b = add_note(col, "b", tags=("European-Languages",))
    check_example(client, "notes", "removeTags", {1483959289817: a, 1483959291695: b})
    assert (tags_of(col, a), tags_of(col, b)) == (["keep"], [])
    assert undo_label(col) == "Remove Tags"


def test_get_tags_doc_example(client, col):
    add_note(col, "a", tags=("idioms", "european-languages"))
    check_example(client, "notes", "getTags")


def test_clear_unused_tags_doc_example(client, col):
    nid = add_note(col, "a", tags=("used", "unused"))
    col.get_note(nid)
    note = col.get_note(nid)
    note.tags = ["used"]
    col.update_note(note)
    assert "unused" in col.tags.all()
    check_example(client, "notes", "clearUnusedTags")
    assert col.tags.all() == ["used"]


def test_replace_tags_doc_example(client, col):
    a = add_note(col, "a", tags=("european-languages", "x"))
    b = add_note(col, "b", tags=("European-Languages",))
    other = add_note(col, "c", tags=("european-languages",))
    check_example(client, "notes", "replaceTags", {1483959289817: a, 1483959291695: b})
    assert (tags_of(col, a), tags_of(col, b)) == (["french-languages", "x"], ["french-languages"])
    assert tags_of(col, other) == ["european-languages"]
    assert undo_label(col) == "Replace Tags"


def test_replace_tags_matches_whole_tags_and_skips_unknown_ids(client, col):
    nid = add_note(col, "a", tags=("lang::fr", "lang"))
    client.result("replaceTags", notes=[1, nid], tag_to_replace="lang", replace_with_tag="language")
    assert tags_of(col, nid) == ["lang::fr", "language"]


def test_replace_tags_in_all_notes_doc_example(client, col):
    a = add_note(col, "a", tags=("european-languages",))
    b = add_note(col, "b", tags=("european-languages::sub", "other"))
    check_example(client, "notes", "replaceTagsInAllNotes")
    assert (tags_of(col, a), tags_of(col, b)) == (["french-languages"], ["european-languages::sub", "other"])
    assert undo_label(col) == "Replace Tags in All Notes"
