"""guiBrowse, guiSelectCard, guiSelectNote, guiSelectedNotes against the real browser."""

from __future__ import annotations

import sys
import time

import pytest
from doc_examples import check_example
from gui_helpers import add_basic_notes, dialog

WAIT_MS = 10000
DOCUMENTED_IDS = [1494723142483, 1494703460437, 1494703479525]  # the ids in the docs' examples


def browser_rows(browser):
    """The card ids of the browser's rows, in table order."""
    model = browser.table._model
    return [model.get_card_ids([model.index(row, 0)])[0] for row in range(browser.table.len())]


@pytest.fixture
def three_cards(col):
    add_basic_notes(col, ["apple", "banana", "cherry"])
    return list(col.find_cards("deck:current"))


def test_documented_example_returns_the_cards_found(client, col, gui, three_cards):
    check_example(client, "gui", "guiBrowse", dict(zip(DOCUMENTED_IDS, three_cards)))


def test_guiBrowse_opens_the_browser_and_searches_for_the_query(client, col, gui, qtbot, three_cards):
    add_basic_notes(col, ["other"], deck_name="Elsewhere")

    reply = client.call("guiBrowse", query="deck:current")

    assert reply == {"result": three_cards, "error": None}
    browser = dialog("Browser")
    assert browser is not None and browser.isVisible()
    qtbot.waitUntil(lambda: browser.current_search() == "deck:current"
                    and sorted(browser_rows(browser)) == sorted(three_cards), timeout=WAIT_MS)


def test_guiBrowse_searches_in_a_browser_that_is_already_open(client, col, gui, qtbot, three_cards):
    client.result("guiBrowse", query="apple")
    browser = dialog("Browser")
    qtbot.waitUntil(lambda: browser.table.len() == 1, timeout=WAIT_MS)

    assert client.result("guiBrowse", query="deck:current") == three_cards

    assert dialog("Browser") is browser
    qtbot.waitUntil(lambda: browser.current_search() == "deck:current" and browser.table.len() == 3,
                    timeout=WAIT_MS)


def test_guiBrowse_shows_the_query_as_anki_normalises_it(client, col, gui, qtbot, three_cards):
    client.result("guiBrowse", query="front:apple   OR  front:banana")

    browser = dialog("Browser")
    qtbot.waitUntil(lambda: browser.current_search() == "front:apple OR front:banana", timeout=WAIT_MS)
    assert browser.table.len() == 2


def test_guiBrowse_without_query_opens_the_browser_and_returns_nothing(client, col, gui, three_cards):
    assert client.call("guiBrowse") == {"result": [], "error": None}
    assert dialog("Browser") is not None


def test_guiBrowse_with_a_bad_query_answers_ankis_error_and_opens_nothing(client, col, gui):
    with pytest.raises(Exception) as anki_error:
        col.find_cards("(")

    assert client.call("guiBrowse", query="(") == {"result": None, "error": str(anki_error.value)}
    assert dialog("Browser") is None


@pytest.mark.parametrize("order, rows", [("ascending", ["apple", "banana", "cherry"]),
                                         ("descending", ["cherry", "banana", "apple"])])
def test_guiBrowse_sorts_the_table_by_a_visible_column(client, col, gui, qtbot, three_cards, order, rows):
    reply = client.call("guiBrowse", query="deck:current",
                        reorderCards={"order": order, "columnId": "noteFld"})

    assert reply == {"result": three_cards, "error": None}
    browser = dialog("Browser")
    fronts = lambda: [col.get_card(cid).note()["Front"] for cid in browser_rows(browser)]  # noqa: E731
    qtbot.waitUntil(lambda: fronts() == rows, timeout=WAIT_MS)
    assert browser.table._state.sort_column == "noteFld"
    assert browser.table._state.sort_backwards == (order == "descending")


def test_guiBrowse_sorts_ascending_when_asked_even_where_anki_starts_descending(client, col, gui, qtbot,
                                                                               three_cards):
    client.result("guiBrowse", query="deck:current",
                  reorderCards={"order": "descending", "columnId": "noteFld"})
    browser = dialog("Browser")
    qtbot.waitUntil(lambda: browser.table._state.sort_column == "noteFld", timeout=WAIT_MS)

    # Anki sorts a newly chosen card-type column descending first.
    client.result("guiBrowse", query="deck:current",
                  reorderCards={"order": "ascending", "columnId": "template"})

    qtbot.waitUntil(lambda: browser.table._state.sort_column == "template", timeout=WAIT_MS)
    assert browser.table._state.sort_backwards is False


def test_guiBrowse_on_a_column_that_cannot_sort_shows_a_tooltip_and_returns_the_cards(
        client, col, gui, qtbot, three_cards):
    client.result("guiBrowse")
    browser = dialog("Browser")
    browser.table._on_column_toggled(True, "question")
    try:
        sort_before = browser.table._state.sort_column

        reply = client.call("guiBrowse", query="deck:current",
                            reorderCards={"order": "ascending", "columnId": "question"})

        assert reply == {"result": three_cards, "error": None}
        qtbot.waitUntil(lambda: browser.table.len() == 3, timeout=WAIT_MS)
        assert browser.table._state.sort_column == sort_before
    finally:
        browser.table._on_column_toggled(False, "question")


@pytest.mark.parametrize("reorder, error", [
    ("noteFld", "reorderCards should be a dict: noteFld"),
    ([1], "reorderCards should be a dict: [1]"),
    ({"order": "ascending"}, 'Must provide a "columnId" and a "order" property"'),
    ({"columnId": "noteFld"}, 'Must provide a "columnId" and a "order" property"'),
    ({"order": "sideways", "columnId": "noteFld"}, "invalid card order: sideways"),
])
def test_guiBrowse_refuses_a_malformed_reorderCards_before_opening_the_browser(client, col, gui, reorder,
                                                                              error):
    reply = client.call("guiBrowse", query="deck:current", reorderCards=reorder)

    assert reply == {"result": None, "error": error}
    assert dialog("Browser") is None


def test_guiBrowse_refuses_a_column_the_browser_does_not_show(client, col, gui, qtbot, three_cards):
    reply = client.call("guiBrowse", query="deck:current",
                        reorderCards={"order": "ascending", "columnId": "noteTags"})

    assert reply == {"result": None, "error": "invalid columnId: noteTags"}
    browser = dialog("Browser")
    qtbot.wait(100)
    assert browser.current_search() != "deck:current"  # refused before searching


def test_guiBrowse_with_unknown_param_is_a_python_style_error(client, gui):
    assert client.call("guiBrowse", foobar=1) == {
        "result": None, "error": "guiBrowse() got an unexpected keyword argument 'foobar'"}


# guiSelectCard / guiSelectNote -------------------------------------------------

def test_guiSelectCard_documented_example(client, col, gui, qtbot, three_cards):
    client.result("guiBrowse", query="deck:current")
    check_example(client, "gui", "guiSelectCard", {1494723142483: three_cards[1]})
    browser = dialog("Browser")
    qtbot.waitUntil(lambda: list(browser.selected_cards()) == [three_cards[1]], timeout=WAIT_MS)


def test_guiSelectCard_selects_after_the_search_that_guiBrowse_started(client, col, gui, qtbot, three_cards):
    client.result("guiBrowse", query="front:apple")
    reply = client.call("multi", actions=[
        {"action": "guiBrowse", "version": 6, "params": {"query": "deck:current"}},
        {"action": "guiSelectCard", "version": 6, "params": {"card": three_cards[2]}},
        {"action": "guiSelectedNotes", "version": 6},
    ])

    nid = col.get_card(three_cards[2]).nid
    assert reply == {"result": [{"result": three_cards, "error": None}, {"result": True, "error": None},
                                {"result": [nid], "error": None}], "error": None}
    browser = dialog("Browser")
    assert browser.table.len() == 3
    assert list(browser.selected_cards()) == [three_cards[2]]
    qtbot.waitUntil(lambda: browser.editor.note is not None and browser.editor.note.id == nid,
                    timeout=WAIT_MS)


def test_guiSelectCard_without_an_open_browser_is_false(client, col, gui, three_cards):
    assert client.call("guiSelectCard", card=three_cards[0]) == {"result": False, "error": None}
    assert dialog("Browser") is None


def test_guiSelectCard_of_something_that_is_not_a_card_id_is_an_error(client, col, gui, three_cards):
    # It answered true, selecting nothing (false without a browser, as upstream).
    client.result("guiBrowse", query="deck:current")
    assert client.call("guiSelectCard", card={"id": three_cards[0]}) == {
        "result": None, "error": f'card must be a card id (an integer), not {{"id": {three_cards[0]}}}'}
    assert client.call("guiSelectNote", note=[three_cards[0]]) == {
        "result": None, "error": f"note must be a card id (an integer), not [{three_cards[0]}]"}


def test_guiSelectNote_is_the_deprecated_name_of_guiSelectCard(client, col, gui, qtbot, three_cards):
    client.result("guiBrowse", query="deck:current")

    check_example(client, "gui", "guiSelectNote", {1494723142483: three_cards[0]})

    browser = dialog("Browser")
    qtbot.waitUntil(lambda: list(browser.selected_cards()) == [three_cards[0]], timeout=WAIT_MS)


def test_guiSelectNote_without_an_open_browser_is_false(client, gui):
    assert client.call("guiSelectNote", note=1) == {"result": False, "error": None}


# guiSelectedNotes --------------------------------------------------------------

def test_guiSelectedNotes_documented_example(client, col, gui, qtbot, three_cards):
    client.result("guiBrowse", query="deck:current",
                  reorderCards={"order": "ascending", "columnId": "noteFld"})
    browser = dialog("Browser")
    qtbot.waitUntil(lambda: browser.table.len() == 3 and browser.table._state.sort_column == "noteFld",
                    timeout=WAIT_MS)
    browser.table.select_all()
    nids = [col.get_card(cid).nid for cid in browser_rows(browser)]

    check_example(client, "gui", "guiSelectedNotes", dict(zip(DOCUMENTED_IDS, nids)))


def test_guiSelectedNotes_without_an_open_browser_is_empty(client, gui):
    assert client.call("guiSelectedNotes") == {"result": [], "error": None}


def test_guiSelectedNotes_lists_a_note_once_when_several_of_its_cards_are_selected(client, col, gui, qtbot):
    note = col.new_note(col.models.by_name("Basic (and reversed card)"))
    note["Front"], note["Back"] = "front", "back"
    col.add_note(note, 1)
    client.result("guiBrowse", query=f"nid:{note.id}")
    browser = dialog("Browser")
    qtbot.waitUntil(lambda: browser.table.len() == 2, timeout=WAIT_MS)
    browser.table.select_all()

    assert client.call("guiSelectedNotes") == {"result": [note.id], "error": None}


@pytest.fixture
def browser_with_experimental_editor(client, col, gui, monkeypatch, three_cards):
    """The browser on "front:apple", with Anki 26's experimental editor switched on."""
    try:
        from anki.collection import ExperimentFlag
    except ImportError:
        pytest.skip("this Anki has no experimental editor")
    monkeypatch.setattr(col, "_experiments", {**col._experiments, str(ExperimentFlag.SVELTE_EDITOR): True})
    client.result("guiBrowse", query="front:apple")
    browser = dialog("Browser")
    assert type(browser.editor).__name__ == "NewEditor"
    return browser


def test_a_change_does_not_wait_for_an_experimental_editor_still_loading(
        anki, client, col, qtbot, three_cards, browser_with_experimental_editor, monkeypatch):
    browser = browser_with_experimental_editor
    assert not browser.editor._ready  # its page is still loading: it would ignore a request to save
    # An editor asked to save gets this long; asking this one would wait it out.
    monkeypatch.setattr(sys.modules[f"{anki.addon_module}.core.service"], "TYPING_SAVE_TIMEOUT", 60)
    started = time.monotonic()
    client.result("addTags", notes=[col.get_card(three_cards[0]).nid], tags="tagged")
    assert time.monotonic() - started < 30
    assert col.get_card(three_cards[0]).note().tags == ["tagged"]
    # Closing the browser saves the editor first, which this editor only does once ready.
    qtbot.waitUntil(lambda: browser.editor._ready, timeout=WAIT_MS)


def test_the_browser_actions_work_with_anki_26s_experimental_editor(client, col, qtbot, three_cards,
                                                                     browser_with_experimental_editor):
    browser = browser_with_experimental_editor
    # Before its page is ready, this editor drops save requests (Anki's own included).
    qtbot.waitUntil(lambda: browser.table.len() == 1 and browser.editor._ready, timeout=WAIT_MS)

    reply = client.call("multi", actions=[
        {"action": "guiBrowse", "version": 6, "params": {"query": "deck:current"}},
        {"action": "guiSelectCard", "version": 6, "params": {"card": three_cards[1]}},
        {"action": "guiSelectedNotes", "version": 6},
    ])

    assert reply["result"][2] == {"result": [col.get_card(three_cards[1]).nid], "error": None}
    assert browser.current_search() == "deck:current" and browser.table.len() == 3
