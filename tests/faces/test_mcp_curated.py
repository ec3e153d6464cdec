"""Every tool of the default (curated) set, called by the MCP SDK with a real use, on both hosts.

Each call must succeed, and its structured content must fit the tool's
output schema: the SDK checks that itself, and so does the test.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Callable, Dict, List

import jsonschema
import pytest
from cards_helpers import add_note, answer
from collection_helpers import SYNC_PASSWORD, SYNC_USER, SyncServer
from mcp_helpers import with_client

NEW_NOTE = {"deckName": "MCP", "modelName": "Basic", "fields": {"Front": "pear", "Back": "Birne"},
            "tags": ["fruit"]}


@dataclass
class World:
    """What the uses below work on, made straight in the collection."""

    notes: List[int]
    cards: List[int]


@pytest.fixture
def world(col) -> World:
    notes = [add_note(col, {"Front": f"apple {i}", "Back": "Apfel"}, deck="MCP", tags=["fruit"])
             for i in range(2)]
    add_note(col, {"Front": "apple 0", "Back": "another apple"}, deck="MCP")  # a duplicate of the first
    col.decks.id("MCP::Old")
    col.media.write_data("mcp.txt", b"hello")
    cards = [card for note in notes for card in note.card_ids()]
    answer(col, cards[0], 3)
    return World([note.id for note in notes], cards)


USES: Dict[str, Callable[[World], Dict[str, Any]]] = {
    "findNotes": lambda w: {"query": "deck:MCP tag:fruit"},
    "notesInfo": lambda w: {"notes": w.notes},
    "addNote": lambda w: {"note": NEW_NOTE},
    "addNotes": lambda w: {"notes": [NEW_NOTE, {**NEW_NOTE, "fields": {"Front": "plum", "Back": "Pflaume"}}]},
    "canAddNotesWithErrorDetail": lambda w: {"notes": [NEW_NOTE]},
    "updateNoteFields": lambda w: {"note": {"id": w.notes[0], "fields": {"Back": "der Apfel"}}},
    "deleteNotes": lambda w: {"notes": [w.notes[1]]},
    "addTags": lambda w: {"notes": w.notes, "tags": "red"},
    "removeTags": lambda w: {"notes": w.notes, "tags": "fruit"},
    "getTags": lambda w: {},
    "replaceTags": lambda w: {"notes": w.notes, "tag_to_replace": "fruit", "replace_with_tag": "food"},
    "findDuplicates": lambda w: {"modelName": "Basic", "fieldName": "Front", "query": "deck:MCP"},
    "findCards": lambda w: {"query": "deck:MCP"},
    "cardsInfo": lambda w: {"cards": w.cards[:1]},
    "answerCards": lambda w: {"answers": [{"cardId": w.cards[1], "ease": 3}]},
    "areDue": lambda w: {"cards": w.cards},
    "suspend": lambda w: {"cards": w.cards[:1]},
    "unsuspend": lambda w: {"cards": w.cards[:1]},
    "setDueDate": lambda w: {"cards": w.cards[:1], "days": "3"},
    "getCardMemoryState": lambda w: {"cards": w.cards},
    "deckNames": lambda w: {},
    "getDeckTree": lambda w: {},
    "createDeck": lambda w: {"deck": "MCP::New"},
    "changeDeck": lambda w: {"cards": w.cards, "deck": "MCP::Old"},
    "renameDeck": lambda w: {"deck": "MCP::Old", "newName": "MCP::Renamed"},
    "deleteDecks": lambda w: {"decks": ["MCP::Old"], "cardsToo": True},
    "createFilteredDeck": lambda w: {"name": "MCP review", "search": "deck:MCP"},
    "modelNames": lambda w: {},
    "modelFieldNames": lambda w: {"modelName": "Basic"},
    "createModel": lambda w: {"modelName": "MCP type", "inOrderFields": ["Word", "Meaning"],
                              "cardTemplates": [{"Name": "Card 1", "Front": "{{Word}}",
                                                 "Back": "{{FrontSide}}<hr id=answer>{{Meaning}}"}]},
    "storeMediaFile": lambda w: {"filename": "mcp-new.txt", "data": base64.b64encode(b"new").decode()},
    "retrieveMediaFile": lambda w: {"filename": "mcp.txt"},
    "getMediaFilesNames": lambda w: {"pattern": "mcp*"},
    "getNumCardsReviewedByDay": lambda w: {},
    "getReviewsOfCards": lambda w: {"cards": w.cards[:1]},
    "getChanges": lambda w: {"since": None},
}
# Tested on their own below: the sync needs a sync server, the browser Anki's window.
SYNC, BROWSE = "sync", "guiBrowse"


def curated_tools(server) -> Dict[str, Any]:
    async def body(client):
        return {tool.name: tool for tool in (await client.list_tools()).tools}
    return with_client(server, body)


def call_with_use(server, name, arguments):
    async def body(client):
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        return tools[name], await client.call_tool(name, arguments)
    tool, result = with_client(server, body)
    assert result.is_error is False, result.content[0].text
    assert json.loads(result.content[0].text) == result.structured_content
    if tool.output_schema is not None:
        jsonschema.Draft202012Validator(tool.output_schema).validate(result.structured_content)
    return result.structured_content["result"]


def test_every_curated_tool_has_a_use_here(server):
    missing = set(curated_tools(server)) - set(USES) - {SYNC, BROWSE, "runAction"}
    assert missing == set()


@pytest.mark.parametrize("name", sorted(USES))
def test_the_curated_tool_does_its_work(server, col, world, name):
    if name not in curated_tools(server):
        pytest.skip(f"{name} is not offered by this host")
    result = call_with_use(server, name, USES[name](world))
    check = CHECKS.get(name)
    if check is not None:
        check(col, world, result)


CHECKS: Dict[str, Callable[[Any, World, Any], None]] = {
    "findNotes": lambda col, w, result: _equal(sorted(result), sorted(w.notes)),
    "notesInfo": lambda col, w, result: _equal([n["noteId"] for n in result], w.notes),
    "addNote": lambda col, w, result: _equal(col.get_note(result)["Front"], "pear"),
    "addNotes": lambda col, w, result: _equal([col.get_note(n)["Front"] for n in result], ["pear", "plum"]),
    "updateNoteFields": lambda col, w, result: _equal(col.get_note(w.notes[0])["Back"], "der Apfel"),
    "deleteNotes": lambda col, w, result: _equal(col.find_notes(f"nid:{w.notes[1]}"), []),
    "addTags": lambda col, w, result: _equal(col.get_note(w.notes[0]).tags, ["fruit", "red"]),
    "replaceTags": lambda col, w, result: _equal(col.get_note(w.notes[1]).tags, ["food"]),
    "findDuplicates": lambda col, w, result: _equal([len(group["notes"]) for group in result], [2]),
    "suspend": lambda col, w, result: _equal(col.get_card(w.cards[0]).queue, -1),
    "createDeck": lambda col, w, result: _equal(col.decks.id_for_name("MCP::New"), result),
    "renameDeck": lambda col, w, result: _equal(result, "MCP::Renamed"),
    "createModel": lambda col, w, result: _equal(col.models.by_name("MCP type")["id"], result["id"]),
    "storeMediaFile": lambda col, w, result: _equal(result, "mcp-new.txt"),
    "retrieveMediaFile": lambda col, w, result: _equal(base64.b64decode(result), b"hello"),
}


def _equal(actual, expected):
    assert actual == expected


def test_the_curated_browser_tool_shows_the_cards_in_anki_s_window(server, col, world, gui):
    from aqt import dialogs

    shown = call_with_use(server, BROWSE, {"query": "deck:MCP"})
    assert sorted(shown) == sorted(col.find_cards("deck:MCP"))
    assert dialogs._dialogs["Browser"][1] is not None  # open; the gui fixture closes it


# sync, against Anki's own sync server -----------------------------------------------------------

@pytest.fixture
def sync_server(tmp_path):
    server = SyncServer(tmp_path / "sync-server")
    yield server
    server.stop()


def test_the_sync_tool_syncs_headless(server, client, col, sync_server):
    if server.name != "headless":
        pytest.skip("in Anki, the sync action is tested with Anki's own login (tests/actions)")
    server.set_config(syncEndpoint=sync_server.endpoint, syncUser=SYNC_USER, syncPassword=SYNC_PASSWORD)
    assert call_with_use(server, SYNC, {"fullSync": "upload"}) is None  # a new collection: a full sync first
    add_note(col, {"Front": "synced by an agent", "Back": ""})
    assert call_with_use(server, SYNC, {}) is None
    assert sync_server.note_fields() == ["synced by an agent\x1f"]
