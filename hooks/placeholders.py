"""MkDocs hook: the tutorial's placeholders (<username>, <github-user>, <github-token>).

Build-time values come from environment variables (see workshop.build_values): set
WORKSHOP_USERNAME to bake a participant's name into the whole site (handouts, a workshop
copy), WORKSHOP_GITHUB_USER / WORKSHOP_GITHUB_TOKEN for the secret section. Without them the
pages keep a marked placeholder that the reader's browser fills in (workshop.placeholders).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from workshop import placeholders
from workshop.build_values import values_from_env
from workshop.render.sentinels import SentinelExtension
from workshop.username import InvalidUsername, derive_rule


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        values = values_from_env()
    except InvalidUsername as error:
        raise PluginError(str(error)) from None
    config.markdown_extensions.append(SentinelExtension())
    config.extra["wk"] = {
        "usernameRule": derive_rule().as_dict(),
        "bakedUsername": values.get(placeholders.USERNAME.name, ""),
        # Whether the secret step's values are in this build (never the values themselves):
        # the page then shows no form for them, and the handouts refuse to print it unasked.
        "bakedGithub": all(p.name in values for p in (placeholders.GITHUB_USER, placeholders.GITHUB_TOKEN)),
        "carriesToken": placeholders.carries_secrets(values),
    }
    return config


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    values = values_from_env()
    for item in _walk(page.toc):
        item.title = placeholders.render_html(item.title, values)  # the TOC is HTML: spans fill there too
        item.id = placeholders.render_id(item.id, values)
    if page._title_from_render:  # MkDocs 1.6 (pinned): the first h1's text, used in <title> and the nav
        page._title_from_render = placeholders.render_text(page._title_from_render, values)
    return placeholders.render_html(html, values)


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    return placeholders.bake_secrets(output, values_from_env())


def _walk(toc):
    for item in toc:
        yield item
        yield from _walk(item.children)
