"""The change signal (core/change_signal.py): waiters sleep until a change, their time, or a stop."""

from __future__ import annotations

import threading
import time

import pytest


@pytest.fixture
def signal(addon):
    return addon("core.change_signal").ChangeSignal()


def test_a_fire_wakes_a_waiter_at_once(signal):
    seen = signal.generation
    threading.Timer(0.05, signal.fire).start()
    started = time.monotonic()
    assert signal.wait(seen, time.monotonic() + 5) is True
    assert time.monotonic() - started < 1


def test_a_fire_between_the_look_and_the_sleep_is_not_missed(signal):
    seen = signal.generation
    signal.fire()  # after the waiter looked at the collection, before it sleeps
    started = time.monotonic()
    assert signal.wait(seen, time.monotonic() + 5) is True
    assert time.monotonic() - started < 0.1


def test_a_wait_without_a_change_ends_at_its_deadline(signal):
    started = time.monotonic()
    assert signal.wait(signal.generation, time.monotonic() + 0.2) is False
    assert 0.2 <= time.monotonic() - started < 1


@pytest.mark.parametrize("stop", ["interrupt", "close"])
def test_an_interrupt_or_a_close_ends_every_wait_as_if_its_time_were_over(signal, stop):
    results = []
    waiters = [threading.Thread(target=lambda: results.append(signal.wait(signal.generation,
                                                                          time.monotonic() + 30)))
               for _ in range(3)]
    for waiter in waiters:
        waiter.start()
    time.sleep(0.05)
    before = signal.interruptions
    getattr(signal, stop)()
    for waiter in waiters:
        waiter.join(1)
    assert results == [False] * 3
    assert signal.interruptions == before + 1


def test_a_closed_signal_lets_nobody_sleep_until_it_reopens(signal):
    signal.close()
    assert signal.wait(signal.generation, time.monotonic() + 5) is False
    signal.reopen()
    assert signal.wait(signal.generation, time.monotonic() + 0.05) is False  # slept its time
