"""What a live run records as it goes: every step with its time and outcome (for
reports/timings.md), and how often each participant ran each snippet of a page (for the
check that the page's blocks all ran, and reports/coverage.md)."""

from __future__ import annotations

import threading
from collections import defaultdict

from workshop.harness.live.report import Step


class Records:
    def __init__(self):
        self._lock = threading.Lock()
        self.steps: list[Step] = []
        self._ran: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def record(self, step: Step, ran: str | None = None) -> None:
        """Add a step; with `ran`, count that the step's participant ran this snippet once."""
        with self._lock:
            self.steps.append(step)
            if ran:
                self._ran[(step.page, ran)][step.user] += 1

    def ran_on(self, page: str, username: str) -> dict[str, int]:
        """{snippet: times run} on one page by one participant."""
        with self._lock:
            return {s: counts.get(username, 0) for (p, s), counts in self._ran.items() if p == page}

    def ran(self) -> dict[tuple[str, str], dict[str, int]]:
        """{(page, snippet): {username: times run}}, a copy."""
        with self._lock:
            return {key: dict(counts) for key, counts in self._ran.items()}
