"""The change feed: ``getChanges`` tells a client what changed in the collection since
it last asked, exactly and cheaply, instead of a poll and a diff of everything.

Served also as ``GET /changes``, a stream of server-sent events (declared
with ``event_stream="changes"``; core/faces/events.py streams it). The
model, the cursor and its exactness are in docs/changes.md; the pieces:
cursor.py (the cursor), journal.py (what the collection cannot tell later,
kept beside it), feed.py (watching the collection and catching up),
reply.py (the reply).
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from ...core.plugin_api import ActionError, Host, hookimpl, json_type
from ..shared.schemas import documented, schema
from .feed import feed_is_open, feed_of, read_state
from .journal import journal_path
from .reply import changes_since, has_news, starting_point
from .schemas import CHANGES, DEFAULT_LIMIT, GET_CHANGES_PARAMS, MAX_LIMIT, MAX_WAIT


@schema(params=GET_CHANGES_PARAMS, result=CHANGES)
def getChanges(since: Optional[str] = None, wait: float = 0, limit: int = DEFAULT_LIMIT, *,
               col: Any, host: Host) -> Dict[str, Any]:
    """What changed in the collection since the cursor since: notes, cards,
    decks and note types added, modified or deleted, media files added or
    deleted, and the number of reviews, with a new cursor. since null
    answers the present cursor (the starting point) and empty lists.

    Every change counts, whoever made it: this API, Anki's windows, other
    add-ons, a sync. reset true: the changes since that cursor cannot be
    listed exactly; re-read what you keep. With wait, the reply comes as
    soon as something changed, or empty after that many seconds.
    """
    wait = _seconds(wait)
    limit = _whole_number("limit", limit, 1, MAX_LIMIT)
    feed = feed_of(col)
    if feed is None:
        raise ActionError("this collection has no file to keep a change feed beside")
    if since is None:
        return starting_point(col, feed)
    reply = changes_since(col, feed, since, limit)
    if wait and not has_news(reply) and not host.wait_over:
        return host.wait_for_change(wait)
    return reply


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_WAIT:
        shown = value if isinstance(value, (int, float)) and not isinstance(value, bool) else json_type(value)
        raise ActionError(f"wait should be a number of seconds from 0 to {MAX_WAIT}, not {shown}")
    return value


def _whole_number(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        shown = value if isinstance(value, (int, float)) and not isinstance(value, bool) else json_type(value)
        raise ActionError(f"{name} should be a whole number from {low:,} to {high:,}, not {shown}")
    return value


@hookimpl
def collection_did_change(col: Any) -> None:
    """Watch every change for rewinds and full syncs once the feed is in use
    (its journal exists): a client's cursor may be out there."""
    path = getattr(col, "path", None)
    if not path or not (feed_is_open(path) or journal_path(path).exists()):
        return
    feed = feed_of(col)
    if feed is not None:
        feed.watch(col, read_state(col))


@hookimpl
def register_actions(register):
    register = documented(register, "changes")
    register(getChanges, event_stream="changes")
