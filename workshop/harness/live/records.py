"""What a live run records as it goes: every step with its time and outcome (for
reports/timings.md), and how often each participant ran each snippet of a page (for the
check that the page's blocks all ran, and reports/coverage.md).

With a progress file (WORKSHOP_PROGRESS, which `workshop preflight` sets), each step, and what
each participant is doing now (a snippet, a wait, a queue), is also a JSON line there, as it
happens: the instructor's view of the run follows it from another process."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from workshop.harness.live.report import Step

PROGRESS_VAR = "WORKSHOP_PROGRESS"


class Records:
    def __init__(self, progress: str | None = None):
        self._lock = threading.Lock()
        self.steps: list[Step] = []
        self._ran: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self._progress_path = Path(progress) if progress else None
        self._progress: TextIO | None = None  # opened on the first line: making Records does no I/O

    def _say(self, event: dict) -> None:
        if self._progress_path is None:
            return
        with self._lock:
            if self._progress is None:
                self._progress = open(self._progress_path, "a", encoding="utf-8")  # noqa: SIM115 - kept open
            out = self._progress
            out.write(json.dumps({"t": time.time(), **event}) + "\n")
            out.flush()

    def doing(self, page: str, user: str, what: str) -> None:
        """What a participant is doing now (for the progress file only)."""
        self._say({"event": "doing", "page": page, "user": user, "what": what})

    def record(self, step: Step, ran: str | None = None) -> None:
        """Add a step; with `ran`, count that the step's participant ran this snippet once."""
        with self._lock:
            self.steps.append(step)
            if ran:
                self._ran[(step.page, ran)][step.user] += 1
        self._say({"event": "step", **asdict(step)})

    def ran_on(self, page: str, username: str) -> dict[str, int]:
        """{snippet: times run} on one page by one participant."""
        with self._lock:
            return {s: counts.get(username, 0) for (p, s), counts in self._ran.items() if p == page}

    def ran(self) -> dict[tuple[str, str], dict[str, int]]:
        """{(page, snippet): {username: times run}}, a copy."""
        with self._lock:
            return {key: dict(counts) for key, counts in self._ran.items()}
