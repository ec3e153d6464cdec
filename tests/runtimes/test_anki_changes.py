"""The change feed across Anki's profile closing and opening again: cursors stay good, waits end."""

from __future__ import annotations

import time

from changes_helpers import FeedReader, nothing
from notes_helpers import note_object
from support import http_request


def reopen_profile(anki):
    """Close the session's profile and open it again, as File > Switch Profile would."""
    mw = anki.mw
    mw.unloadProfile(lambda: (mw.pm.load("test"), mw.loadProfile()))
    anki.waiter.wait_until(lambda: mw.col is not None and anki.runtime.url is not None, timeout=60)


def test_a_cursor_read_before_the_profile_closed_still_works_after_it_opens(client, col, anki):
    gone = client.result("addNote", note=note_object("deleted across the reopening"))
    (gone_card,) = col.find_cards(f"nid:{gone}")
    reader = FeedReader(client, col)
    client.result("deleteNotes", notes=[gone])
    added = client.result("addNote", note=note_object("added across the reopening"))
    (added_card,) = col.find_cards(f"nid:{added}")
    reopen_profile(anki)
    assert reader.read() == nothing(notes={"changed": [added], "deleted": [gone]},
                                    cards={"changed": [added_card], "deleted": [gone_card]})
    assert reader.read() == nothing()


def test_closing_the_profile_answers_a_waiting_getChanges_at_once(client, col, anki):
    reader = FeedReader(client, col)
    answered = []
    body = {"action": "getChanges", "version": 6, "params": {"since": reader.cursor, "wait": 60}}
    waiting = anki.waiter.submit(lambda: (http_request(anki.port, body).json(),
                                          answered.append(time.monotonic())))
    anki.waiter.wait_until(lambda: anki.runtime.api.service.waiting == 1)
    closing = time.monotonic()
    reopen_profile(anki)
    anki.waiter.wait_until(waiting.done, timeout=10)
    reply, _ = waiting.result()
    assert reply == {"result": None, "error": "collection is not available"}
    assert answered[0] - closing < 5
    assert anki.runtime.api.service.waiting == 0
    assert client.result("getChanges", since=reader.cursor)["reset"] is False
