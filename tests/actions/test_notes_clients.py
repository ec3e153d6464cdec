"""Note and media requests exactly as real clients send them.

- Yomitan: version 2 (bare results), its own note type, duplicate checks with only
  the first field filled, a ``multi`` of ``findNotes`` (with the API key in every
  sub-request when one is set), media stored by ``storeMediaFile`` under the name
  it returns, ``notesInfo`` read for its ``cards``.
- Strict libraries (version 6): every reply is exactly ``{"result", "error"}``.
- Obsidian_to_Anki: version 6 everywhere, ``multi`` of ``multi``, media from a
  ``path``, ``findNotes`` with an empty query.
"""

from __future__ import annotations

import base64

import pytest
from notes_helpers import add_note

YOMITAN_FIELDS = ["Expression", "Reading", "Glossary", "Audio"]


@pytest.fixture
def yomitan_model(col):
    models = col.models
    model = models.new("Yomitan Japanese")
    for name in YOMITAN_FIELDS:
        models.add_field(model, models.new_field(name))
    template = models.new_template("Recognition")
    template["qfmt"], template["afmt"] = "{{Expression}}", "{{FrontSide}}<hr>{{Reading}}<br>{{Glossary}}"
    models.add_template(model, template)
    models.add(model)
    col.decks.id("Mining")
    return model


def yomitan_note(expression, reading="", glossary="", *, first_field_only=False):
    fields = {"Expression": expression, "Reading": reading, "Glossary": glossary, "Audio": ""}
    if first_field_only:  # Yomitan's duplicate check sends the first field only
        fields = {name: (expression if name == "Expression" else "") for name in YOMITAN_FIELDS}
    return {
        "deckName": "Mining", "modelName": "Yomitan Japanese", "fields": fields, "tags": ["yomitan"],
        "options": {"allowDuplicate": False, "duplicateScope": "collection",
                    "duplicateScopeOptions": {"deckName": None, "checkChildren": False,
                                              "checkAllModels": False}},
    }


def yomitan(client, action, key=None, **params):
    request = {"action": action, "params": params, "version": 2}
    if key is not None:
        request["key"] = key
    return client.send(request)


def test_yomitan_duplicate_check_then_find_then_add(client, col, yomitan_model):
    existing = client.send(
        {"action": "addNote", "version": 2, "params": {"note": yomitan_note("猫", "ねこ", "cat")}})
    assert isinstance(existing, int)

    notes = [yomitan_note(word, first_field_only=True) for word in ("猫", "犬")]
    assert yomitan(client, "canAddNotesWithErrorDetail", notes=notes) == [
        {"canAdd": False, "error": "cannot create note because it is a duplicate"}, {"canAdd": True}]

    found = yomitan(client, "multi",
                    actions=[{"action": "findNotes", "params": {"query": '"expression:猫"'}}])
    assert found == [[existing]]

    info = yomitan(client, "notesInfo", notes=[existing])
    assert info[0]["cards"] == list(col.card_ids_of_note(existing))
    assert info[0]["fields"]["Expression"] == {"value": "猫", "order": 0}

    audio = base64.b64encode(b"inu audio").decode()
    stored = yomitan(client, "storeMediaFile", filename="yomitan_audio_inu.mp3", data=audio)
    assert stored == "yomitan_audio_inu.mp3"
    note = yomitan_note("犬", "いぬ", "dog")
    note["fields"]["Audio"] = f"[sound:{stored}]"
    nid = yomitan(client, "addNote", note=note)
    assert col.get_note(nid)["Audio"] == "[sound:yomitan_audio_inu.mp3]"


def test_yomitan_errors_have_an_error_key_in_version_2(client, col, yomitan_model):
    yomitan(client, "addNote", note=yomitan_note("猫"))
    assert yomitan(client, "addNote", note=yomitan_note("猫")) == {
        "result": None, "error": "cannot create note because it is a duplicate"}


def test_yomitan_multi_with_an_api_key_in_every_sub_request(server, client, col, yomitan_model):
    server.set_config(apiKey="secret")
    nid = yomitan(client, "addNote", key="secret", note=yomitan_note("猫"))
    actions = [{"action": "findNotes", "params": {"query": f'"deck:Mining" "expression:{word}"'},
                "key": "secret"}
               for word in ("猫", "犬")]
    actions.append({"action": "findNotes", "params": {"query": '"expression:猫"'}})  # no key
    assert yomitan(client, "multi", key="secret", actions=actions) == [
        [nid], [], {"result": None, "error": "valid api key must be provided"}]


def test_yomitan_media_object_in_add_note(client, col, yomitan_model):
    note = yomitan_note("鳥", "とり", "bird")
    note["audio"] = [{"filename": "yomitan_tori.mp3", "data": base64.b64encode(b"tori").decode(),
                      "fields": ["Audio"]}]
    nid = yomitan(client, "addNote", note=note)
    assert col.get_note(nid)["Audio"] == "[sound:yomitan_tori.mp3]"


def test_strict_version_6_envelopes(client, col):
    nid = client.result("addNote", note={"deckName": "Default", "modelName": "Basic",
                                         "fields": {"Front": "a", "Back": "b"}})
    assert client.result("notesInfo", notes=[nid])[0]["noteId"] == nid
    assert client.result("findNotes", query=f"nid:{nid}") == [nid]
    assert client.result("canAddNotes", notes=[]) == []
    assert client.result("storeMediaFile", filename="x.txt", data="eA==") == "x.txt"
    assert client.result("deleteNotes", notes=[nid]) is None
    for action, params in [("addNote", {"note": {"deckName": "Default", "modelName": "Nope", "fields": {}}}),
                           ("notesInfo", {}), ("getNoteTags", {"note": 1})]:
        reply = client.call(action, **params)
        assert set(reply) == {"result", "error"} and reply["result"] is None and reply["error"]


def obsidian(action, **params):
    return {"action": action, "version": 6, "params": params}


def test_obsidian_nested_multi(client, col, tmp_path):
    picture = tmp_path / "vault image.png"
    picture.write_bytes(b"png bytes")
    old = add_note(col, "old card", "old back", deck="Obsidian")
    note = {"deckName": "Obsidian", "modelName": "Basic", "fields": {"Front": "Q", "Back": "A"},
            "options": {"allowDuplicate": False, "duplicateScope": "deck"}, "tags": ["obsidian"]}
    reply = client.send(obsidian("multi", actions=[
        obsidian("multi", actions=[obsidian("addNote", note=note), obsidian("addNote", note=note)]),
        obsidian("multi", actions=[
            obsidian("updateNoteFields", note={"id": old, "fields": {"Back": "new"}})]),
        obsidian("multi", actions=[
            obsidian("storeMediaFile", filename="vault image.png", path=str(picture))]),
        obsidian("findNotes", query=""),
    ]))
    added = reply["result"][0]["result"][0]["result"]
    assert reply == {"result": [
        {"result": [{"result": added, "error": None},
                    {"result": None, "error": "cannot create note because it is a duplicate"}],
         "error": None},
        {"result": [{"result": None, "error": None}], "error": None},
        {"result": [{"result": "vault image.png", "error": None}], "error": None},
        {"result": sorted([old, added]), "error": None},
    ], "error": None}
    assert col.get_note(old)["Back"] == "new"


def test_obsidian_find_notes_of_the_current_deck(client, col):
    in_default = add_note(col, "a")
    add_note(col, "b", deck="Elsewhere")
    col.decks.select(1)
    assert client.result("findNotes", query="deck:current") == [in_default]
