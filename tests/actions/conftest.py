"""Fixtures of the action groups' tests (tests/conftest.py has the suite's own:
``client``, ``col``, ``anki``...). Helpers that are plain functions live in
tests/helpers/<group>_helpers.py."""

from __future__ import annotations

import warnings
from typing import Any, Iterator

import pytest
from gui_helpers import describe, return_to_deck_list, visible_windows


@pytest.fixture
def gui(anki: Any, col: Any) -> Iterator[Any]:
    """Anki's main window, returned to the deck list with every window closed afterwards.

    The session's Anki is shared by every test, so after each test that uses
    ``gui`` every window Anki's dialog manager knows is closed, the main window
    is back on the deck list, and no other window the test opened may still be
    shown. Windows that earlier tests (of any group) left open are closed, with
    a warning, before the test starts.

    Depends on ``col``, so windows close before the test's notes are removed.
    """
    mw = anki.mw
    return_to_deck_list(anki)  # whatever tests of other groups left
    strays = [w for w in visible_windows() if w is not mw]
    if strays:
        # Not this test's doing: say so, and start clean rather than fail every test after it.
        warnings.warn(f"an earlier test left windows open: {describe(strays)}", stacklevel=1)
        for window in strays:
            window.close()
    yield mw
    return_to_deck_list(anki)
    leftovers = [w for w in visible_windows() if w is not mw]
    for window in leftovers:
        window.close()
    assert leftovers == [], f"the test left windows open: {describe(leftovers)}"


@pytest.fixture
def deck_follows_note_type(col: Any) -> Iterator[None]:
    """Anki's preference "change deck depending on note type", on for the test."""
    from anki.config import Config

    before = col.get_config_bool(Config.Bool.ADDING_DEFAULTS_TO_CURRENT_DECK)
    col.set_config_bool(Config.Bool.ADDING_DEFAULTS_TO_CURRENT_DECK, False)
    yield
    col.set_config_bool(Config.Bool.ADDING_DEFAULTS_TO_CURRENT_DECK, before)
