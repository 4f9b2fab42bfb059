"""MkDocs hook: the text the search index reads from a page, apart from what the page shows.

Material's search plugin takes each page's HTML in its own ``on_page_context``. Around it,
this hook lends it a version in which a *mention* of a placeholder (written ``\\<username>``,
"replace every <username> yourself") can no longer be taken for a command's placeholder: the
search results' script fills every ``<username>`` it finds with the reader's name, which
turned "replace every <username>" into "replace every alice". The page itself is given back
unchanged before it is rendered. (Diagrams are kept out by their ``data-search-exclude``.)
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from workshop.placeholders import search_text

_KEPT = "wk_page_html"


@event_priority(100)  # before the search plugin (priority 0)
def _lend(context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    page.meta[_KEPT] = page.content
    page.content = search_text(page.content or "")
    return context


@event_priority(-100)  # after it, before the page is rendered
def _give_back(context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    page.content = page.meta.pop(_KEPT, page.content)
    return context


on_page_context = CombinedEvent(_lend, _give_back)
