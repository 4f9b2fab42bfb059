"""MkDocs hook: a download link on every titled snippet block, and the snippet files in the
site (workshop.render.downloads). Listed before hooks/placeholders.py: the link goes into the
title before the title's placeholders are rendered."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from workshop.build_values import values_from_env
from workshop.render import downloads

_SNIPPETS_KEY = "wk_snippets"  # page.meta: the snippets of the page's titled blocks, in order


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    markdown, page.meta[_SNIPPETS_KEY] = downloads.tag_fences(markdown)
    return markdown


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return downloads.add_links(html, page.meta.get(_SNIPPETS_KEY, []), lambda path: get_relative_url(path, page.url))


def on_post_build(*, config: MkDocsConfig) -> None:
    downloads.write_copies(Path(config.site_dir), values_from_env())
