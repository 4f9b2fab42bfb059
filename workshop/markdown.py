"""Markdown tables, written one way: the live tier's reports, the instructor's plan and the
benchmarks' summaries all print theirs through table()."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(value: object) -> str:
    """A value as one cell: a `|` would end the cell, a line break the row."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(heads: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = ()) -> list[str]:
    """The lines of a Markdown table; the columns numbered in `right` align right (figures)."""
    right = set(right)
    rule = ["---:" if i in right else "---" for i in range(len(heads))]
    lines = ["| " + " | ".join(cell(h) for h in heads) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines
