"""Deferred replies, without Anki: what a client gets when an action's result does not come in time."""

from __future__ import annotations


def test_a_deferred_result_that_times_out_with_an_exception_is_an_error_reply(addon):
    from concurrent.futures import Future

    replies = addon("core.replies")
    pending = replies.PendingReply(
        replies.Deferred(Future(), 0.01, RuntimeError("still running")), version=6)
    pending.wait()
    assert pending.reply == {"result": None, "error": "still running"}
