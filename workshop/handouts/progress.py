"""Progress of the handouts while they print: a bar on a terminal, a line per PDF otherwise."""

from __future__ import annotations

import time


class Progress:
    def __init__(self, total: int, stream):
        self.total = total
        self.stream = stream
        self.done_names: list[str] = []
        self.total_bytes = 0
        self.started = time.monotonic()
        self.tty = stream.isatty()

    def done(self, name: str, size: int, seconds: float) -> None:
        self.done_names.append(name)
        self.total_bytes += size
        count, elapsed = len(self.done_names), time.monotonic() - self.started
        if self.tty:
            width = 30
            filled = width * count // self.total
            bar = "#" * filled + "-" * (width - filled)
            left = elapsed / count * (self.total - count)
            self.stream.write(f"\r[{bar}] {count}/{self.total} {name:<28.28} {elapsed:5.1f} s, ~{left:.0f} s left ")
        else:
            self.stream.write(
                f"[{count:>{len(str(self.total))}}/{self.total}] {name} "
                f"({size / 1e3:.0f} kB, {seconds:.1f} s; {elapsed:.1f} s elapsed)\n"
            )
        self.stream.flush()

    def stop(self) -> None:
        if self.tty and self.done_names:
            self.stream.write("\n")
            self.stream.flush()

    def summary_of_done(self) -> str:
        if not self.done_names:
            return "No PDF was finished."
        return f"{len(self.done_names)} of {self.total} PDFs finished: {', '.join(self.done_names)}."
