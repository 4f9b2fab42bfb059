"""Where the participants of a live run meet: a page can make them all reach a point before
any goes on (``rendezvous``), or act one after another in username order (``turn``).

A participant that failed or was skipped on a page is *abandoned* there: nobody waits for it
at that page's meeting points any more. A cancelled run wakes every waiting participant.
"""
from __future__ import annotations

import contextlib
import threading
from collections import defaultdict

from workshop.harness.waits import Cancelled


class MeetingFailed(AssertionError):
    """The others did not arrive in time; the message names the page and the point."""


class MeetingPoints:
    def __init__(self, usernames: list[str], cancelled: threading.Event):
        self.usernames = list(usernames)
        self.cancelled = cancelled
        self._cond = threading.Condition()
        self._reached: dict[tuple[str, str], set[str]] = defaultdict(set)   # (page, point) -> usernames
        self._abandoned: set[tuple[str, str]] = set()                        # (page, username)

    def _wait_for(self, page: str, point: str, who: list[str], timeout: float) -> bool:
        """Wait until each of `who` reached the point or was abandoned on the page (the lock is
        held). Raises Cancelled when the run is cancelled meanwhile."""
        reached = self._reached[(page, point)]
        ok = self._cond.wait_for(
            lambda: all(u in reached or (page, u) in self._abandoned for u in who) or self.cancelled.is_set(),
            timeout=timeout)
        if self.cancelled.is_set():
            raise Cancelled(point)
        return ok

    def _reach(self, page: str, point: str, username: str) -> None:
        self._reached[(page, point)].add(username)
        self._cond.notify_all()

    def rendezvous(self, page: str, point: str, username: str, timeout: float) -> None:
        """Wait here until every participant of the run has reached this point of this page."""
        with self._cond:
            self._reach(page, point, username)
            if not self._wait_for(page, point, self.usernames, timeout):
                raise MeetingFailed(
                    f"[{page}] not every participant reached {point!r} within {timeout:.0f} s"
                )

    @contextlib.contextmanager
    def turn(self, page: str, point: str, username: str, timeout: float):
        """A block that the participants run one after another, in username order."""
        point = "turn:" + point
        before = self.usernames[: self.usernames.index(username)]
        with self._cond:
            if not self._wait_for(page, point, before, timeout):
                raise MeetingFailed(
                    f"[{page}] the participants before {username} did not finish {point[5:]!r}"
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
