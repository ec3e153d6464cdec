"""Every action, fed parameters of every wrong shape, answers with a clear error.

Seeded random combinations of JSON values (wrong types, huge numbers, empty
and nested containers) go to each non-GUI action over HTTP. Whatever the
action makes of them, the reply must be HTTP 200 with the two-key envelope,
and an error must be a message for the client, not a Python accident
leaking out (``'NoneType' object has no attribute ...``).

Then each parameter, by the type it takes, gets values of other JSON types:
the reply must be an error, never a success that looks like "not found".
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

# Actions that would end the session's profile or reach the network.
LEFT_OUT = {"loadProfile", "sync", "reloadCollection", "importPackage", "exportPackage"}

VALUES = [
    None, 0, -1, 1, 1.5, 2**70, "", "x", "Default", "*", "../../etc/passwd", "a" * 2000,
    [], [1], [None], [[]], ["x"], [1483959291685], {}, {"a": 1}, {"Front": "x"}, True, False,
    {"id": 1}, [{"a": 1}], {"deckName": "Default", "modelName": "Basic", "fields": {"Front": 1}},
]

# Texts of Python errors that mean an action did not check its input.
ACCIDENTS = ("Traceback", "object has no attribute", "NoneType", "unhashable type", "not subscriptable",
             "object is not iterable", "KeyError", "IndexError", "referenced before assignment")


@pytest.mark.lenient_params  # the server may tolerate junk the schemas refuse; its replies are checked
def test_wrong_params_get_clear_errors(client, col):
    details = client.result("apiReflect", scopes=["actionDetails"])["actionDetails"]
    actions = [a for a in details if not a["gui"] and a["name"] not in LEFT_OUT and a["plugin"] != "example"]
    assert len(actions) > 90
    chance = random.Random(20261127)
    accidents = []
    for action in actions:
        names = [p["name"] for p in action["params"]]
        for _ in range(8):
            params = {name: chance.choice(VALUES) for name in names if chance.random() < 0.8}
            request = {"action": action["name"], "version": 6, "params": params}
            response = client.post(json.dumps(request))
            assert response.status == 200, request
            reply = response.json()
            assert set(reply) == {"result", "error"}, (request, reply)
            if reply["error"] and any(text in reply["error"] for text in ACCIDENTS):
                accidents.append((request, reply["error"]))
    assert accidents == []
    assert client.call("version") == {"result": 6, "error": None}


# Values of the wrong JSON type, answered as "not found" ---------------------------
#
# Each parameter of each action is sent, on its own, values of a JSON type it
# does not take, the other parameters well-typed and naming things that exist.
# An error is a fine answer; a success that reads as "nothing there" (false,
# null, 0, "", [], {}, or a list or object of only such) is not: a client
# takes it for "no such deck", and the type error goes unnoticed. For list
# parameters, a list holding one good member and one of the wrong type must be
# refused outright: a success means the wrong member was dropped or misread.
#
# What each parameter takes comes from the table below, by parameter name (and
# by action where one name means two things). A parameter the table does not
# know fails the test: a new action must say what its parameters are.

STRING, ID, IDS, STRINGS, OBJECT, OBJECTS, INTEGER, INTEGERS, LISTS, TAGS, LIST, BOOLEAN, ORDER = (
    "a string", "an id", "an array of ids", "an array of strings", "an object", "an array of objects",
    "an integer", "an array of integers", "an array of arrays", "tags", "an array", "a boolean",
    "a filtered deck order: a name or a number")
NUMBER, NUMBERS = "a number", "an array of numbers"
# Parameters not swept, with the reason.
SERVER = "filled in by the server from the HTTP request; clients cannot set it"

KINDS = {
    "deck": STRING, "name": STRING, "modelName": STRING, "fieldName": STRING, "oldFieldName": STRING,
    "newFieldName": STRING, "templateName": STRING, "oldTemplateName": STRING, "newTemplateName": STRING,
    "font": STRING, "description": STRING, "query": STRING, "filename": STRING, "pattern": STRING,
    "path": STRING, "data": STRING, "url": STRING, "skipHash": STRING, "findText": STRING,
    "replaceText": STRING, "tag_to_replace": STRING, "replace_with_tag": STRING, "days": STRING,
    "css": STRING, "newName": STRING, "search": STRING, "search2": STRING,
    "card": ID, "deckId": ID, "modelId": ID, "configId": ID, "cloneFrom": ID,
    "note": OBJECT, "config": OBJECT, "model": OBJECT, "template": OBJECT,
    "cards": IDS, "notes": IDS, "modelIds": IDS,
    "decks": STRINGS, "modelNames": STRINGS, "inOrderFields": STRINGS, "keys": STRINGS,
    "scopes": STRINGS, "actions": STRINGS,
    "answers": OBJECTS, "cardTemplates": OBJECTS,
    "index": INTEGER, "fontSize": INTEGER, "startID": INTEGER, "limit": INTEGER, "limit2": INTEGER,
    "reschedule": BOOLEAN, "order": ORDER, "order2": ORDER, "since": STRING, "wait": NUMBER,
    "easeFactors": INTEGERS, "reviews": LISTS, "tags": TAGS, "newValues": LIST,
    "add": BOOLEAN, "cardsToo": BOOLEAN, "complete": BOOLEAN, "suspend": BOOLEAN, "warning_check": BOOLEAN,
    "isCloze": BOOLEAN, "front": BOOLEAN, "back": BOOLEAN, "wholeCollection": BOOLEAN,
    "deleteExisting": BOOLEAN, "includeSched": BOOLEAN, "origin": SERVER, "allowed": SERVER,
    "params": NUMBERS, "desiredRetention": NUMBER, "save": BOOLEAN,
}
KINDS_BY_ACTION = {
    ("getNoteTags", "note"): ID, ("updateNoteTags", "note"): ID,
    ("addNotes", "notes"): OBJECTS, ("canAddNotes", "notes"): OBJECTS,
    ("canAddNotesWithErrorDetail", "notes"): OBJECTS, ("multi", "actions"): OBJECTS,
    ("findAndReplaceInModels", "css"): BOOLEAN,
}
# A wrong member in a list that may legitimately be answered one by one.
MEMBERS_ANSWERED_EACH = {
    ("addNotes", "notes"): "null for each note that cannot be created (documented)",
    ("canAddNotes", "notes"): "false for each note that cannot be added (documented)",
    ("canAddNotesWithErrorDetail", "notes"): "the error of each note that cannot be added",
    ("multi", "actions"): "each request is answered on its own (documented)",
    ("apiReflect", "scopes"): "an unknown scope is left out (as upstream)",
}
# Parameters for which null is a value of its own.
NULL_MEANS = {("findAndReplaceInModels", "modelName"): "every note type (as upstream)",
              ("getChanges", "since"): "the present (the starting point)"}
# Actions the typed sweep leaves out: it would reach the network.
TYPED_LEFT_OUT = {"sync"}

WRONG = {
    STRING: [{"x": 1}, {}, ["x"], [], 5, True, None],
    ID: [{"x": 1}, {}, "abc", [], True, None],
    OBJECT: ["x", 5, [], True, None],
    INTEGER: [{"x": 1}, "x", [1], 1.5, True, None],
    TAGS: [{"x": 1}, 5, True, [5], [{"x": 1}], [None]],
    BOOLEAN: [{"x": 1}, "x", 2, [], None],  # not 1 or 0, which clients of upstream send for true and false
    ORDER: [{"x": 1}, "x", [1], 1.5, True, None],
    NUMBER: [{"x": 1}, "x", [1], True, None],
}
LIST_KINDS = {  # wrong values for the list itself, and wrong members
    IDS: ([{"x": 1}, "abc", 5, True, None], [{"x": 1}, [1], "abc", True, None]),
    STRINGS: ([{"x": 1}, "x", 5, True, None], [{"x": 1}, ["x"], 5, True, None]),
    OBJECTS: ([{"x": 1}, "x", 5, True, None], ["x", 5, [], True, None]),
    INTEGERS: ([{"x": 1}, "x", 5, True, None], [{"x": 1}, "x", [1], None]),
    LISTS: ([{"x": 1}, "x", 5, True, None], [{"x": 1}, "x", 5, None]),
    LIST: ([{"x": 1}, "x", 5, True, None], []),
    NUMBERS: ([{"x": 1}, "x", 5, True, None], [{"x": 1}, "x", [1], True, None]),
}


def _good_values(col: Any, tmp: Path) -> Tuple[Dict[str, Any], Dict[Tuple[str, str], Any]]:
    """Well-typed values naming things that exist: by param name, and by (action, param)."""
    did = col.decks.id("Sweep")
    model = col.models.by_name("Basic")
    note = col.new_note(model)
    note["Front"] = "sweep"
    col.add_note(note, did)
    cid = note.card_ids()[0]
    new_note = {"deckName": "Sweep", "modelName": "Basic", "fields": {"Front": "new", "Back": ""}}
    by_name = {
        "deck": "Sweep", "name": "Sweep group", "modelName": "Basic", "fieldName": "Front",
        "oldFieldName": "Front", "newFieldName": "Renamed", "templateName": "Card 1",
        "oldTemplateName": "Card 1", "newTemplateName": "Renamed", "font": "Arial", "description": "d",
        "query": "", "filename": "sweep.txt", "pattern": "*", "data": "eA==", "path": str(tmp / "x.apkg"),
        "findText": "zzz-no-such-text", "replaceText": "y", "tag_to_replace": "a", "replace_with_tag": "b",
        "days": "0", "css": ".card {}", "newName": "Sweep renamed", "search": "deck:Sweep",
        "search2": "deck:Sweep", "limit": 100, "limit2": 20, "reschedule": True, "order": "random",
        "order2": "due", "card": cid, "deckId": did, "modelId": model["id"], "configId": 1,
        "cloneFrom": 1, "note": new_note, "cards": [cid], "notes": [note.id], "modelIds": [model["id"]],
        "decks": ["Sweep"], "modelNames": ["Basic"], "inOrderFields": ["F"], "keys": ["flags"],
        "scopes": ["actions"], "actions": ["version"], "answers": [{"cardId": cid, "ease": 3}],
        "cardTemplates": [{"Front": "{{F}}", "Back": "{{F}}"}], "index": 0, "fontSize": 20, "startID": 0,
        "easeFactors": [2500], "reviews": [[1_000_000_000_001, cid, -1, 3, 1, 0, 2500, 1000, 1]],
        "tags": "sweep", "newValues": [1], "template": {"Name": "New", "Front": "{{Back}}", "Back": "x"},
        "config": col.decks.config_dict_for_deck_id(did),
        "params": _default_fsrs_params(col), "desiredRetention": 0.9, "save": False,
        "add": True, "complete": False, "suspend": True, "warning_check": False, "isCloze": False,
        "front": True, "back": True, "wholeCollection": True, "deleteExisting": True, "includeSched": False,
        "since": None, "wait": 0,
    }
    by_action = {
        ("createModel", "modelName"): "Sweep model",
        ("getNoteTags", "note"): note.id, ("updateNoteTags", "note"): note.id,
        ("updateNote", "note"): {"id": note.id, "fields": {"Front": "changed"}},
        ("updateNoteFields", "note"): {"id": note.id, "fields": {"Front": "changed"}},
        ("updateNoteModel", "note"): {"id": note.id, "modelName": "Basic", "fields": {"Front": "x"}},
        ("addNotes", "notes"): [new_note], ("canAddNotes", "notes"): [new_note],
        ("canAddNotesWithErrorDetail", "notes"): [new_note],
        ("multi", "actions"): [{"action": "version"}],
        ("updateModelTemplates", "model"): {"name": "Basic", "templates": {}},
        ("updateModelStyling", "model"): {"name": "Basic", "css": ".card {}"},
        ("findAndReplaceInModels", "modelName"): "Basic",
        ("findAndReplaceInModels", "findText"): "zzz-no-such-text",
        ("findAndReplaceInModels", "replaceText"): "y",
        ("deleteDecks", "cardsToo"): True, ("findAndReplaceInModels", "css"): True,
        ("apiReflect", "scopes"): ["actions"],
        ("modelTemplateRemove", "modelName"): "Basic (and reversed card)",
        ("setSpecificValueOfCard", "newValues"): [1],
        ("notesInfo", "keys"): ["noteId"],
    }
    return by_name, by_action


def _default_fsrs_params(col: Any) -> List[float]:
    """Anki's default FSRS parameters, as many as this Anki takes."""
    defaults = col.decks.get_deck_configs_for_update(1).defaults.config
    return list(getattr(defaults, "fsrs_params_6", None) or defaults.fsrs_params_5)


def _looks_like_nothing(result: Any) -> bool:
    if result is None or result is False or result == 0 or result in ("", [], {}):
        return True
    if isinstance(result, list):
        return all(_looks_like_nothing(item) for item in result)
    if isinstance(result, dict):
        return all(_looks_like_nothing(value) for value in result.values())
    return False


def _cases(kind: str, good: Any, each: bool, null_ok: bool) -> List[Tuple[Any, bool]]:
    """(wrong value, whether any success is wrong) for a parameter of this kind.

    ``each``: a wrong member may be answered on its own; ``null_ok``: null is a value.
    """
    if kind in LIST_KINDS:
        wrong, members = LIST_KINDS[kind]
        cases = [(value, False) for value in wrong]
        if not each:
            cases += [([member], False) for member in members]
            cases += [([good[0], member], True) for member in members]
    else:
        cases = [(value, False) for value in WRONG[kind]]
    return [(value, strict) for value, strict in cases if not (value is None and null_ok)]


def test_wrong_types_are_errors_not_not_found(client, col, server, tmp_path):
    details = client.result("apiReflect", scopes=["actionDetails"])["actionDetails"]
    actions = [a for a in details if not a["gui"] and a["plugin"] != "example"
               and a["name"] not in TYPED_LEFT_OUT]
    unknown = [(a["name"], p["name"]) for a in actions for p in a["params"]
               if (a["name"], p["name"]) not in KINDS_BY_ACTION and p["name"] not in KINDS]
    assert unknown == [], "say in KINDS what these parameters take"
    failures = []
    controls = []
    swept = 0
    for action in actions:
        by_name, by_action = _good_values(col, tmp_path)
        good = {p["name"]: by_action.get((action["name"], p["name"]), by_name.get(p["name"]))
                for p in action["params"]}
        required = {p["name"] for p in action["params"] if p["required"]}
        base = {name: value for name, value in good.items()
                if name in required or (action["name"], name) in by_action}
        checked = {}
        for param in action["params"]:
            name = param["name"]
            kind = KINDS_BY_ACTION.get((action["name"], name), KINDS.get(name))
            if kind == SERVER:
                continue
            checked[name] = good[name]
            key = (action["name"], name)
            null_ok = (not param["required"] and param.get("default") is None) or key in NULL_MEANS
            for value, strict in _cases(kind, good[name], key in MEMBERS_ANSWERED_EACH, null_ok):
                params = dict(base, **{name: value})
                reply = client.call(action["name"], **params)
                swept += 1
                if reply["error"] is None and (strict or _looks_like_nothing(reply["result"])):
                    failures.append(f"{action['name']} {name}={json.dumps(value)}: {json.dumps(reply)[:120]}")
        if len(action["params"]) > 1:  # the good values work, so they hid no wrong one
            controls.append((action["name"], client.call(action["name"], **dict(base, **checked))))
        server.restore_collection()
    assert swept > 1000
    failed = [f"{name}: {reply['error']}" for name, reply in controls if reply["error"]]
    assert not failed, "the good values failed:\n" + "\n".join(failed)
    assert not failures, "wrong types answered as if nothing were there:\n" + "\n".join(failures)
