"""Switching Anki to another profile for ``loadProfile``, after the request is answered.

The switch starts on a later turn of Qt's loop, so the request (and anything
after it in the same ``multi``) is answered from the profile it was sent to.
Anki then closes the profile as its File > Switch Profile does (which stops
the server, see core/in_anki/runtime.py), skips the profile list, and opens the
new profile (which starts the server again on the same address).

Requests that arrive meanwhile get their reply from the old profile, or
``collection is not available``, or find the port closed until the new
profile is open; none runs in a profile it was not sent to.
"""

from __future__ import annotations

from typing import Any, Optional


class ProfileSwitch:
    """At most one switch under way; until it starts, the last profile asked for wins."""

    def __init__(self) -> None:
        self._target: Optional[str] = None

    def request(self, mw: Any, name: str) -> None:
        """Switch to profile name soon (on the main thread)."""
        if self._target is None:
            if name == mw.pm.name:
                return
            # single_shot waits while Anki shows a progress window (a sync, an import).
            mw.progress.single_shot(0, lambda: self._unload(mw), False)
        self._target = name

    def _unload(self, mw: Any) -> None:
        # Closing the profile stops the server, so no request can change the
        # target from here on; forget it now in case a window refuses to close.
        name, self._target = self._target, None
        if name is None or name == mw.pm.name:
            return
        mw.unloadProfile(lambda: _load(mw, name))


def _load(mw: Any, name: str) -> None:
    mw.pm.load(name)
    mw.loadProfile()  # shows the profile list instead if the collection cannot be opened
