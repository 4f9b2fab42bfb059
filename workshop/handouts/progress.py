"""Progress of the handouts while they print: rich's progress bar on a terminal (count, elapsed,
time left, the PDF just finished), a plain line per PDF otherwise (a CI log, a file)."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import (
    Progress as Bar,
)


class Progress:
    def __init__(self, total: int, stream):
        self.total = total
        self.stream = stream
        self.done_names: list[str] = []
        self.total_bytes = 0
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self._bar: Bar | None = None
        if self.tty:
            self._bar = Bar(
                TextColumn("printing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=Console(file=stream),
                transient=False,
            )
            self._task = self._bar.add_task("", total=total)
            self._bar.start()

    def done(self, name: str, size: int, seconds: float) -> None:
        self.done_names.append(name)
        self.total_bytes += size
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=f"{name} ({size / 1e3:.0f} kB, {seconds:.1f} s)")
            return
        count, elapsed = len(self.done_names), time.monotonic() - self.started
        self.stream.write(
            f"[{count:>{len(str(self.total))}}/{self.total}] {name} "
            f"({size / 1e3:.0f} kB, {seconds:.1f} s; {elapsed:.1f} s elapsed)\n"
        )
        self.stream.flush()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def summary_of_done(self) -> str:
        if not self.done_names:
            return "No PDF was finished."
        return f"{len(self.done_names)} of {self.total} PDFs finished: {', '.join(self.done_names)}."
