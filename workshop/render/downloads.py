"""Download links for the snippet blocks, and the snippet files the links point to.

A code block titled with its file's name that is exactly one include (```` ```yaml title="c1.yaml" ```` /
``--8<-- "simple-config-files/c1.yaml"``) gets a link to that snippet file in its title bar,
and the built site holds a copy of every snippet under ``downloads/``, with the build's baked
values filled in. Three steps, each a plain function of text a builder's hook calls:

1. ``tag_fences(markdown)``, on the page's Markdown before includes: marks each such title
   with a letters-only marker that survives rendering, and returns the snippets in order;
2. ``add_links(html, snippets, href)``, on the rendered HTML: marker -> download link;
3. ``write_copies(site_dir, values)``, after the build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from workshop import placeholders
from workshop.pages import fences
from workshop.paths import SNIPPETS

FOLDER = "downloads"
_TITLE_RE = re.compile(r'\btitle="([^"]*)"')
# A marker made of letters and digits only, so it survives as plain text in the title span.
_MARK = "wkdl{}wkdl"
_FILENAME_RE = re.compile(r'<span class="filename">([^<]*?)wkdl(\d+)wkdl</span>')


def tag_fences(markdown: str) -> tuple[str, list[str]]:
    """(markdown with each titled include's title marked, the included snippets in order)."""
    # keepends: the same line numbering as pages.fences(), and the text rejoins unchanged.
    lines = markdown.splitlines(keepends=True)
    snippets: list[str] = []
    for fence in fences(markdown):
        title = _TITLE_RE.search(fence.info)
        # Only a block titled with its file's name ("c1.yaml") is a file to save; "inside the
        # pod s1-<username>" marks commands to type in a pod's shell, where no download helps.
        if fence.include and title and title.group(1) == Path(fence.include).name:
            mark = _MARK.format(len(snippets))
            snippets.append(fence.include)
            opening = fence.line - 1
            lines[opening] = _TITLE_RE.sub(_titled(mark), lines[opening], count=1)
    return "".join(lines), snippets


def add_links(html: str, snippets: list[str], href: Callable[[str], str]) -> str:
    """Each marked title gets its link; href("downloads/<snippet>") is the URL from this page."""

    def link(match: re.Match) -> str:
        title, snippet = match.group(1), snippets[int(match.group(2))]
        name = Path(snippet).name
        return (
            f'<span class="filename">{title}<a class="wk-download" href="{href(f"{FOLDER}/{snippet}")}" '
            f'download="{name}" data-wk-snippet="{snippet}" title="Download {name}" '
            f'aria-label="Download {name}"></a></span>'
        )

    return _FILENAME_RE.sub(link, html)


def write_copies(site_dir: Path, values: dict[str, str], snippets: Path = SNIPPETS) -> None:
    """Every snippet file under site_dir/downloads/, with the baked values filled in."""
    target = Path(site_dir) / FOLDER
    for path in sorted(snippets.rglob("*")):
        if path.is_file():
            out = target / path.relative_to(snippets)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(placeholders.substitute(path.read_text(encoding="utf-8"), values), encoding="utf-8")


def _titled(mark: str):
    """A replacement that puts the download mark after a block's title."""
    return lambda match: f'title="{match.group(1)}{mark}"'
