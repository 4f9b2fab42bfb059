"""Failures where the maintainer looks: at the page's line, the snippet's line, the scenario's line.

A failing page's message names what is wrong in the harness's own words (``snippets/x.sh:3:
exit status 1``, ``the page says: “...” — but: ...``). This reads those words back into places:

- the snippet file and line, and the line of the page's block that shows the snippet;
- the line of the page that holds the sentence a claim quotes, and the claim's line in the scenario;
- else the scenario module itself.

Under GitHub Actions each place becomes a workflow annotation (``::error file=...,line=...::``)
on the pull request's diff; the run's summary (reports/summary.md, and the job summary
``$GITHUB_STEP_SUMMARY``) lists them with the pages run and why, the claims checked, the minutes
per page and the fit report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workshop.harness.static.claims import claims_of, normalized
from workshop.harness.static.inventory import Inventory
from workshop.paths import DOCS, ROOT

_SNIPPET_RE = re.compile(r"snippets/(?P<path>[\w.-]+/[\w.-]+)(?::(?P<line>\d+))?")
_SAYS_RE = re.compile(r"the page says: “(?P<sentence>.+?)”", re.DOTALL)
_MARKUP_RE = re.compile(r"`|\*\*|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Place:
    file: str  # relative to the checkout
    line: int
    what: str  # "the page's block", "the snippet", "the page's sentence", "the claim", "the scenario"

    def annotation(self, page: str, message: str) -> str:
        """A GitHub Actions workflow command: an error annotation on this file and line."""
        title = _escape(f"page {page}: {self.what}", prop=True)
        return f"::error file={self.file},line={self.line},title={title}::{_escape(message)}"


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def places(page: str, message: str, inventory: Inventory) -> list[Place]:
    found: list[Place] = []
    says = _SAYS_RE.search(message)  # a claim that does not hold: the sentence is what is wrong
    snippet = None if says else _SNIPPET_RE.search(message)
    if snippet:
        found.append(Place(f"snippets/{snippet['path']}", int(snippet["line"] or 1), "the snippet"))
        found += [
            Place(f"docs/{page}.md", block.line, "the page's block")
            for block in inventory.blocks_of(page)
            if block.snippet == snippet["path"]
        ][:1]
    decl = inventory.declarations.get(page)
    if says:
        sentence = says["sentence"]
        line = sentence_line(DOCS / f"{page}.md", sentence)
        if line:
            found.append(Place(f"docs/{page}.md", line, "the page's sentence"))
        if decl is not None:
            found += [
                Place(str(decl.module.relative_to(ROOT)), claim.line, "the claim")
                for claim in claims_of(decl.module)
                if claim.sentence == sentence
            ][:1]
    if not found and decl is not None:
        found.append(Place(str(decl.module.relative_to(ROOT)), 1, "the scenario"))
    return found


def sentence_line(markdown: Path, sentence: str) -> int | None:
    """The line of the page's source where the sentence (its first part, before any "...")
    starts, markup aside; None when the page does not hold it."""
    try:
        lines = markdown.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    wanted = normalized(sentence.split("...")[0])
    if not wanted:
        return None
    text, starts = "", []
    for line in lines:
        starts.append(len(text))
        text += normalized(_MARKUP_RE.sub(lambda m: m.group(1) or "", line)) + " "
    at = text.find(wanted)
    if at < 0:
        return None
    return max(i for i, start in enumerate(starts) if start <= at) + 1
