"""Which tests a change can break, so that a pull request is answered in minutes.

- The static tier (tests/static) always: seconds, no cluster.
- A page's live scenario when its page (docs/<slug>.md), one of its snippets (any snippet its
  page shows or its scenario runs), its diagram (docs/diagrams/<slug>.svg) or its scenario
  (tests/live/test_<slug>.py) changed; then also the pages it stands on (its AFTER), the pages
  that stand on it (theirs name it: they read what it keeps), and the end-of-session cleanup
  page (AFTER = "all": it comes after every page and deletes what they kept).
- The site's suites (tests/site, tests/hooks) when a page, a snippet, an override or the site's
  configuration changed; the browser suite when its script, styles or overrides did; a test
  suite when its own files did.
- Everything when shared code changed: the package (workshop/), the hooks, cluster/, the test
  command, the dependencies, the shared test helpers. (A README outside docs/ runs no more than
  the static tier, which checks what it says of the layout.)

``python -m workshop.harness select [--base REF]`` prints the selection with the reason for
each page, and ``scripts/run-tests --changed [REF]`` runs it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from workshop.harness.static.inventory import Inventory
from workshop.paths import ROOT

# A change under one of these can break any test: the whole run.
SHARED = (
    "workshop/",
    "hooks/",
    "cluster/",
    "scripts/run-tests",
    "scripts/install-system-packages",
    "scripts/install-tools",
    "pyproject.toml",
    "Makefile",
    ".ci/",
    "tests/conftest.py",
    "tests/capabilities.py",
    "tests/sitebuild.py",
    "tests/specimen.py",
    "tests/live/conftest.py",
)
SITE_INPUTS = ("docs/", "snippets/", "overrides/", "mkdocs.yml")
BROWSER_INPUTS = ("docs/javascripts/", "docs/stylesheets/", "overrides/")
CLEANUP_PAGE = "cleanup"


@dataclass
class Selection:
    whole: str | None = None  # why everything runs, or None
    pages: dict[str, list[str]] = field(default_factory=dict)  # slug -> why its scenario runs
    suites: dict[str, list[str]] = field(default_factory=dict)  # tests/<suite> -> why

    def add_page(self, page: str, why: str) -> None:
        reasons = self.pages.setdefault(page, [])
        if why not in reasons:
            reasons.append(why)

    def add_suite(self, suite: str, why: str) -> None:
        reasons = self.suites.setdefault(suite, [])
        if why not in reasons:
            reasons.append(why)

    def pytest_args(self) -> list[str]:
        """What pytest runs for this selection (the whole run: nothing to say, run-tests runs all)."""
        live = [f"tests/live/test_{page.replace('-', '_')}.py" for page in self.pages]
        return [*sorted(self.suites), *live]

    def describe(self) -> str:
        if self.whole:
            return f"selection: everything ({self.whole})"
        lines = ["selection:"]
        lines += [f"  {suite}: {'; '.join(why)}" for suite, why in sorted(self.suites.items())]
        lines += [f"  page {page}: {'; '.join(why)}" for page, why in self.pages.items()]
        if not self.pages:
            lines.append("  no page's live scenario: nothing a page shows or runs changed")
        return "\n".join(lines)


def changed_files(base: str, root=ROOT) -> list[str]:
    """Files that differ from `base` (its merge base with HEAD), committed or not, and new ones."""

    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60, check=True).stdout
        return [line for line in out.splitlines() if line]

    merge_base = git("merge-base", base, "HEAD")[0]
    return sorted(set(git("diff", "--name-only", merge_base)) | set(git("ls-files", "--others", "--exclude-standard")))


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p) for p in prefixes)


def select(files: list[str], inventory: Inventory) -> Selection:
    chosen = Selection()
    chosen.add_suite("tests/static", "always")
    runs_of = {page: set(decl.runs) for page, decl in inventory.declarations.items()}
    for path in files:
        if path.endswith(".md") and not path.startswith("docs/"):
            continue  # prose for maintainers (READMEs): the static tier reads what it must
        if _under(path, SHARED):
            chosen.whole = f"{path} is shared by every test"
            return chosen
        parts = PurePosixPath(path).parts
        if _under(path, SITE_INPUTS):
            chosen.add_suite("tests/site", f"{path} changed: the site is built from it")
            chosen.add_suite("tests/hooks", f"{path} changed: the site is built from it")
        if _under(path, BROWSER_INPUTS):
            chosen.add_suite("tests/browser", f"{path} changed: the pages run or show it")
        if len(parts) >= 2 and parts[0] == "tests" and parts[1] != "live":
            chosen.add_suite(f"tests/{parts[1]}", f"{path} changed")
        for page in _pages_of(path, inventory, runs_of):
            chosen.add_page(page, f"{path} changed")
    _close_over_dependencies(chosen, inventory)
    return chosen


def _pages_of(path: str, inventory: Inventory, runs_of: dict[str, set[str]]) -> list[str]:
    """The pages with a live scenario whose test a change of this file can break."""
    p = PurePosixPath(path)
    scenarios = inventory.declarations
    if p.parts[:1] == ("snippets",) and len(p.parts) >= 3:
        snippet = str(PurePosixPath(*p.parts[1:]))
        shown = {b.page for b in inventory.blocks if b.snippet == snippet}
        ran = {page for page, runs in runs_of.items() if snippet in runs}
        return sorted((shown | ran) & set(scenarios))
    if p.parts[:2] == ("docs", "diagrams") and p.suffix == ".svg":
        return [p.stem] if p.stem in scenarios else []
    if p.parts[:1] == ("docs",) and len(p.parts) == 2 and p.suffix == ".md":
        return [p.stem] if p.stem in scenarios else []
    if p.parts[:2] == ("tests", "live") and p.name.startswith("test_"):
        return [page for page, decl in scenarios.items() if decl.module.name == p.name]
    return []


def _close_over_dependencies(chosen: Selection, inventory: Inventory) -> None:
    """Add the pages a selected page stands on, the pages that stand on it, and the cleanup page."""
    scenarios = inventory.declarations
    changed = True
    while changed:
        changed = False
        for page in list(chosen.pages):
            after = scenarios[page].after if page in scenarios else ()
            for dep in () if after == "all" else after:
                if dep not in chosen.pages:
                    chosen.add_page(dep, f"{page} stands on it (AFTER)")
                    changed = True
            for other, decl in scenarios.items():
                if decl.after != "all" and page in decl.after and other not in chosen.pages:
                    chosen.add_page(other, f"it stands on {page} (AFTER): it reads what {page} leaves")
                    changed = True
    if chosen.pages and CLEANUP_PAGE in scenarios and CLEANUP_PAGE not in chosen.pages:
        chosen.add_page(CLEANUP_PAGE, "the end-of-session cleanup comes after every page and deletes what they kept")


def main(argv: list[str]) -> int:
    """python -m workshop.harness select [--base REF] [--files F ...] [--pytest-args]"""
    import argparse
    import sys

    from workshop.harness.static import inventory

    parser = argparse.ArgumentParser(prog="python -m workshop.harness select", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="compare with this git ref (its merge base; default: main)")
    parser.add_argument("--files", nargs="*", help="these changed files instead of git's")
    parser.add_argument("--pytest-args", action="store_true", help="print what pytest runs, one a line ('all': all)")
    args = parser.parse_args(argv)
    try:
        files = args.files if args.files is not None else changed_files(args.base)
    except (subprocess.CalledProcessError, IndexError):
        print(f"select: git cannot compare with {args.base!r}: fetch it, or pass --base", file=sys.stderr)
        return 2
    chosen = select(files, inventory.load())
    print(chosen.describe(), file=sys.stderr)
    if args.pytest_args:
        print("\n".join(["all"] if chosen.whole else chosen.pytest_args()))
    return 0
