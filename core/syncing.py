"""What the two hosts' syncs share: the texts clients see and how the server's answer is read.

Inside Anki the sync runs behind Anki's progress window (core/in_anki/sync.py);
headless it runs on the collection's thread (core/headless/sync.py). Both
refuse to choose a full sync's direction on the user's behalf.
"""

from __future__ import annotations

from typing import Any, Optional

# Upstream's text, word for word: clients may match on it.
FULL_SYNC_REQUIRED = (
    "Sync status {} not one of [0, 1] - see SyncCollectionResponse.ChangesRequired for list of "
    "sync statuses: https://github.com/ankitects/anki/blob/e41c4573d789afe8b020fab5d9d1eede50c3fa3d"
    "/proto/anki/sync.proto#L57-L65"
)
AUTH_NOT_CONFIGURED = "sync: auth not configured"


def full_sync_required(out: Any) -> Optional[str]:
    """Upstream's error text when the server says only a full sync can go on; None otherwise."""
    if out.required in (out.NO_CHANGES, out.NORMAL_SYNC):
        return None
    return FULL_SYNC_REQUIRED.format(out.required)
