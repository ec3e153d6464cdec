"""Note searches."""

from __future__ import annotations

from typing import Any, List


def find_notes(col: Any, query: str) -> List[int]:
    """The ids of the notes matching an Anki search, as Anki finds them."""
    return list(col.find_notes(query))
