"""The facts a page states about what the tutorial makes, checked against its own snippets.

Docs drift in the prose: the page says the claim is 10 GiB where the manifest asks for 1 GiB, a
diagram labels the mount /mnt/data where the manifest mounts /mnt/mylogs. So every fact of these
kinds, in the page's prose, its diagrams' text alternative (the image's alt text) and the
diagram's own labels (docs/diagrams/<slug>.svg), must hold for the page's snippets (the files
its blocks show and its scenario runs):

- a **path** (``/mnt/mylogs``, ``/tmp/hello.txt``) occurs in them;
- a **size** (``1 GiB``, ``4 GiB``) is a quantity one of its manifests asks for;
- a **count** of pods or completions (``ten pods``) is a Job's parallelism or completions;
- an **object name** the tutorial builds from ``<username>`` (``vol``, ``s3``, ``config1``,
  named alone or as ``vol-<username>``) is one the page's snippets use.

A page with a live scenario (a hands-on section) answers for its own snippets; any other page
(the home page, the changelog, the instructors' page) speaks of the whole tutorial, whose
snippets are then the evidence.

A fact is otherwise **claimed** (a live claim quotes the sentence that states it: the live tier
checks it) or **excused** in the page's source, with the reason, as an unrun block is::

    <!-- facts: unchecked "/cvmfs/oasis.opensciencegrid.org" — the site's CVMFS, not a manifest's -->

Anything else is a problem that fails the static tier, naming the page, the line and the fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from kubernetes.utils import parse_quantity

from workshop import pages as site_pages
from workshop.harness.static.claims import Claim, normalized
from workshop.paths import DIAGRAMS, SNIPPETS
from workshop.placeholders import USERNAME
from workshop.workload import name_templates as _name_templates

_EXCUSE_RE = re.compile(
    r"<!--\s*facts:\s*unchecked\s+\"(?P<fact>[^\"]+)\"\s*(?:—|–|--|-|:)\s*(?P<reason>\S[^>]*?)\s*-->"
)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_URL_RE = re.compile(r"\bhttps?://\S+|\]\([^)]*\)")
_PATH_RE = re.compile(r"(?<![\w.:/<>-])(/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*)")
_SIZE_RE = re.compile(r"\b(\d+(?:\.\d+)?)\s?(GiB|MiB|KiB|Gi|Mi|Ki|GB|MB|kB)\b")
_COUNT_RE = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(pods|completions)\b", re.I
)
NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_WORDS = {word: number for number, word in enumerate(NUMBER_WORDS)}
_SVG_TEXT_RE = re.compile(r"<(?:text|tspan|title|desc)\b[^>]*>([^<]+)<", re.DOTALL)
_MARKUP_RE = re.compile(r"`|\*\*")
_UNIT = {"GiB": "Gi", "MiB": "Mi", "KiB": "Ki", "Gi": "Gi", "Mi": "Mi", "Ki": "Ki", "GB": "G", "MB": "M", "kB": "k"}


@lru_cache(maxsize=1)
def name_templates() -> tuple[str, ...]:
    """The names the tutorial builds from <username> (read once: every line of every page asks)."""
    return tuple(_name_templates())


@dataclass(frozen=True)
class Fact:
    page: str
    where: str  # "docs/<page>.md:<line>" or "docs/diagrams/<page>.svg"
    kind: str  # path, size, count, name
    text: str  # as the page writes it
    sentence: str  # the line it stands in (for claims)
    status: str  # checked, claimed, excused, wrong
    why: str = ""

    def __str__(self) -> str:
        return f"{self.where}: the page states the {self.kind} “{self.text}”, {self.why}"


@dataclass
class Evidence:
    """What the page's snippets say: their text, the quantities and counts of their manifests."""

    text: str
    quantities: set[float]
    counts: set[int]
    names: set[str]  # name templates used: "vol-<username>"


def evidence(snippets: list[str], root: Path = SNIPPETS) -> Evidence:
    texts: list[str] = []
    quantities: set[float] = set()
    counts: set[int] = set()
    for snippet in snippets:
        path = root / snippet
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        if path.suffix in (".yaml", ".yml"):
            for doc in yaml.safe_load_all(text):
                _walk(doc, quantities, counts)
        else:  # a command's arguments: `--memory 256Gi --pods 500`
            for word in re.findall(r"(?<![\w.-])\d+(?:\.\d+)?(?:[KMGT]i?)?(?![\w.-])", text):
                _walk(word, quantities, counts)
                if word.isdigit():
                    counts.add(int(word))
    joined = "\n".join(texts)
    names = {t for t in name_templates() if t in joined}
    return Evidence(joined, quantities, counts, names)


def _walk(node, quantities: set[float], counts: set[int], key: str = "") -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            _walk(v, quantities, counts, k)
    elif isinstance(node, list):
        for v in node:
            _walk(v, quantities, counts, key)
    elif isinstance(node, (str, int, float)) and not isinstance(node, bool):
        if key in ("parallelism", "completions", "replicas") and isinstance(node, int):
            counts.add(node)
        try:
            quantities.add(float(parse_quantity(str(node))))
        except (ValueError, TypeError):
            pass


def _size(number: str, unit: str) -> float:
    return float(parse_quantity(f"{number}{_UNIT[unit]}"))


def _prose_lines(markdown: str) -> list[tuple[int, str]]:
    """(line, text) of the page's prose: fences and HTML comments left out (an alt text stays)."""
    lines = markdown.splitlines()
    fence_lines: set[int] = set()
    for fence in site_pages.fences(markdown):
        fence_lines.update(range(fence.line, fence.line + len(fence.body) + 2))
    blanked = _COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), markdown).splitlines()
    return [(n, blanked[n - 1]) for n in range(1, len(lines) + 1) if n not in fence_lines and n - 1 < len(blanked)]


def facts_of(
    page: site_pages.Page, snippets: list[str], claims: list[Claim], diagram: Path | None = None
) -> list[Fact]:
    markdown = page.markdown()
    excused = {m["fact"]: m["reason"] for m in _EXCUSE_RE.finditer(markdown)}
    known = evidence(snippets)
    claimed = [normalized(part) for c in claims for part in c.sentence.split("...") if part.strip()]
    found: list[Fact] = []

    def judge(where: str, kind: str, text: str, sentence: str, holds: bool, why_not: str) -> None:
        if holds:
            status, why = "checked", "as its snippets say"
        elif text in excused:
            status, why = "excused", excused[text]
        elif any(part and part in normalized(_MARKUP_RE.sub("", sentence)) for part in claimed):
            status, why = "claimed", "quoted by a claim the live tier checks"
        else:
            status, why = "wrong", why_not
        found.append(Fact(page.slug, where, kind, text, sentence, status, why))

    def read(where: str, text: str) -> None:
        text = _URL_RE.sub(" ", text)
        for match in _PATH_RE.finditer(text):
            path = match.group(1)
            if len(path) < 3 or path.count("/") == 1 and len(path) < 4:
                continue
            judge(
                where,
                "path",
                path,
                text,
                path in known.text,
                f"but none of its snippets has {path}: change the page, or excuse the fact with its reason",
            )
        for match in _SIZE_RE.finditer(text):
            size = _size(match.group(1), match.group(2))
            judge(
                where,
                "size",
                match.group(0),
                text,
                any(abs(size - q) < 1 for q in known.quantities),
                "but no manifest of the page asks for that quantity",
            )
        for match in _COUNT_RE.finditer(text):
            word = match.group(1).lower()
            number = int(word) if word.isdigit() else _WORDS[word]
            judge(
                where,
                "count",
                match.group(0),
                text,
                number in known.counts,
                f"but no Job of the page runs {number} ({', '.join(map(str, sorted(known.counts))) or 'none'})",
            )
        for template in name_templates():
            prefix = template.replace(USERNAME.token, "").rstrip("-")
            # A word of its own: not part of a longer name, a path or a file name (s3.yaml).
            if re.search(rf"(?<![\w/.-]){re.escape(prefix)}(?:-{re.escape(USERNAME.token)})?(?![\w-]|\.\w)", text):
                judge(
                    where, "name", template, text, template in known.names, f"but none of its snippets uses {template}"
                )

    for number, line in _prose_lines(markdown):
        read(f"docs/{page.slug}.md:{number}", line)
    diagram = diagram or DIAGRAMS / f"{page.slug}.svg"
    if diagram.is_file():
        labels = " ; ".join(t.strip() for t in _SVG_TEXT_RE.findall(diagram.read_text(encoding="utf-8")))
        read(f"docs/diagrams/{page.slug}.svg", labels.replace("&lt;", "<").replace("&gt;", ">"))
    return found


def page_facts(inventory) -> dict[str, list[Fact]]:
    """Every page's facts, judged (see the module's docstring for the evidence of each page)."""
    from workshop.harness.static.claims import claims_of

    everything = site_pages.snippet_files()
    found = {}
    for page in site_pages.pages():
        decl = inventory.declarations.get(page.slug)
        if decl is None:
            snippets, claims = everything, []
        else:
            shown = {b.snippet for b in inventory.blocks_of(page.slug)}
            snippets, claims = sorted(shown | set(decl.runs)), claims_of(decl.module)
        found[page.slug] = facts_of(page, snippets, claims)
    return found
