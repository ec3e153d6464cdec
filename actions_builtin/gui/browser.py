"""The card browser: guiBrowse, guiSelectCard, guiSelectNote, guiSelectedNotes."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any, Dict, List, Optional

from ...core.plugin_api import ActionError, Host, get_logger
from ..shared.ids import card_id
from ..shared.schemas import (
    BOOLEAN,
    CARD_ID,
    CARD_IDS,
    NO_PARAMS,
    NOTE_IDS,
    SEARCH,
    STRING,
    described,
    nullable,
    obj,
    params,
    schema,
)
from .windows import after_editor_saved, dialogs, open_window

log = get_logger(__name__)

#: How long a reply waits for the browser's editor to save (seconds).
PENDING_WORK_TIMEOUT = 5


_REORDER = obj({
    "order": {"enum": ["ascending", "descending"]},
    "columnId": described(STRING, 'The key of a column the browser shows ("noteFld", "cardDue", "deck"...).'),
}, required=["order", "columnId"], closed=False, description="How to sort the browser's table.")


@schema(params=params(query=nullable(SEARCH, "What to search for (default null: open the browser as it is)."),
                      reorderCards=nullable(_REORDER)),
        result=described(CARD_IDS, "The cards found, in findCards' order; [] without query."))
def guiBrowse(query: Optional[str] = None, reorderCards: Optional[Dict[str, Any]] = None,
              *, col: Any, mw: Any) -> List[int]:
    """Open the card browser, search for query and return the ids of the cards found.

    ``reorderCards`` (``{"order": "ascending"|"descending", "columnId": key}``)
    sorts the browser's table by one of its visible columns.
    """
    order = _sort_order(reorderCards)
    cards = [] if query is None else list(col.find_cards(query))  # a bad query fails here
    already_open = open_window("Browser") is not None
    browser = dialogs().open("Browser", mw)
    browser.activateWindow()
    column = None if order is None else _visible_column(browser, reorderCards["columnId"])
    search = None if query is None else col.build_search_string(query)

    def search_and_sort() -> None:
        if column is not None:
            _sort(browser.table, column, descending=order == "descending")
        if search is not None:
            browser.search_for(search)
            browser.update_history()

    if already_open:
        after_editor_saved(browser, search_and_sort)
    else:
        search_and_sort()  # nothing typed in a browser that has just opened
    return cards


def _sort_order(reorderCards: Any) -> Optional[str]:
    if reorderCards is None:
        return None
    if not isinstance(reorderCards, dict):
        raise ActionError(f"reorderCards should be a dict: {reorderCards}")
    if "columnId" not in reorderCards or "order" not in reorderCards:
        raise ActionError('Must provide a "columnId" and a "order" property"')  # sic, as upstream
    order = reorderCards["order"]
    if order not in ("ascending", "descending"):
        raise ActionError(f"invalid card order: {order}")
    return order


def _visible_column(browser: Any, column_id: Any) -> str:
    """column_id, if the browser shows that column; only shown columns can sort."""
    if browser.table._model.active_column_index(column_id) is None:
        raise ActionError(f"invalid columnId: {column_id}")
    return column_id


def _sort(table: Any, column_id: str, *, descending: bool) -> None:
    from aqt.browser.table import Columns
    from aqt.qt import Qt
    from aqt.utils import tooltip, tr

    section = table._model.active_column_index(column_id)
    if section is None:  # the user hid it meanwhile
        return
    column = table._model.column_at_section(section)
    sorting = column.sorting_notes if table.is_notes_mode() else column.sorting_cards
    if sorting is Columns.SORTING_NONE:
        # Anki says so in a modal box; a tooltip keeps the server running.
        tooltip(tr.browsing_sorting_on_this_column_is_not(), parent=table.browser)
        return
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    table._on_sort_column_changed(section, order)
    if table._state.sort_backwards != descending:
        # A newly chosen numeric column starts descending; a second call reverses it.
        table._on_sort_column_changed(section, order)


_SELECTED = described(BOOLEAN, "false if the browser is not open.")


@schema(params=params(card=CARD_ID, required=["card"]), result=_SELECTED)
def guiSelectCard(card: int, *, mw: Any) -> bool:
    """Select one card in the open browser; false when the browser is not open.

    The selection follows any search guiBrowse started before.
    """
    card = card_id(card)
    browser = open_window("Browser")
    if browser is None:
        return False

    def select() -> None:
        browser.table.clear_selection()
        browser.table.select_single_card(card)

    after_editor_saved(browser, select)
    return True


@schema(params=params(note=described(CARD_ID, "A card id, despite the name."), required=["note"]),
        result=_SELECTED)
def guiSelectNote(note: int, *, mw: Any) -> bool:
    """Deprecated name of guiSelectCard: ``note`` is a card id."""
    log.warning("guiSelectNote actually selects card IDs and is deprecated; use guiSelectCard")
    return guiSelectCard(card_id(note, "note"), mw=mw)


@schema(params=NO_PARAMS, result=described(NOTE_IDS, "In the table's order; [] if the browser is not open."))
def guiSelectedNotes(*, mw: Any, host: Host) -> Any:
    """The ids of the notes selected in the open browser; [] when it is not open.

    Answered after a search or selection that guiBrowse or guiSelectCard
    started has happened.
    """
    browser = open_window("Browser")
    if browser is None:
        return []
    selected: Future = Future()
    after_editor_saved(browser, lambda: selected.set_result(_selected_notes(browser)))
    return host.defer(selected, timeout=PENDING_WORK_TIMEOUT, timeout_result=_selected_notes(browser))


def _selected_notes(browser: Any) -> List[int]:
    return [int(nid) for nid in browser.selected_notes()]
