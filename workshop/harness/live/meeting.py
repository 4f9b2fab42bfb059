"""Where the participants of a live run meet: a page can make them all reach a point before
any goes on (``rendezvous``), or act one after another in username order (``turn``).

A participant that failed or was skipped on a page is *abandoned* there: nobody waits for it
at that page's meeting points any more. A cancelled run wakes every waiting participant.

The timeout is for a run that has stopped moving, not for a slow one: with ten participants
queueing for one CPU, the last reaches the cleanup page many minutes after the first, and each
step any participant takes (``progress``) gives the waiters the whole timeout again. A
participant that is stuck fails by its own timeouts (the snippet's, the budget's) and is then
abandoned; only when nobody moves for the whole timeout does the meeting fail, naming who
has not arrived.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import defaultdict

from workshop.harness.live.waits import Cancelled


class MeetingFailed(AssertionError):
    """The others did not arrive in time; the message names the page and the point."""


class MeetingPoints:
    def __init__(self, usernames: list[str], cancelled: threading.Event):
        self.usernames = list(usernames)
        self.cancelled = cancelled
        self._cond = threading.Condition()
        self._reached: dict[tuple[str, str], set[str]] = defaultdict(set)  # (page, point) -> usernames
        self._abandoned: set[tuple[str, str]] = set()  # (page, username)
        self._moved = time.monotonic()  # when a participant last took a step

    def progress(self) -> None:
        """A participant took a step: whoever waits for the others waits the whole timeout again."""
        with self._cond:
            self._moved = time.monotonic()
            self._cond.notify_all()

    def _missing(self, page: str, point: str, who: list[str]) -> list[str]:
        reached = self._reached[(page, point)]
        return [u for u in who if u not in reached and (page, u) not in self._abandoned]

    def _wait_for(self, page: str, point: str, who: list[str], timeout: float) -> bool:
        """Wait until each of `who` reached the point or was abandoned on the page, for as long
        as somebody keeps moving (the lock is held): False once nobody took a step for `timeout`
        seconds. Raises Cancelled when the run is cancelled meanwhile."""
        self._moved = time.monotonic()  # arriving here is a step too
        while self._missing(page, point, who) and not self.cancelled.is_set():
            left = self._moved + timeout - time.monotonic()
            if left <= 0:
                return False
            self._cond.wait(left)
        if self.cancelled.is_set():
            raise Cancelled(point)
        return True

    def _reach(self, page: str, point: str, username: str) -> None:
        self._reached[(page, point)].add(username)
        self._moved = time.monotonic()
        self._cond.notify_all()

    def rendezvous(self, page: str, point: str, username: str, timeout: float) -> None:
        """Wait here until every participant of the run has reached this point of this page."""
        with self._cond:
            self._reach(page, point, username)
            if not self._wait_for(page, point, self.usernames, timeout):
                raise MeetingFailed(
                    f"[{page}] not every participant reached {point!r}: nobody took a step for {timeout:.0f} s; "
                    f"not there: {', '.join(self._missing(page, point, self.usernames))}"
                )

    @contextlib.contextmanager
    def turn(self, page: str, point: str, username: str, timeout: float):
        """A block that the participants run one after another, in username order."""
        point = "turn:" + point
        before = self.usernames[: self.usernames.index(username)]
        with self._cond:
            if not self._wait_for(page, point, before, timeout):
                raise MeetingFailed(
                    f"[{page}] the participants before {username} did not finish {point[5:]!r}: nobody took a step "
                    f"for {timeout:.0f} s; not done: {', '.join(self._missing(page, point, before))}"
                )
        try:
            yield
        finally:
            with self._cond:
                self._reach(page, point, username)

    def abandon(self, page: str, username: str) -> None:
        """This participant will not reach the page's meeting points: do not wait for it."""
        with self._cond:
            self._abandoned.add((page, username))
            self._cond.notify_all()

    def wake_all(self) -> None:
        """After the run was cancelled: every waiting participant sees it at once."""
        with self._cond:
            self._cond.notify_all()
