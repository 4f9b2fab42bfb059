"""Helpers of the handouts tests: the roster they print, the command, reading PDFs back.

A module of its own (not conftest.py): `from conftest import` would pick whichever
conftest pytest loaded first.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the repo's own `workshop` package, also when not installed

from workshop.username import longest_example  # noqa: E402

LONGEST = longest_example()
ROSTER = f"""\
# a small workshop
alice   Alice Liddell
bob, Bob Example

team-3
# the longest name the site accepts: its commands wrap, so its sections land on other pages
{LONGEST}
"""
USERNAMES = ["alice", "bob", "team-3", LONGEST]
DISPLAY_NAMES = {"alice": "Alice Liddell", "bob": "Bob Example"}
SPARE = "_spare.pdf"


def run_handouts(*args, timeout=300) -> subprocess.CompletedProcess:
    """The command as an instructor runs it (a separate process: its own event loop and browser)."""
    return subprocess.run(
        [sys.executable, "-m", "workshop.handouts", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, as pdftotext lays it out."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


# docs/javascripts/print-wrap.js: a long code line goes on in the next one, after "↪".
CONTINUATION = "\u21aa"
_CONTINUED = re.compile(r"\n[ \t]*" + CONTINUATION)
SEPARATORS = "/-=,:._@?&;"


def rejoin(text: str) -> str:
    """The text as a reader types it from paper: each "↪" line joined to the one before (the
    newline, the indentation and the mark go; a space after the mark is the command's own)."""
    return _CONTINUED.sub("", text)


def squeeze(text: str) -> str:
    """No whitespace at all: PDF text extraction re-flows indentation. Continuations rejoined."""
    return re.sub(r"\s+", "", rejoin(text))


@dataclass(frozen=True)
class Printed:
    out_dir: Path
    result: subprocess.CompletedProcess

    def pages(self, name: str) -> list[str]:
        return pdf_pages(self.out_dir / name)
