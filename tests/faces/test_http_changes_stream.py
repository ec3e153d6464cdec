"""GET /changes: getChanges as a stream of server-sent events, read as a browser's EventSource reads it."""

from __future__ import annotations

import sys
import time

import pytest
from cards_helpers import add_note
from changes_helpers import EventStreamReader, lists_of, nothing, quiet_second
from notes_helpers import note_object


@pytest.fixture
def open_stream(server, client):  # client: the settings a test changes are put back after it
    """Opens streams (each read on a helper thread, so that Anki's loop turns); closes them after.

    The streams send their comment every half second, not every 15: the
    server notices a client that left at the next one.
    """
    events = faces_module(server, "events")
    events.KEEP_ALIVE_SECONDS = 0.5
    streams = []

    def open_(path="/changes", headers=None):
        stream = server.waiter.run(lambda: EventStreamReader(server.port, path, headers))
        streams.append(stream)
        return stream

    yield open_
    for stream in streams:
        stream.close()
    server.waiter.wait_until(lambda: server.runtime.api.service.waiting == 0, timeout=30)
    events.KEEP_ALIVE_SECONDS = 15


def next_event(server, stream):
    return server.waiter.run(stream.next, timeout=30)


def faces_module(server, name):
    """A module of the add-on as the host loaded it (in Anki, under its numeric folder)."""
    package = type(server.runtime).__module__.split(".core.")[0]
    return sys.modules[f"{package}.core.faces.{name}"]


def test_the_stream_starts_with_the_present_cursor(server, open_stream, col):
    stream = open_stream()
    assert stream.status == 200
    assert stream.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert stream.headers["cache-control"] == "no-cache"
    event = next_event(server, stream)
    assert event == {"event": "changes", "id": event["data"]["cursor"], "data": {
        "cursor": event["id"], "reset": False, "more": False, **nothing()}}


def test_each_change_comes_as_an_event_whose_id_is_the_cursor(server, client, open_stream, col):
    quiet_second(col)
    stream = open_stream()
    first = next_event(server, stream)
    note = client.result("addNote", note=note_object("streamed"))
    event = next_event(server, stream)
    assert (event["event"], event["id"]) == ("changes", event["data"]["cursor"])
    assert event["id"] != first["id"]
    assert lists_of(event["data"]) == nothing(notes={"changed": [note]},
                                              cards={"changed": col.find_cards(f"nid:{note}")})


def test_a_client_that_reconnects_with_last_event_id_loses_nothing(server, client, open_stream, col):
    gone = add_note(col, {"Front": "deleted while away"})
    (gone_card,) = gone.card_ids()
    quiet_second(col)
    stream = open_stream()
    last = next_event(server, stream)["id"]
    stream.close()
    server.waiter.wait_until(lambda: server.runtime.api.service.waiting == 0, timeout=30)
    client.result("deleteNotes", notes=[gone.id])
    added = client.result("addNote", note=note_object("added while away"))
    again = open_stream(headers={"Last-Event-ID": last})
    event = next_event(server, again)
    assert lists_of(event["data"]) == nothing(
        notes={"changed": [added], "deleted": [gone.id]},
        cards={"changed": col.find_cards(f"nid:{added}"), "deleted": [gone_card]})


def test_since_in_the_query_resumes_and_nothing_new_sends_no_event_first(server, client, open_stream, col):
    cursor = client.result("getChanges")["cursor"]
    stream = open_stream(f"/changes?since={cursor}")
    assert next_event(server, stream) == {"comment": "keep-alive"}


def test_a_quiet_stream_sends_a_comment_every_interval(server, open_stream, col):
    stream = open_stream()
    next_event(server, stream)
    started = time.monotonic()
    assert [next_event(server, stream) for _ in range(2)] == [{"comment": "keep-alive"}] * 2
    assert 0.9 < time.monotonic() - started < 3


def test_a_cursor_that_is_none_is_a_bad_request(server, open_stream):
    stream = open_stream("/changes?since=yesterday")
    assert (stream.status, stream.headers["content-type"]) == (400, "application/json")
    assert server.waiter.run(stream.body) == (
        b'{"result": null, "error": "since is not a cursor getChanges answered: \'yesterday\'"}')


@pytest.mark.parametrize("how", ["query", "header", "bearer"])
def test_with_an_api_key_the_stream_takes_it_in_the_query_or_a_header(server, open_stream, how):
    server.set_config(apiKey="secret")
    path, headers = {"query": ("/changes?key=secret", {}), "header": ("/changes", {"X-Api-Key": "secret"}),
                     "bearer": ("/changes", {"Authorization": "Bearer secret"})}[how]
    stream = open_stream(path, headers)
    assert stream.status == 200
    assert next_event(server, stream)["event"] == "changes"


def test_without_the_api_key_the_stream_is_refused(server, open_stream):
    server.set_config(apiKey="secret")
    stream = open_stream("/changes?key=wrong")
    assert stream.status == 403
    assert server.waiter.run(stream.body) == (
        b'{"result": null, "error": "valid api key must be provided (as ?key=, in the X-Api-Key header '
        b'or as Authorization: Bearer)"}')


def test_a_page_the_settings_do_not_trust_is_refused(server, open_stream):
    stream = open_stream(headers={"Origin": "https://evil.example"})
    assert (stream.status, server.waiter.run(stream.body)) == (403, b"")


def test_a_trusted_page_may_read_the_stream(server, open_stream):
    stream = open_stream(headers={"Origin": "http://localhost"})
    assert stream.status == 200
    assert stream.headers["access-control-allow-origin"] == "http://localhost"


def test_a_stream_holds_a_place_among_the_change_waiters(server, client, open_stream):
    server.set_config(changeWaiters=1)
    stream = open_stream()
    next_event(server, stream)
    cursor = client.result("getChanges")["cursor"]
    assert client.call("getChanges", since=cursor, wait=5)["error"] == (
        "1 requests are waiting for changes already, as many as the changeWaiters setting allows; "
        "try again later")
    second = open_stream()
    assert second.status == 503


def test_a_stream_ends_when_its_server_stops_waiting(server, open_stream):
    stream = open_stream()
    next_event(server, stream)
    server.waiter.wait_until(lambda: server.runtime.api.service.waiting == 1, timeout=10)
    server.runtime.api.end_waits()  # what stopping the server does
    with pytest.raises(EOFError):
        next_event(server, stream)
