"""MkDocs hook: draw the section diagrams inline (workshop.render.diagrams), so that their
`<username>` is filled in the browser and baked into handouts like the text around them."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from workshop.build_values import values_from_env
from workshop.render.diagrams import inline_diagrams


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # hooks/placeholders.py has already refused invalid values in on_config.
    return inline_diagrams(html, values_from_env())
