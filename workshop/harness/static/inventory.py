"""Which code blocks exist, and who runs each of them.

A block is a fenced include on a page (see workshop.pages; tests/site checks that the built
HTML shows exactly these blocks, in this order, with the snippet's text). Each block is either

- *run*: the live scenario of its page (``tests/live/test_<slug>.py``) lists the snippet in its
  module-level ``RUNS``, or
- *static-only*: the page says why, in an HTML comment right before the fence (readers do not
  see it; whoever edits the page does)::

      <!-- harness: static-only — interactive login; the commands below run through kubectl exec -->
      ```bash
      --8<-- "some-page/exec.sh"
      ```

The interactive logins (``kubectl exec -it <pod> -- bash``) count as run: the live scenario
runs them as written and types the page's in-pod snippets into them on stdin (see
Participant.login), so no block of the site needs the annotation today.

Anything else is a problem that fails the static tier: a new block nobody runs, a declared
snippet no page shows, an annotation that is malformed or contradicts a declaration.
``RUNS`` is read with ``ast`` (the live modules are not imported), so this works with no cluster.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from workshop import pages as site_pages
from workshop.paths import LIVE_TESTS, ROOT

_ANNOTATION_RE = re.compile(r"^\s*<!--\s*harness:(?P<body>.*?)-->\s*$")
_STATIC_ONLY_RE = re.compile(r"^\s*static-only\s*(?:—|–|--|-|:)\s*(?P<reason>\S.*?)\s*$")


@dataclass(frozen=True)
class Block:
    page: str  # slug
    line: int  # line of the opening fence in docs/<slug>.md
    snippet: str  # "simple-config-files/c1.yaml"
    lang: str
    in_pod: bool
    static_only: str | None  # the reason, when the page says the harness does not run it

    @property
    def where(self) -> str:
        return f"docs/{self.page}.md:{self.line}"


@dataclass(frozen=True)
class Declaration:
    page: str
    module: Path
    runs: tuple[str, ...]
    after: tuple[str, ...] | str = ()  # AFTER: pages it stands on, or "all"
    keeps: tuple[str, ...] = ()  # KEEPS: what it leaves on purpose for later pages


@dataclass
class Inventory:
    pages: list[str]  # slugs in nav order
    blocks: list[Block]
    declarations: dict[str, Declaration]  # by page slug
    problems: list[str] = field(default_factory=list)

    def blocks_of(self, page: str) -> list[Block]:
        return [b for b in self.blocks if b.page == page]

    def occurrences(self, page: str) -> Counter:
        """How many times each snippet is shown on the page (a live run must match it)."""
        return Counter(b.snippet for b in self.blocks_of(page) if not b.static_only)

    def runnable_pages(self) -> list[str]:
        return [p for p in self.pages if any(not b.static_only for b in self.blocks_of(p))]


def _annotation(lines: list[str], fence_line: int) -> tuple[str | None, str | None]:
    """(reason, problem) from the nearest non-blank line before the fence."""
    i = fence_line - 2
    while i >= 0 and not lines[i].strip():
        i -= 1
    if i < 0:
        return None, None
    match = _ANNOTATION_RE.match(lines[i])
    if not match:
        return None, None
    static_only = _STATIC_ONLY_RE.match(match["body"])
    if not static_only:
        return None, (
            f"line {i + 1}: harness annotation {lines[i].strip()!r} is not understood; "
            "write <!-- harness: static-only — <why the harness does not run it> -->"
        )
    return static_only["reason"], None


def read_blocks(pages: list[site_pages.Page] | None = None) -> tuple[list[Block], list[str]]:
    blocks, problems = [], []
    for page in pages or site_pages.pages():
        lines = page.markdown().splitlines()
        for code in site_pages.code_blocks(page):
            reason, problem = _annotation(lines, code.line)
            if problem:
                problems.append(f"docs/{page.slug}.md {problem}")
            blocks.append(Block(page.slug, code.line, code.snippet, code.lang, code.in_pod, reason))
        # An annotation that is not right before a fence annotates nothing.
        fence_lines = {c.line for c in site_pages.code_blocks(page)}
        for number, text in enumerate(lines, start=1):
            if _ANNOTATION_RE.match(text):
                after = number
                while after < len(lines) and not lines[after].strip():
                    after += 1
                if after + 1 not in fence_lines:
                    problems.append(
                        f"docs/{page.slug}.md:{number}: harness annotation is not right before a code block"
                    )
    return blocks, problems


def _literal(module: ast.Module, name: str):
    for node in module.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def read_declarations(live_dir: Path = LIVE_TESTS) -> tuple[dict[str, Declaration], list[str]]:
    """PAGE and RUNS of every live scenario module, without importing it."""
    found: dict[str, Declaration] = {}
    problems: list[str] = []
    for path in sorted(live_dir.glob("test_*.py")):
        rel = path.relative_to(ROOT)
        try:
            module = ast.parse(path.read_text(encoding="utf-8"), str(path))
            page, runs = _literal(module, "PAGE"), _literal(module, "RUNS")
        except (SyntaxError, ValueError) as error:
            problems.append(f"{rel}: PAGE and RUNS must be plain literals ({error})")
            continue
        if page is None and runs is None:
            continue  # a helper test module, not a page scenario
        if (
            not isinstance(page, str)
            or not isinstance(runs, (list, tuple))
            or not all(isinstance(r, str) for r in runs)
        ):
            problems.append(f"{rel}: needs PAGE = '<slug>' and RUNS = [<snippet paths>] as literals")
            continue
        expected = f"test_{page.replace('-', '_')}.py"
        if path.name != expected:
            problems.append(f"{rel}: the scenario of page {page!r} must be named {expected}")
        if page in found:
            problems.append(f"{rel}: page {page!r} already has a scenario in {found[page].module.relative_to(ROOT)}")
            continue
        after, keeps = _literal(module, "AFTER") or (), _literal(module, "KEEPS") or ()
        found[page] = Declaration(page, path, tuple(runs), after if after == "all" else tuple(after), tuple(keeps))
    return found, problems


def load(live_dir: Path = LIVE_TESTS) -> Inventory:
    site = site_pages.pages()
    blocks, problems = read_blocks(site)
    declarations, more = read_declarations(live_dir)
    inventory = Inventory([p.slug for p in site], blocks, declarations, problems + more)
    inventory.problems += _cross_check(inventory)
    return inventory


def _cross_check(inv: Inventory) -> list[str]:
    problems = []
    shown = {b.snippet for b in inv.blocks}
    for page, decl in inv.declarations.items():
        rel = decl.module.relative_to(ROOT)
        if page not in inv.pages:
            problems.append(f"{rel}: PAGE {page!r} is not a page of the site (mkdocs.yml nav)")
        for snippet in decl.runs:
            if snippet not in shown:
                problems.append(f"{rel}: RUNS names {snippet!r}, which no page shows")
        static_here = {b.snippet for b in inv.blocks_of(page) if b.static_only}
        run_here = {b.snippet for b in inv.blocks_of(page) if not b.static_only}
        for snippet in sorted(static_here & set(decl.runs) - run_here):
            problems.append(f"{rel}: runs {snippet!r}, but docs/{page}.md marks it static-only")
    for block in inv.blocks:
        if block.static_only:
            continue
        declared = inv.declarations.get(block.page)
        if declared is None:
            problems.append(
                f"{block.where}: `{block.snippet}` is run by nothing: page {block.page!r} has no live scenario "
                f"(tests/live/test_{block.page.replace('-', '_')}.py) and the block has no static-only annotation"
            )
        elif block.snippet not in declared.runs:
            problems.append(
                f"{block.where}: `{block.snippet}` is run by nothing: add it to RUNS in "
                f"{declared.module.relative_to(ROOT)} (and run it there), or annotate the block with "
                "<!-- harness: static-only — <reason> -->"
            )
    return problems
