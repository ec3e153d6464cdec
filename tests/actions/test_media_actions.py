"""The media actions: storeMediaFile, retrieveMediaFile, getMediaFilesNames,
getMediaDirPath, deleteMediaFile; file names never leave the media folder."""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import time
from pathlib import Path

import pytest
from doc_examples import check_example
from notes_helpers import file_server

HELLO = base64.b64encode(b"Hello, world!").decode()


def media_dir(col) -> Path:
    return Path(col.media.dir())


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# storeMediaFile --------------------------------------------------------------------


def test_store_media_file_doc_example(client, col):
    check_example(client, "media", "storeMediaFile")
    assert (media_dir(col) / "_hello.txt").read_bytes() == b"Hello, world!"


def test_store_from_a_path(client, col, tmp_path):
    source = tmp_path / "source.txt"
    source.write_bytes(b"from disk")
    assert client.result("storeMediaFile", filename="_disk.txt", path=str(source)) == "_disk.txt"
    assert (media_dir(col) / "_disk.txt").read_bytes() == b"from disk"


def test_store_from_a_url(client, col):
    with file_server({"/a.mp3": (200, b"audio", 0)}) as base:
        assert client.result("storeMediaFile", filename="a.mp3", url=f"{base}/a.mp3") == "a.mp3"
    assert (media_dir(col) / "a.mp3").read_bytes() == b"audio"


def test_data_wins_over_path_and_url(client, col):
    assert client.result("storeMediaFile", filename="x.txt", data=HELLO, path="/nonexistent",
                         url="http://127.0.0.1:1/") == "x.txt"


def test_store_a_url_that_answers_404(client, col):
    with file_server({}) as base:
        reply = client.call("storeMediaFile", filename="a.mp3", url=f"{base}/missing")
    assert reply == {"result": None, "error": f"{base}/missing download failed with return code 404"}


def test_store_a_url_slower_than_web_timeout(server, client, col):
    server.set_config(webTimeout=300)
    with file_server({"/slow": (200, b"late", 3)}) as base:
        started = time.monotonic()
        reply = client.call("storeMediaFile", filename="slow.mp3", url=f"{base}/slow")
        elapsed = time.monotonic() - started
    assert reply == {"result": None, "error": f"{base}/slow download failed: no complete answer "
                                              "within 0.3 s (the webTimeout setting)"}
    assert elapsed < 2
    assert not (media_dir(col) / "slow.mp3").exists()


def test_store_a_url_that_trickles_past_web_timeout(server, client, col):
    # every byte comes within the timeout, the whole file does not
    server.set_config(webTimeout=500)
    with file_server({"/trickle": (200, b"x" * 40, 0, 0.1)}) as base:
        started = time.monotonic()
        reply = client.call("storeMediaFile", filename="t.mp3", url=f"{base}/trickle")
        elapsed = time.monotonic() - started
    assert reply == {"result": None, "error": f"{base}/trickle download failed: no complete answer "
                                              "within 0.5 s (the webTimeout setting)"}
    assert elapsed < 2


def test_store_a_url_nobody_answers(client, col):
    reply = client.call("storeMediaFile", filename="a.mp3", url="http://127.0.0.1:1/x")
    assert reply["result"] is None
    assert reply["error"].startswith("http://127.0.0.1:1/x download failed: ")


def test_a_slow_download_does_not_hold_up_other_requests(server, client, col):
    gate, requested = threading.Event(), []
    with file_server({"/slow": (200, b"late", gate.wait)}, requested) as base:
        try:
            store = client.start({"action": "storeMediaFile", "version": 6,
                                  "params": {"filename": "late.mp3", "url": f"{base}/slow"}})
            server.waiter.wait_until(lambda: requested)  # the download has begun
            assert client.result("deckNames") == ["Default"]  # served on Anki's main thread meanwhile
            assert not store.done()
        finally:
            gate.set()  # now the file comes
        server.waiter.wait_until(store.done)
    assert store.result().json() == {"result": "late.mp3", "error": None}
    assert (media_dir(col) / "late.mp3").read_bytes() == b"late"


def test_the_downloads_of_one_request_run_side_by_side(server, client, col):
    # Each answer waits until all three requests have arrived: one download at
    # a time would break the barrier after 5 s and get no answer at all.
    all_arrived = threading.Barrier(3, timeout=5)
    routes = {f"/{n}.mp3": (200, n.encode(), all_arrived.wait) for n in ("a", "b", "c")}
    with file_server(routes) as base:
        stores = [{"action": "storeMediaFile", "version": 6,
                   "params": {"filename": f"{n}.mp3", "url": f"{base}/{n}.mp3"}} for n in ("a", "b", "c")]
        reply = client.send({"action": "multi", "version": 6, "params": {"actions": stores}})
    assert reply == {"result": [{"result": f"{n}.mp3", "error": None} for n in ("a", "b", "c")],
                     "error": None}


def test_a_request_refused_for_its_key_downloads_nothing(server, client, col):
    server.set_config(apiKey="secret")
    requested = []
    with file_server({"/a.mp3": (200, b"audio", 0)}, requested) as base:
        reply = client.send({"action": "multi", "version": 6, "key": "secret", "params": {"actions": [
            {"action": "storeMediaFile", "params": {"filename": "a.mp3", "url": f"{base}/a.mp3"}}]}})
    assert reply == {"result": [{"result": None, "error": "valid api key must be provided"}], "error": None}
    assert requested == []


def test_store_with_matching_skip_hash_stores_nothing(client, col):
    skip = hashlib.md5(b"Hello, world!").hexdigest()
    assert client.result("storeMediaFile", filename="x.txt", data=HELLO, skipHash=skip) is None
    assert not (media_dir(col) / "x.txt").exists()


def test_store_with_other_skip_hash_stores(client, col):
    assert client.result("storeMediaFile", filename="x.txt", data=HELLO, skipHash="0" * 32) == "x.txt"


def test_store_replaces_an_existing_file_by_default(client, col):
    client.result("storeMediaFile", filename="x.txt", data=b64(b"old"))
    assert client.result("storeMediaFile", filename="x.txt", data=b64(b"new")) == "x.txt"
    assert (media_dir(col) / "x.txt").read_bytes() == b"new"


def test_store_without_delete_existing_renames_the_new_file(client, col):
    client.result("storeMediaFile", filename="x.txt", data=b64(b"old"))
    name = client.result("storeMediaFile", filename="x.txt", data=b64(b"new"), deleteExisting=False)
    assert name != "x.txt" and name.startswith("x-") and name.endswith(".txt")
    assert (media_dir(col) / "x.txt").read_bytes() == b"old"
    assert (media_dir(col) / name).read_bytes() == b"new"


@pytest.mark.parametrize("filename, stored", [
    ("../escape.txt", "escape.txt"), ("/tmp/abs.txt", "abs.txt"), ("a/b/c.txt", "c.txt"),
    ("..\\win.txt", "win.txt"), ("we:ird?.txt", "weird.txt"),
])
def test_file_names_stay_inside_the_media_folder(client, col, filename, stored):
    assert client.result("storeMediaFile", filename=filename, data=HELLO) == stored
    assert sorted(os.listdir(media_dir(col))) == [stored]
    assert not (media_dir(col).parent / "escape.txt").exists()


@pytest.mark.parametrize("filename", ["..", "dir/", ".", ""])
def test_file_names_with_nothing_left_are_refused(client, col, filename):
    reply = client.call("storeMediaFile", filename=filename, data=HELLO)
    assert reply == {"result": None, "error": f'invalid media file name: "{filename}"'}


@pytest.mark.parametrize("params, error", [
    ({}, 'You must provide a "data", "path", or "url" field.'),
    ({"data": ""}, 'You must provide a "data", "path", or "url" field.'),
    ({"data": "abc"}, "Incorrect padding"),
    ({"path": "/nonexistent/file"}, "[Errno 2] No such file or directory: '/nonexistent/file'"),
    ({"path": "/tmp"}, "[Errno 21] Is a directory: '/tmp'"),
    ({"path": "/dev/zero"}, "not a regular file: '/dev/zero'"),
])
def test_store_errors(client, col, params, error):
    assert client.call("storeMediaFile", filename="x.txt", **params) == {"result": None, "error": error}


def test_store_refuses_a_named_pipe(client, col, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reply = client.call("storeMediaFile", filename="x.txt", path=str(fifo))
    assert reply == {"result": None, "error": f"not a regular file: '{fifo}'"}


# retrieveMediaFile -----------------------------------------------------------------


def test_retrieve_media_file_doc_example(client, col):
    (media_dir(col) / "_hello.txt").write_bytes(b"Hello, world!")
    check_example(client, "media", "retrieveMediaFile")


def test_retrieve_a_missing_file_is_false(client, col):
    assert client.result("retrieveMediaFile", filename="nope.txt") is False


def test_retrieve_cannot_read_outside_the_media_folder(client, col):
    (media_dir(col).parent / "secret.txt").write_text("secret")
    try:
        assert client.result("retrieveMediaFile", filename="../secret.txt") is False
    finally:
        (media_dir(col).parent / "secret.txt").unlink()


# getMediaFilesNames ----------------------------------------------------------------


def test_get_media_files_names_doc_example(client, col):
    for name in ("_hello.txt", "_world.txt"):
        (media_dir(col) / name).write_bytes(b"x")
    check_example(client, "media", "getMediaFilesNames")


def test_get_media_files_names_lists_all_sorted_without_dot_files(client, col):
    for name in ("b.jpg", "a.mp3", ".hidden"):
        (media_dir(col) / name).write_bytes(b"x")
    assert client.result("getMediaFilesNames") == ["a.mp3", "b.jpg"]
    assert client.result("getMediaFilesNames", pattern=".*") == [".hidden"]
    assert client.result("getMediaFilesNames", pattern="[ab].*") == ["a.mp3", "b.jpg"]


@pytest.mark.parametrize("pattern", ["../*", "/*", "..", "*/*", "..\\*"])
def test_get_media_files_names_never_lists_outside(client, col, pattern):
    (media_dir(col) / "inside.txt").write_bytes(b"x")
    assert client.result("getMediaFilesNames", pattern=pattern) == []


# getMediaDirPath, deleteMediaFile --------------------------------------------------


def test_get_media_dir_path_doc_example(client, col):
    check_example(client, "media", "getMediaDirPath",
                  {"/home/user/.local/share/Anki2/User 1/collection.media": os.path.abspath(col.media.dir())})


def test_delete_media_file_doc_example(client, col):
    (media_dir(col) / "_hello.txt").write_bytes(b"x")
    check_example(client, "media", "deleteMediaFile")
    assert not (media_dir(col) / "_hello.txt").exists()


def test_delete_a_missing_file_is_fine(client, col):
    assert client.result("deleteMediaFile", filename="nope.txt") is None


def test_delete_cannot_reach_outside_the_media_folder(client, col):
    outside = media_dir(col).parent / "keep.txt"
    outside.write_text("keep")
    try:
        client.result("deleteMediaFile", filename="../keep.txt")
        assert outside.exists()
    finally:
        outside.unlink()
