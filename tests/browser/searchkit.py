"""Typing into Material's search box as a reader does (a module of its own, not conftest.py:
`from conftest import` would pick whichever conftest pytest loaded first)."""

from __future__ import annotations

READY_JS = (
    "() => (document.querySelector('.md-search-result__meta') || {}).textContent?.trim() === 'Type to start searching'"
)


def type_query(page, query: str) -> None:
    """Key by key, once Material says its index is ready: it searches on key events, so a query
    typed before the index is ready is never searched (CI saw an empty result list twice)."""
    page.locator(".md-search__input").click()
    page.wait_for_function(READY_JS, timeout=20_000)
    page.locator(".md-search__input").press_sequentially(query)
