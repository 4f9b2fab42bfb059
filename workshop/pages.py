"""The tutorial's pages and their code blocks, read from the sources (mkdocs.yml, docs/, snippets/).

Every code block on a page is a fence holding exactly one pymdownx.snippets include::

    ```yaml title="s1.yaml"
    --8<-- "ephemeral-storage/s1.yaml"
    ```

so a page's code blocks are, in order, the files it includes. The site tests and the
test harness that runs the tutorial both read pages through this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from workshop.paths import ROOT, SNIPPETS

IN_POD_PREFIX = "in-pod-"  # snippets typed inside a pod, not on the participant's machine

_FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_INCLUDE_RE = re.compile(r'^[ \t]*--8<--[ \t]+"(?P<path>[^"]+)"[ \t]*$')
_TITLE_RE = re.compile(r'title="(?P<title>[^"]*)"')


@dataclass(frozen=True)
class Page:
    slug: str  # file stem: "index", "ephemeral-storage", ...
    path: Path  # the Markdown source
    title: str  # as in the nav, and as the page's h1

    def markdown(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def html_path(self, site_dir: Path) -> Path:
        """Where `mkdocs build` writes the page (use_directory_urls: true)."""
        if self.slug == "index":
            return Path(site_dir) / "index.html"
        return Path(site_dir) / self.slug / "index.html"


@dataclass(frozen=True)
class Fence:
    """A fenced block as written, whatever its content."""

    line: int  # 1-based line of the opening fence
    info: str  # what follows the backticks: 'yaml title="s1.yaml"'
    body: list[str]  # the lines between the fences, indentation removed

    @property
    def include(self) -> str | None:
        """The included snippet's path if the body is exactly one include, else None."""
        if len(self.body) != 1:
            return None
        match = _INCLUDE_RE.match(self.body[0])
        return match["path"] if match else None


@dataclass(frozen=True)
class CodeBlock:
    page: Page
    line: int  # 1-based line of the opening fence in page.path
    lang: str  # "yaml", "bash"
    title: str | None  # the block's title, e.g. the manifest's file name
    snippet: str  # path under snippets/, e.g. "ephemeral-storage/s1.yaml"

    @property
    def in_pod(self) -> bool:
        """Typed inside a pod (after `kubectl exec`), not on the participant's machine."""
        return Path(self.snippet).name.startswith(IN_POD_PREFIX)

    @property
    def snippet_path(self) -> Path:
        return SNIPPETS / self.snippet

    def text(self) -> str:
        """The snippet as the page shows it, placeholders still as `<username>`."""
        return self.snippet_path.read_text(encoding="utf-8").rstrip("\n")


class _IgnoreTagsLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; the nav does not need them."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_config(root: Path = ROOT) -> dict:
    """mkdocs.yml as data, its tags (`!ENV`, `!relative`) read as None."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTagsLoader)


def pages(root: Path = ROOT) -> list[Page]:
    """The pages in nav order (nested nav sections are flattened)."""
    config = site_config(root)
    found: list[Page] = []

    def walk(entries) -> None:
        for entry in entries:
            if isinstance(entry, str):
                raise ValueError(f"nav entry without a title: {entry!r}")
            ((title, target),) = entry.items()
            if isinstance(target, list):
                walk(target)
            else:
                found.append(Page(Path(target).stem, root / "docs" / target, title))

    walk(config["nav"])
    return found


def fences(markdown: str) -> list[Fence]:
    """Every fenced block, also those indented inside admonitions and details."""
    lines = markdown.splitlines()
    found: list[Fence] = []
    i = 0
    while i < len(lines):
        opening = _FENCE_OPEN_RE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j].lstrip())
            j += 1
        found.append(Fence(i + 1, opening["info"].strip(), body))
        i = j + 1
    return found


def include_lines(markdown: str) -> list[tuple[int, str]]:
    """(line, path) of every snippet include, inside a fence or not."""
    return [
        (number, match["path"])
        for number, line in enumerate(markdown.splitlines(), start=1)
        if (match := _INCLUDE_RE.match(line))
    ]


def code_blocks(page: Page) -> list[CodeBlock]:
    """The page's code blocks in order; a fence that is not exactly one include is an error."""
    blocks: list[CodeBlock] = []
    for fence in fences(page.markdown()):
        if fence.include is None:
            raise ValueError(f"{page.path}:{fence.line}: a code block must be exactly one snippet include")
        words = fence.info.split()
        title = _TITLE_RE.search(fence.info)
        blocks.append(
            CodeBlock(
                page=page,
                line=fence.line,
                lang=words[0] if words else "",
                title=title["title"] if title else None,
                snippet=fence.include,
            )
        )
    return blocks


def snippet_files(root: Path = ROOT) -> list[str]:
    """Every file under snippets/, as the path an include names."""
    base = root / "snippets"
    return sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file())
