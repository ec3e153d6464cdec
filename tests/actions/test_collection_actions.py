"""The collection group over real HTTP: profiles (read), packages, reloadCollection.

Syncing is in test_collection_sync.py, switching profiles in test_collection_profiles.py.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from collection_helpers import add_reviewed_note
from doc_examples import check_example
from support import wait_for_background_operations, wait_for_refresh

PICTURE = b"\x89PNG\r\n\x1a\n collection-group test picture"


# getProfiles / getActiveProfile --------------------------------------------

def test_get_profiles_lists_the_profiles(client, anki):
    assert anki.mw.pm.profiles() == ["test"]
    assert client.call("getProfiles") == {"result": ["test"], "error": None}


def test_get_profiles_documented_example(client):
    check_example(client, "collection", "getProfiles", {"User 1": "test"})


def test_get_active_profile_names_the_open_profile(client):
    assert client.call("getActiveProfile") == {"result": "test", "error": None}


def test_get_active_profile_documented_example(client):
    check_example(client, "collection", "getActiveProfile", {"User 1": "test"})


def test_yomitan_style_version_2_gets_the_bare_profile_list(client):
    assert client.send({"action": "getProfiles", "version": 2}) == ["test"]


# loadProfile (what needs no switch; switching is in test_collection_profiles.py)

def test_load_profile_of_the_open_profile_is_true_and_changes_nothing(client, anki):
    server = anki.runtime.server
    assert client.call("loadProfile", name="test") == {"result": True, "error": None}
    anki.waiter.run(lambda: time.sleep(0.2))  # Qt's loop turns: a (wrongly) scheduled switch would run
    assert (anki.mw.pm.name, anki.mw.col is not None, anki.runtime.server is server) == ("test", True, True)


def test_load_profile_documented_example(client):
    check_example(client, "collection", "loadProfile", {"User 1": "test"})


def test_load_profile_of_an_unknown_profile_is_false(client, anki):
    assert client.call("loadProfile", name="nobody") == {"result": False, "error": None}
    assert anki.mw.pm.name == "test"


@pytest.mark.anki_only  # headless, another name is an error (docs/headless.md)
def test_load_profile_names_are_exact(client):
    assert client.call("loadProfile", name="TEST") == {"result": False, "error": None}


@pytest.mark.parametrize("name, shown", [({"name": "test"}, '{"name": "test"}'), (["test"], '["test"]')])
def test_load_profile_of_a_name_that_is_not_a_string_is_an_error(client, name, shown):
    # Upstream answered false, as for a profile that does not exist.
    assert client.call("loadProfile", name=name) == {
        "result": None, "error": f"name must be a profile name (a string), not {shown}"}


def test_load_profile_without_a_name_is_a_params_error(client):
    assert client.call("loadProfile") == {
        "result": None, "error": "loadProfile() missing 1 required positional argument: 'name'"}


# reloadCollection -------------------------------------------------------------

def test_reload_collection_refreshes_every_window(client, anki, col):
    from aqt import gui_hooks

    told = []

    def hook(changes, initiator):
        told.append(changes)

    gui_hooks.operation_did_execute.append(hook)
    try:
        assert client.call("reloadCollection") == {"result": None, "error": None}
        wait_for_refresh(anki.mw)  # windows refresh just after the reply
    finally:
        gui_hooks.operation_did_execute.remove(hook)
    assert len(told) == 1
    assert all(getattr(told[0], f.name) for f in told[0].DESCRIPTOR.fields), told[0]


def test_reload_collection_documented_example(client, col):
    check_example(client, "collection", "reloadCollection")


def test_reload_collection_without_a_collection_is_an_error(client, anki):
    wait_for_background_operations(anki.mw)  # one that finds no collection would fail in Anki itself
    col = anki.mw.col
    anki.mw.col = None  # as between two profiles
    try:
        reply = client.call("reloadCollection")
    finally:
        anki.mw.col = col
    assert reply == {"result": None, "error": "collection is not available"}


# exportPackage / importPackage ----------------------------------------------------

@pytest.fixture
def reviewed_note(col):
    """(note id, card id, the card as it was) in deck 'Geography', showing geo-test.png."""
    note_id, card_id = add_reviewed_note(col, "Geography", "geo-test.png", PICTURE)
    return note_id, card_id, _scheduling(col.get_card(card_id))


def _scheduling(card):
    return {"type": card.type, "queue": card.queue, "due": card.due, "ivl": card.ivl,
            "factor": card.factor, "reps": card.reps, "lapses": card.lapses}


def _forget(col, note_id, picture="geo-test.png"):
    """Delete the note, its deck, its review history and its picture."""
    card_ids = col.card_ids_of_note(note_id)
    col.remove_notes([note_id])
    col.db.execute(f"delete from revlog where cid in ({','.join(map(str, card_ids))})")  # Anki keeps it
    col.decks.remove([col.decks.id_for_name("Geography")])
    col.media.trash_files([picture])
    assert not (col.media.have(picture) or col.find_notes("deck:Geography")
                or col.db.scalar("select count() from revlog"))


def test_export_then_import_with_scheduling_brings_back_notes_scheduling_history_and_media(
        client, col, reviewed_note, tmp_path):
    note_id, _, scheduling = reviewed_note
    path = str(tmp_path / "Geography.apkg")
    assert client.call("exportPackage", deck="Geography", path=path, includeSched=True) == {
        "result": True, "error": None}
    _forget(col, note_id)

    assert client.call("importPackage", path=path) == {"result": True, "error": None}

    [imported] = col.find_notes("deck:Geography")
    note = col.get_note(imported)
    assert (note["Front"], note["Back"]) == ('capital of France <img src="geo-test.png">', "Paris")
    [card] = note.cards()
    assert _scheduling(card) == scheduling and scheduling["type"] == 2  # a review card
    assert col.db.list("select ease from revlog where cid = ?", card.id) == [4]  # answered Easy
    assert Path(col.media.dir(), "geo-test.png").read_bytes() == PICTURE


def test_export_without_scheduling_imports_as_new_cards_without_history(
        client, col, reviewed_note, tmp_path):
    note_id, _, _ = reviewed_note
    path = str(tmp_path / "Geography.apkg")
    assert client.call("exportPackage", deck="Geography", path=path) == {"result": True, "error": None}
    _forget(col, note_id)

    assert client.call("importPackage", path=path) == {"result": True, "error": None}

    [imported] = col.find_notes("deck:Geography")
    [card] = col.get_note(imported).cards()
    assert (card.type, card.queue, card.reps) == (0, 0, 0)
    assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 0
    assert Path(col.media.dir(), "geo-test.png").read_bytes() == PICTURE


def test_export_takes_the_deck_name_in_any_case_and_includes_subdecks(client, col, tmp_path):
    parent = col.decks.id("Languages")
    child = col.decks.id("Languages::French")
    for deck_id, front in ((parent, "hello"), (child, "bonjour")):
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"] = front
        col.add_note(note, deck_id)
    path = tmp_path / "Languages.apkg"
    assert client.call("exportPackage", deck="LANGUAGES", path=str(path)) == {"result": True, "error": None}
    col.remove_notes(col.find_notes("deck:Languages"))

    assert client.call("importPackage", path=str(path)) == {"result": True, "error": None}
    fronts = {col.get_note(n)["Front"]: col.decks.name(col.get_note(n).cards()[0].did)
              for n in col.find_notes("deck:Languages")}
    assert fronts == {"hello": "Languages", "bonjour": "Languages::French"}


def test_export_writes_a_package_that_older_ankis_can_read(client, col, reviewed_note, tmp_path):
    path = tmp_path / "Geography.apkg"
    assert client.call("exportPackage", deck="Geography", path=str(path)) == {"result": True, "error": None}
    names = zipfile.ZipFile(path).namelist()
    assert "collection.anki2" in names and "media" in names, names


def test_export_of_an_unknown_deck_is_false_and_writes_nothing(client, col, tmp_path):
    path = tmp_path / "Nothing.apkg"
    assert client.call("exportPackage", deck="No Such Deck", path=str(path)) == {
        "result": False, "error": None}
    assert not path.exists()


def test_export_of_a_deck_that_is_not_a_name_is_an_error_and_writes_nothing(client, col, tmp_path):
    # Upstream answered false for null, as for a deck that does not exist.
    path = tmp_path / "Nothing.apkg"
    assert client.call("exportPackage", deck=None, path=str(path)) == {
        "result": None, "error": "deck must be a deck name (a string), not null"}
    assert not path.exists()


def test_export_into_a_missing_folder_is_an_error(client, col, tmp_path):
    path = str(tmp_path / "missing" / "Default.apkg")
    assert client.call("exportPackage", deck="Default", path=path) == {
        "result": None, "error": f"[Errno 2] No such file or directory: '{path}'"}


def test_export_onto_a_folder_is_an_error(client, col, tmp_path):
    assert client.call("exportPackage", deck="Default", path=str(tmp_path)) == {
        "result": None, "error": f"[Errno 21] Is a directory: '{tmp_path}'"}


def test_export_package_documented_example(client, col, tmp_path):
    path = tmp_path / "Deck.apkg"
    check_example(client, "collection", "exportPackage", {"/data/Deck.apkg": str(path)})
    assert zipfile.is_zipfile(path)


def test_import_package_documented_example(client, col, reviewed_note, tmp_path):
    path = str(tmp_path / "Deck.apkg")
    assert client.call("exportPackage", deck="Geography", path=path) == {"result": True, "error": None}
    _forget(col, reviewed_note[0])
    check_example(client, "collection", "importPackage", {"/data/Deck.apkg": path})
    assert len(col.find_notes("deck:Geography")) == 1


def test_import_takes_a_relative_path_from_the_media_folder(client, col, reviewed_note):
    note_id, _, _ = reviewed_note
    package = Path(col.media.dir()).parent / "Geography.apkg"  # the profile folder
    assert client.call("exportPackage", deck="Geography", path=str(package)) == {
        "result": True, "error": None}
    _forget(col, note_id)
    try:
        assert client.call("importPackage", path="../Geography.apkg") == {"result": True, "error": None}
    finally:
        package.unlink()
    assert len(col.find_notes("deck:Geography")) == 1


def test_export_and_import_take_a_relative_path_from_the_same_folder(client, col, reviewed_note):
    note_id, _, _ = reviewed_note
    assert client.call("exportPackage", deck="Geography", path="Geography.apkg") == {
        "result": True, "error": None}
    assert Path(col.media.dir(), "Geography.apkg").is_file()  # collection.media, as for importPackage
    _forget(col, note_id)
    assert client.call("importPackage", path="Geography.apkg") == {"result": True, "error": None}
    assert len(col.find_notes("deck:Geography")) == 1


def test_export_into_a_missing_relative_folder_names_the_path_as_resolved(client, col, reviewed_note):
    resolved = Path(col.media.dir(), "no-such-folder", "Geography.apkg")
    assert client.call("exportPackage", deck="Geography", path="no-such-folder/Geography.apkg") == {
        "result": None, "error": f"[Errno 2] No such file or directory: '{resolved}'"}


def test_import_is_one_undo_step(client, col, reviewed_note, tmp_path):
    note_id, _, _ = reviewed_note
    path = str(tmp_path / "Geography.apkg")
    client.call("exportPackage", deck="Geography", path=path)
    _forget(col, note_id)
    assert client.call("importPackage", path=path) == {"result": True, "error": None}
    assert col.undo_status().undo == "Import"
    col.undo()
    assert col.find_notes("deck:Geography") == []


def test_import_of_a_missing_file_is_an_error_in_ankis_words(client, col, tmp_path):
    path = str(tmp_path / "missing.apkg")
    assert client.call("importPackage", path=path) == {
        "result": None, "error": f"Failed to open '{path}': No such file or directory (os error 2)"}


def test_import_of_a_missing_file_names_the_path_as_resolved_from_the_media_folder(client, col):
    resolved = os.path.join(col.media.dir(), "../missing.apkg")
    assert client.call("importPackage", path="../missing.apkg") == {
        "result": None, "error": f"Failed to open '{resolved}': No such file or directory (os error 2)"}


def test_import_of_a_missing_file_keeps_the_undo_history(client, col, tmp_path):
    col.decks.id("Made by the user")
    client.call("importPackage", path=str(tmp_path / "missing.apkg"))
    assert col.undo_status().undo == "Add Deck"


def test_import_of_a_folder_is_an_error(client, col, tmp_path):
    assert client.call("importPackage", path=str(tmp_path)) == {
        "result": None, "error": f"[Errno 21] Is a directory: '{tmp_path}'"}


def test_import_of_a_file_that_is_no_package_is_an_error_and_changes_nothing(client, col, tmp_path):
    path = tmp_path / "notes.apkg"
    path.write_text("front;back\n")
    before = col.note_count()
    assert client.call("importPackage", path=str(path)) == {"result": None, "error": "File is not a zip file"}
    assert col.note_count() == before
