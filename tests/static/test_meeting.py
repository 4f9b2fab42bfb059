"""Meeting points with real threads: a rendezvous waits for a slow run as long as it moves, and
fails, naming who is missing, only when nobody has taken a step for the whole timeout."""

from __future__ import annotations

import threading
import time

import pytest

from workshop.harness.live.meeting import MeetingFailed, MeetingPoints
from workshop.harness.live.waits import Cancelled

TIMEOUT = 0.4


def _arrive(meeting: MeetingPoints, username: str, errors: list) -> threading.Thread:
    def run():
        try:
            meeting.rendezvous("cleanup", "before listing", username, TIMEOUT)
        except BaseException as error:  # noqa: BLE001 - collected (Cancelled too) for the test to look at
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_rendezvous_waits_past_its_timeout_while_the_others_keep_moving():
    meeting = MeetingPoints(["alice", "bob"], threading.Event())
    errors: list = []
    started = time.monotonic()
    alice = _arrive(meeting, "alice", errors)
    for _ in range(6):  # bob is still on earlier pages: a step every 0.2 s, 1.2 s in all
        time.sleep(TIMEOUT / 2)
        meeting.progress()
    bob = _arrive(meeting, "bob", errors)
    alice.join(5), bob.join(5)
    assert not errors, errors
    assert time.monotonic() - started > 2 * TIMEOUT, "alice did not wait longer than one timeout"


def test_a_rendezvous_fails_when_nobody_moves_and_names_who_is_missing():
    meeting = MeetingPoints(["alice", "bob", "carol"], threading.Event())
    errors: list = []
    started = time.monotonic()
    _arrive(meeting, "alice", errors).join(5)
    assert time.monotonic() - started < TIMEOUT + 1
    assert len(errors) == 1 and isinstance(errors[0], MeetingFailed)
    assert "nobody took a step for 0 s" in str(errors[0])
    assert str(errors[0]).endswith("not there: bob, carol"), str(errors[0])


def test_an_abandoned_participant_is_not_waited_for():
    meeting = MeetingPoints(["alice", "bob"], threading.Event())
    errors: list = []
    alice = _arrive(meeting, "alice", errors)
    meeting.abandon("cleanup", "bob")
    alice.join(5)
    assert not alice.is_alive() and not errors, errors


def test_a_cancelled_run_wakes_the_waiters():
    cancelled = threading.Event()
    meeting = MeetingPoints(["alice", "bob"], cancelled)
    errors: list = []
    alice = _arrive(meeting, "alice", errors)
    time.sleep(0.05)
    cancelled.set()
    meeting.wake_all()
    alice.join(5)
    assert len(errors) == 1 and isinstance(errors[0], Cancelled), errors


def test_turns_go_in_username_order():
    meeting = MeetingPoints(["alice", "bob"], threading.Event())
    order: list[str] = []

    def take(username):
        with meeting.turn("cleanup", "delete", username, TIMEOUT * 5):
            order.append(username)

    bob = threading.Thread(target=take, args=("bob",))
    bob.start()
    time.sleep(0.1)
    assert order == [], "bob went before alice"
    take("alice")
    bob.join(5)
    assert order == ["alice", "bob"]
    with pytest.raises(MeetingFailed, match="not done: alice"):
        other = MeetingPoints(["alice", "bob"], threading.Event())
        with other.turn("cleanup", "delete", "bob", TIMEOUT):
            pass
