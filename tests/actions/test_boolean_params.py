"""Boolean params of every built-in action, read by one reader (actions_builtin/shared/params.py).

Upstream read them by their truth: ``suspend: "false"`` suspended, ``warning_check: 0`` (an
identity test against ``False``) let a client set protected card attributes. Here ``true``,
``false``, ``1`` and ``0`` mean what they say and an absent param its default, as clients of
upstream send them; any other value is refused with the usual wrong-type error.
"""

from __future__ import annotations

import pytest
from cards_helpers import add_note, answer

pytestmark = pytest.mark.lenient_params  # the requests send values the schemas do not allow, on purpose


@pytest.fixture
def card_id(col):
    return add_note(col, {"Front": "boolean params", "Back": "back"}).card_ids()[0]


# What each boolean param of a request answers to a string: (action, params, the param).
WRONG_TYPE = {
    "suspend": lambda cid, nid: {"cards": [cid], "suspend": "false"},
    "getIntervals": lambda cid, nid: {"cards": [cid], "complete": "false"},
    "setSpecificValueOfCard": lambda cid, nid: {"card": cid, "keys": ["flags"], "newValues": [1],
                                                "warning_check": "false"},
    "addTags": lambda cid, nid: {"notes": [nid], "tags": "tagged", "add": "false"},
    "createModel": lambda cid, nid: {"modelName": "Boolean Params", "inOrderFields": ["A"],
                                     "cardTemplates": [{"Front": "{{A}}", "Back": "{{A}}"}],
                                     "isCloze": "false"},
    "findAndReplaceInModels": lambda cid, nid: {"modelName": "Basic", "findText": "{{Front}}",
                                                "replaceText": "{{Back}}", "front": "false"},
    "exportPackage": lambda cid, nid: {"deck": "Default", "path": "unused.apkg", "includeSched": "false"},
    "getCollectionStatsHTML": lambda cid, nid: {"wholeCollection": "false"},
    "storeMediaFile": lambda cid, nid: {"filename": "_boolean.txt", "data": "aGk=",
                                        "deleteExisting": "false"},
    "deleteDecks": lambda cid, nid: {"decks": ["Default"], "cardsToo": "false"},  # upstream deleted
}
PARAM = {"suspend": "suspend", "getIntervals": "complete", "setSpecificValueOfCard": "warning_check",
         "addTags": "add", "createModel": "isCloze", "findAndReplaceInModels": "front",
         "exportPackage": "includeSched", "getCollectionStatsHTML": "wholeCollection",
         "storeMediaFile": "deleteExisting", "deleteDecks": "cardsToo"}


@pytest.mark.parametrize("action", sorted(WRONG_TYPE))
def test_a_string_is_refused_with_the_wrong_type_error_and_nothing_changes(client, col, card_id, action):
    nid = col.get_card(card_id).nid
    def state():
        return col.mod, col.get_note(nid).tags, col.media.have("_boolean.txt"), col.card_count()

    before = state()
    reply = client.call(action, **WRONG_TYPE[action](card_id, nid))
    assert reply == {"result": None, "error": f'{PARAM[action]} must be true or false, not "false"'}
    assert state() == before


@pytest.mark.parametrize("value, shown", [(None, "null"), (2, "2"), ([], "[]"), ({"x": 1}, '{"x": 1}'),
                                          ("true", '"true"'), (0.5, "0.5")])
def test_other_types_are_refused_too(client, col, card_id, value, shown):
    assert client.call("suspend", cards=[card_id], suspend=value) == {
        "result": None, "error": f"suspend must be true or false, not {shown}"}
    assert col.get_card(card_id).queue != -1  # not suspended


@pytest.mark.parametrize("side", ["front", "back", "css"])
def test_find_and_replace_checks_its_flags_inside_model_too(client, col, side):
    reply = client.call("findAndReplaceInModels", model={
        "modelName": "Basic", "findText": "{{Front}}", "replaceText": "{{Back}}", side: "no"})
    assert reply == {"result": None, "error": f'{side} must be true or false, not "no"'}


def test_a_note_media_flag_of_the_wrong_type_is_refused(client, col):
    picture = {"filename": "_boolean.png", "data": "aGk=", "deleteExisting": "no"}
    reply = client.call("addNote", note={"deckName": "Default", "modelName": "Basic",
                                         "fields": {"Front": "media flag", "Back": ""}, "picture": [picture]})
    assert reply == {"result": None, "error": 'picture.deleteExisting must be true or false, not "no"'}
    assert col.find_notes("media") == [] and not col.media.have("_boolean.png")


# What clients of upstream send keeps upstream's meaning -----------------------------------


def test_suspend_reads_1_and_0_as_true_and_false(client, col, card_id):
    assert client.call("suspend", cards=[card_id], suspend=1) == {"result": True, "error": None}
    assert col.get_card(card_id).queue == -1
    assert client.call("suspend", cards=[card_id], suspend=0) == {"result": True, "error": None}
    assert col.get_card(card_id).queue != -1


def test_add_tags_with_0_removes_them(client, col, card_id):
    nid = col.get_card(card_id).nid
    assert client.call("addTags", notes=[nid], tags="kept removed", add=1) == {"result": None, "error": None}
    assert client.call("addTags", notes=[nid], tags="removed", add=0) == {"result": None, "error": None}
    assert col.get_note(nid).tags == ["kept"]


def test_get_intervals_complete_1_lists_every_interval(client, col, card_id):
    answer(col, card_id, 3)
    assert client.call("getIntervals", cards=[card_id], complete=1) == {"result": [[-600]], "error": None}
    assert client.call("getIntervals", cards=[card_id], complete=0) == {"result": [-600], "error": None}


@pytest.mark.parametrize("warning_check, allowed", [(True, True), (1, True), (False, False), (0, False),
                                                    ("absent", False)])
def test_protected_card_keys_need_a_true_warning_check(client, col, card_id, warning_check, allowed):
    params = {"card": card_id, "keys": ["ivl"], "newValues": [7]}
    if warning_check != "absent":
        params["warning_check"] = warning_check
    reply = client.call("setSpecificValueOfCard", **params)
    assert reply == ({"result": [True], "error": None} if allowed else {"result": False, "error": None})
    assert col.get_card(card_id).ivl == (7 if allowed else 0)


# Every boolean param of every built-in action is read by the reader ------------------------

NOTE_ACTIONS_WITH_MEDIA = {"addNote", "addNotes", "canAddNote", "canAddNoteWithErrorDetail", "canAddNotes",
                           "canAddNotesWithErrorDetail", "guiAddCards", "guiAddNoteSetData", "updateNote",
                           "updateNoteFields"}
NOTE_ACTIONS_WITH_OPTIONS = {"addNote", "addNotes", "canAddNote", "canAddNoteWithErrorDetail", "canAddNotes",
                             "canAddNotesWithErrorDetail"}
# Upstream refuses anything but true and false for these, in its own words, which are kept:
# 'option parameter "allowDuplicate" must be boolean'.
UPSTREAMS_OWN_CHECK = {"allowDuplicate", "checkChildren", "checkAllModels"}


def boolean_params(schema, found=None, name=None):
    """The names of the boolean properties anywhere in a schema (``deleteDecks``' cardsToo
    is ``const: true``)."""
    found = set() if found is None else found
    if isinstance(schema, dict):
        kind = schema.get("type")
        if name is not None and (kind == "boolean" or (isinstance(kind, list) and "boolean" in kind)
                                 or isinstance(schema.get("const"), bool)):
            found.add(name)
        for key, value in schema.items():
            if key == "properties":
                for property_name, property_schema in value.items():
                    boolean_params(property_schema, found, property_name)
            elif key in ("items", "anyOf", "oneOf", "allOf", "prefixItems", "additionalProperties"):
                boolean_params(value, found, name if key in ("anyOf", "oneOf", "allOf") else None)
    elif isinstance(schema, list):
        for value in schema:
            boolean_params(value, found, name)
    return found


def test_every_boolean_param_of_a_built_in_action_is_one_these_tests_cover(client):
    schemas = client.result("apiReflect", scopes=["schemas"])["schemas"]
    plugins = {p["name"]: p["actions"] for p in client.result("apiReflect", scopes=["plugins"])["plugins"]}
    built_in = {a for group in ("cards", "collection", "decks", "gui", "media", "misc", "models", "notes",
                                "stats") for a in plugins.get(group, [])}
    found = {(action, param) for action in built_in
             for param in boolean_params(schemas[action]["params"])}
    covered = ({(action, PARAM[action]) for action in WRONG_TYPE}
               | {("findAndReplaceInModels", side) for side in ("back", "css")}
               | {("guiAddNoteSetData", "append")}  # tests/actions/test_gui_add.py, in Anki's window
               | {("createFilteredDeck", "reschedule")}  # tests/actions/test_decks_filtered.py
               | {(action, "deleteExisting") for action in NOTE_ACTIONS_WITH_MEDIA}
               | {(action, option) for action in NOTE_ACTIONS_WITH_OPTIONS for option in UPSTREAMS_OWN_CHECK})
    assert found == covered
