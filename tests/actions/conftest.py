"""Fixtures of the action groups' tests (tests/conftest.py has the suite's own:
``client``, ``col``, ``anki``, ``gui``...). Helpers that are plain functions live in
tests/helpers/<group>_helpers.py."""

from __future__ import annotations

from typing import Any, Iterator

import pytest


@pytest.fixture
def deck_follows_note_type(col: Any) -> Iterator[None]:
    """Anki's preference "change deck depending on note type", on for the test."""
    from anki.config import Config

    before = col.get_config_bool(Config.Bool.ADDING_DEFAULTS_TO_CURRENT_DECK)
    col.set_config_bool(Config.Bool.ADDING_DEFAULTS_TO_CURRENT_DECK, False)
    yield
    col.set_config_bool(Config.Bool.ADDING_DEFAULTS_TO_CURRENT_DECK, before)
