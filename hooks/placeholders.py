"""MkDocs hook: the tutorial's placeholders (<username>, <github-user>, <github-token>).

Build-time values come from environment variables (see workshop.placeholders): set
WORKSHOP_USERNAME to bake a participant's name into the whole site (handouts, a workshop
copy), WORKSHOP_GITHUB_USER / WORKSHOP_GITHUB_TOKEN for the secret section. Without them the
pages keep a marked placeholder that the reader's browser fills in.

It also gives every titled code block a download link to its snippet file, and copies the
snippet files into the site (with the baked values) under downloads/.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo's own package

from workshop import placeholders  # noqa: E402
from workshop.pages import fences  # noqa: E402  (the one fence reader, shared with the tests and harness)
from workshop.username import InvalidUsername, derive_rule  # noqa: E402

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"
DOWNLOADS = "downloads"

_values: dict[str, str] = {}


class _Sentinels(Preprocessor):
    def run(self, lines):
        return [placeholders.to_sentinels(line) for line in lines]


class _SentinelExtension(Extension):
    def extendMarkdown(self, md):
        # After pymdownx.snippets (32) has included the files, before fences are highlighted (25).
        md.preprocessors.register(_Sentinels(md), "wk_placeholders", 31.5)


def on_config(config):
    global _values
    try:
        _values = placeholders.values_from_env()
    except InvalidUsername as error:
        raise PluginError(str(error)) from None
    config.markdown_extensions.append(_SentinelExtension())
    config.extra["wk"] = {
        "usernameRule": derive_rule().as_dict(),
        "bakedUsername": _values.get(placeholders.USERNAME.name, ""),
    }
    return config


def on_page_markdown(markdown, page, **kwargs):
    # Raw Markdown, before includes: tag the title of every fence that is exactly one
    # include, so the rendered title can carry a download link to that snippet file.
    markdown, page.meta["wk_snippets"] = _tag_snippet_fences(markdown)
    return markdown


TITLE_RE = re.compile(r'\btitle="([^"]*)"')
# A marker made of letters and digits only, so it survives as plain text in the title span.
DOWNLOAD_MARK = "wkdl{}wkdl"
FILENAME_RE = re.compile(r'<span class="filename">([^<]*?)wkdl(\d+)wkdl</span>')


def _tag_snippet_fences(markdown: str) -> tuple[str, list[str]]:
    # keepends: the same line numbering as pages.fences(), and the text rejoins unchanged.
    lines = markdown.splitlines(keepends=True)
    snippets: list[str] = []
    for fence in fences(markdown):
        if fence.include and TITLE_RE.search(fence.info):
            mark = DOWNLOAD_MARK.format(len(snippets))
            snippets.append(fence.include)
            opening = fence.line - 1
            lines[opening] = TITLE_RE.sub(lambda m: f'title="{m.group(1)}{mark}"', lines[opening], count=1)
    return "".join(lines), snippets


def _add_download_links(html: str, page) -> str:
    snippets = page.meta.get("wk_snippets", [])

    def link(match: re.Match) -> str:
        title, index = match.group(1), int(match.group(2))
        snippet = snippets[index]
        href = get_relative_url(f"{DOWNLOADS}/{snippet}", page.url)
        name = Path(snippet).name
        return (
            f'<span class="filename">{title}<a class="wk-download" href="{href}" download="{name}" '
            f'data-wk-snippet="{snippet}" title="Download {name}" aria-label="Download {name}"></a></span>'
        )

    return FILENAME_RE.sub(link, html)


def on_page_content(html, page, **kwargs):
    html = _add_download_links(html, page)
    for item in _walk(page.toc):
        item.title = placeholders.render_html(item.title, _values)  # the TOC is HTML: spans fill there too
        item.id = placeholders.render_id(item.id, _values)
    if page._title_from_render:  # MkDocs 1.6 (pinned): the first h1's text, used in <title> and the nav
        page._title_from_render = placeholders.render_text(page._title_from_render, _values)
    return placeholders.render_html(html, _values)


def _walk(toc):
    for item in toc:
        yield item
        yield from _walk(item.children)


def on_post_build(config, **kwargs):
    target = Path(config.site_dir) / DOWNLOADS
    for path in sorted(SNIPPETS.rglob("*")):
        if path.is_file():
            out = target / path.relative_to(SNIPPETS)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(placeholders.substitute(path.read_text(encoding="utf-8"), _values), encoding="utf-8")
