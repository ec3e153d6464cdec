"""loadProfile switching Anki's profile over real HTTP, with requests in flight.

The whole test session shares one Anki: every test here ends on the session's
profile ('test') with the server listening, and the extra profile is removed
when the module is done.
"""

from __future__ import annotations

import http.client
import shutil
import threading
import time

import pytest
from support import http_request

SECOND = "collection-second"
# What a client may meet while no profile is open: nothing listening, or a
# connection the stopping server closed before starting on the request.
CONNECTION_ERRORS = (ConnectionRefusedError, ConnectionResetError, BrokenPipeError,
                     http.client.RemoteDisconnected)


def profile_open(anki, name):
    mw = anki.mw
    return mw.pm.name == name and mw.col is not None and anki.runtime.url is not None


def wait_for_profile(anki, name):
    anki.waiter.wait_until(lambda: profile_open(anki, name), timeout=60)


@pytest.fixture(scope="module")
def second_profile(anki):
    anki.mw.pm.create(SECOND)
    yield SECOND
    mw = anki.mw
    if not profile_open(anki, "test"):  # a test failed half-way: go back the way Anki would
        anki.waiter.wait_until(lambda: mw.col is not None, timeout=60)
        if mw.pm.name != "test":
            mw.unloadProfile(lambda: (mw.pm.load("test"), mw.loadProfile()))
        wait_for_profile(anki, "test")
    # Not pm.remove(): it trashes the folder of the profile that is open.
    mw.pm.db.execute("delete from profiles where name = ?", SECOND)
    mw.pm.db.commit()
    shutil.rmtree(anki.base / SECOND, ignore_errors=True)
    assert (mw.pm.profiles(), mw.pm.last_loaded_profile_name()) == (["test"], "test")


def switch(client, anki, name):
    assert client.call("loadProfile", name=name) == {"result": True, "error": None}
    wait_for_profile(anki, name)


TRAFFIC_REQUEST = {"action": "multi", "version": 6, "params": {"actions": [
    {"action": "getActiveProfile", "version": 6},
    {"action": "reloadCollection", "version": 6},  # needs the collection
]}}


class Traffic:
    """Clients sending TRAFFIC_REQUEST from several threads until stopped."""

    def __init__(self, port, threads=4):
        self.port = port
        self.replies = {n: [] for n in range(threads)}
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._send, args=(n,)) for n in range(threads)]
        for thread in self._threads:
            thread.start()

    def _send(self, n):
        while not self._stop.is_set():
            try:
                reply = http_request(self.port, TRAFFIC_REQUEST, timeout=30).json()
            except CONNECTION_ERRORS as exc:
                reply = type(exc).__name__
            self.replies[n].append(reply)
            time.sleep(0.02)

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(60)


def in_profile(name):
    """The reply to Traffic's request when it ran in profile name."""
    return {"result": [{"result": name, "error": None}, {"result": None, "error": None}], "error": None}


def test_switching_profiles_while_requests_are_in_flight(client, anki, second_profile):
    traffic = Traffic(anki.port)
    try:
        anki.waiter.run(lambda: time.sleep(0.3))
        switch(client, anki, second_profile)
        anki.waiter.run(lambda: time.sleep(0.3))
    finally:
        anki.waiter.run(traffic.stop)  # the replies need Qt's loop to turn

    unavailable = {"result": None, "error": "collection is not available"}
    allowed = [in_profile("test"), in_profile(second_profile), unavailable,
               *(e.__name__ for e in CONNECTION_ERRORS)]
    for replies in traffic.replies.values():
        assert [r for r in replies if r not in allowed] == []
        # Each client sees the old profile, then the switch, then the new one: never back.
        profiles = [r["result"][0]["result"] for r in replies if isinstance(r, dict) and r["result"]]
        assert profiles == sorted(profiles, key=lambda p: p == second_profile)
        assert replies[0] == in_profile("test") and replies[-1] == in_profile(second_profile)
    # Same address, new profile.
    assert client.call("getActiveProfile") == {"result": second_profile, "error": None}
    switch(client, anki, "test")
    assert client.call("getActiveProfile") == {"result": "test", "error": None}


def test_the_switch_comes_after_the_reply_to_the_whole_request(client, anki, second_profile):
    reply = client.call("multi", actions=[
        {"action": "loadProfile", "version": 6, "params": {"name": second_profile}},
        {"action": "getActiveProfile", "version": 6},
    ])
    assert reply == {"result": [{"result": True, "error": None}, {"result": "test", "error": None}],
                     "error": None}
    wait_for_profile(anki, second_profile)
    switch(client, anki, "test")


def test_the_last_profile_asked_for_wins(client, anki, second_profile):
    server = anki.runtime.server
    reply = client.call("multi", actions=[
        {"action": "loadProfile", "version": 6, "params": {"name": second_profile}},
        {"action": "loadProfile", "version": 6, "params": {"name": "test"}},
    ])
    assert reply == {"result": [{"result": True, "error": None}, {"result": True, "error": None}],
                     "error": None}
    anki.waiter.run(lambda: time.sleep(0.3))
    assert profile_open(anki, "test") and anki.runtime.server is server  # never closed


def test_a_new_profile_opens_with_its_own_collection(client, anki, second_profile, tmp_path):
    switch(client, anki, second_profile)
    try:
        assert anki.mw.pm.name == second_profile
        assert anki.mw.col.path.startswith(str(anki.base / second_profile))
        assert client.call("getProfiles") == {"result": sorted(["test", second_profile]), "error": None}
    finally:
        switch(client, anki, "test")
