"""What the served API needs from the program it runs in: the list a runtime implements.

Two runtimes implement it: the add-on inside Anki (core/in_anki/runtime.py),
which has Anki's window, editors and profiles, and the headless server
(core/headless/runtime.py), which has one collection file and no window.
The tests' own runtimes implement it too. What both serve alike (plugins,
settings, the bridge) is not here: core/assembly.py builds it for either.
Every method is called on the thread that owns the collection unless it
says otherwise.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any, Dict, Iterable, List, Optional, Protocol


class OpenEditors(Protocol):
    """The note editors the user has open (Anki's Browser, Edit Current, add-on dialogs).

    An editor holds its note as a Python object that the user's typing
    changes before anything is saved. An action that changes a note open in
    one works on the editor's copy, so neither side's edits are lost.
    """

    def notes(self, note_ids: Iterable[int]) -> Dict[int, Any]:
        """The notes among note_ids that an editor shows, as the editor holds them."""

    def save(self, col: Any, note_ids: Iterable[int]) -> Dict[int, Any]:
        """Save what editors hold of these notes (before a bulk change to them); those notes."""

    def reload(self, note_ids: Iterable[int]) -> None:
        """Make editors that keep their note outside Python show these notes' new content."""


class NoOpenEditors:
    """OpenEditors where nobody edits: a host without windows."""

    def notes(self, note_ids: Iterable[int]) -> Dict[int, Any]:
        return {}

    def save(self, col: Any, note_ids: Iterable[int]) -> Dict[int, Any]:
        return {}

    def reload(self, note_ids: Iterable[int]) -> None:
        pass


class Environment(Protocol):
    """A runtime as the service sees it."""

    def collection(self) -> Any:
        """The open :class:`anki.collection.Collection`.

        :raises ActionError: ``collection is not available`` when none is open.
        """

    def main_window(self) -> Any:
        """Anki's main window, for actions registered with ``gui=True``.

        :raises ActionError: when there is none.
        """

    def require_gui(self, action: str) -> None:
        """Get the window ready for a ``gui=True`` action (show what earlier
        requests changed), or raise ActionError saying it cannot run here."""

    def editors(self) -> OpenEditors:
        """The note editors open now."""

    def profile_name(self) -> Optional[str]:
        """The name of the open profile (``notesInfo`` reports it)."""

    def profile_names(self) -> List[str]:
        """The names of the profiles there are (``getProfiles``)."""

    def switch_profile(self, name: str) -> bool:
        """Switch to the profile called name after the request is answered;
        False if there is none (``loadProfile``)."""

    def ask_permission(self, origin: str) -> Future:
        """Ask the user whether origin may use the API; the Future gives a bool."""

    def refresh(self, changes: Any) -> None:
        """Tell the user interface what a request changed (an OpChanges)."""

    def save_typing(self) -> Optional[Future]:
        """Have open editors pass on the user's latest typing before a change.

        None when there is nothing to wait for; otherwise a Future that is
        done once they have.
        """

    def sync(self, col: Any, full_sync: Optional[str]) -> Future:
        """Start syncing the collection and its media; the Future ends with the
        sync (an ActionError with the reply's text when it failed)."""
