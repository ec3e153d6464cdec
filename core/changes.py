"""One undo step and one GUI refresh per request.

An action that changes the collection declares a keyword-only ``changes``
parameter and wraps its work in ``changes.undo_step(label)``: everything Anki
records in between becomes one entry in Edit > Undo, named ``label``. Changes
made by single collection operations outside a step are handed to
``changes.record()``. When the request (``multi`` included) is done, Anki's
windows are told once what changed, as after Anki's own operations.

Open the step after validating input, so a refused request leaves no empty
undo entry behind.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator, List, Optional


class Changes:
    def __init__(self, collection: Callable[[], Any]):
        self._collection = collection
        self._recorded: List[Any] = []

    @contextmanager
    def undo_step(self, label: str) -> Iterator[Any]:
        """Merge every undoable change made inside into one undo entry.

        Yields the collection. The entry is closed even when the block raises,
        so what was done before the error can be undone in one go (unless the
        error came from a backend op: Anki then clears its whole undo queue).
        """
        col = self._collection()
        start = col.add_custom_undo_entry(label)
        try:
            yield col
        except BaseException:
            try:
                self.record(col.merge_undo_entries(start))
            except Exception:
                # A failed backend op empties Anki's undo queue, our entry with
                # it; the op's own error is the one to report.
                pass
            raise
        self.record(col.merge_undo_entries(start))

    def record(self, result: Any) -> None:
        """Note the OpChanges (or a result with ``.changes``) of an operation."""
        changes = getattr(result, "changes", result)
        if changes is not None:
            self._recorded.append(changes)

    def merged(self) -> Optional[Any]:
        """Everything recorded, as one OpChanges; None if nothing was."""
        return merge_op_changes(self._recorded) if self._recorded else None


def merge_op_changes(all_changes: List[Any]) -> Any:
    """One OpChanges saying everything the given ones say."""
    if len(all_changes) == 1:
        return all_changes[0]
    from anki.collection import OpChanges

    merged = OpChanges()
    for field in OpChanges.DESCRIPTOR.fields:
        if field.name != "kind" and any(getattr(c, field.name) for c in all_changes):
            setattr(merged, field.name, True)
    return merged
