"""What the two hosts' syncs share: the texts clients see and how the server's answer is read.

Inside Anki the sync runs behind Anki's progress window (core/in_anki/sync.py);
headless it runs on the collection's thread (core/headless/sync.py). Both
refuse to choose a full sync's direction on the user's behalf, and both say
what happened and which direction fits.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

# Upstream's text, word for word: clients may match on it. What we add follows it.
FULL_SYNC_REQUIRED = (
    "Sync status {} not one of [0, 1] - see SyncCollectionResponse.ChangesRequired for list of "
    "sync statuses: https://github.com/ankitects/anki/blob/e41c4573d789afe8b020fab5d9d1eede50c3fa3d"
    "/proto/anki/sync.proto#L57-L65"
)
AUTH_NOT_CONFIGURED = "sync: auth not configured"

# SyncCollectionResponse.ChangesRequired: 2 FULL_SYNC, 3 FULL_DOWNLOAD, 4 FULL_UPLOAD.
FULL_SYNC, FULL_DOWNLOAD, FULL_UPLOAD = 2, 3, 4
WHAT_HAPPENED: Dict[int, str] = {
    FULL_SYNC: ". Only a full sync can go on: this collection and the server's have changes a normal "
               "sync cannot merge (or were never synced together), so one must replace the other",
    FULL_DOWNLOAD: ". Only a full sync can go on: this collection is empty, so it can only download "
                   "the server's",
    FULL_UPLOAD: ". Only a full sync can go on: the server has no collection yet, so this one can only "
                 "be uploaded",
}
# Unicode marks that Anki's translations put around values (Fluent's isolation marks):
# invisible in a terminal or a log, they only get in the way of reading and matching.
_ISOLATION_MARKS = re.compile("[\u2066\u2067\u2068\u2069]")


def full_sync_status(out: Any) -> Optional[int]:
    """The server's ChangesRequired when only a full sync can go on; None otherwise."""
    if out.required in (out.NO_CHANGES, out.NORMAL_SYNC):
        return None
    return int(out.required)


def full_sync_required(status: int) -> str:
    """Upstream's error text for that status, then what it means."""
    return FULL_SYNC_REQUIRED.format(status) + WHAT_HAPPENED.get(status, "")


def sync_error(exc: BaseException, endpoint: Optional[str]) -> str:
    """The text of a sync's failure: Anki's words without invisible marks, and for a
    network error which server could not be reached.

    :param endpoint: the sync server's URL; None means AnkiWeb.
    """
    text = _ISOLATION_MARKS.sub("", str(exc))
    if _is_network_error(exc):
        where = f"the sync server at {endpoint}" if endpoint else "AnkiWeb"
        text += f" ({where} could not be reached: check the address and that the server runs)"
    return text


def _is_network_error(exc: BaseException) -> bool:
    try:
        from anki.errors import NetworkError
    except ImportError:  # pragma: no cover - the anki package is there wherever a sync runs
        return False
    return isinstance(exc, NetworkError)
