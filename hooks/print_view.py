"""MkDocs hook: feed the print view (mkdocs-print-site-plugin) the finished page HTML.

The print-site plugin keeps a copy of each page's HTML in its own ``on_page_content``, which
runs before any hook, so it would keep the placeholder sentinels that hooks/placeholders.py
turns into spans or baked values. This hook is listed after that one and hands the plugin
the final HTML instead; after the build it puts the secrets' build-time values in, heads the
first section as paper shows it (workshop.render.print_page), and checks that no sentinel
reached the print page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from workshop.build_values import values_from_env
from workshop.placeholders import SENTINEL_RE, bake_secrets
from workshop.render.print_page import PrintPageChanged, retitle_home

PRINT_PLUGIN = "print-site"


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if PRINT_PLUGIN in config.plugins:
        page.html = html  # type: ignore[attr-defined]  # what the print-site plugin combines pages from
    return html


def on_post_build(*, config: MkDocsConfig) -> None:
    plugin = config.plugins.get(PRINT_PLUGIN)
    if plugin is None:
        return
    printed = Path(plugin.print_page.file.abs_dest_path)
    if not printed.exists():
        raise PluginError(f"print view: {printed} was not written")
    try:
        text = retitle_home(bake_secrets(printed.read_text(encoding="utf-8"), values_from_env()))
    except PrintPageChanged as error:
        raise PluginError(str(error)) from None
    printed.write_text(text, encoding="utf-8")
    leftover = SENTINEL_RE.search(text)
    if leftover:
        raise PluginError(f"print view: placeholder sentinel {leftover.group(0)!r} left in {printed}")
