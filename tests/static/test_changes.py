"""The selection of what a change can break (workshop.harness.changes): each kind of file selects
what it must, and no page that could break is left out: a page that reads what another keeps,
the pages a page stands on, the end-of-session cleanup."""

from __future__ import annotations

import re

import pytest

from workshop.harness.changes import CLEANUP_PAGE, select
from workshop.harness.static import inventory
from workshop.paths import SNIPPETS

INV = inventory.load()
PAGES = sorted(INV.declarations)


def pages_for(*files: str) -> set[str]:
    return set(select(list(files), INV).pages)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_its_snippets_its_diagram_and_its_scenario_each_select_the_page(page):
    decl = INV.declarations[page]
    own = [f"docs/{page}.md", f"tests/live/{decl.module.name}", f"docs/diagrams/{page}.svg"]
    own += [f"snippets/{s}" for s in decl.runs]
    for path in own:
        chosen = select([path], INV)
        assert chosen.whole is None, (path, chosen.whole)
        assert page in chosen.pages, f"{path} does not select page {page}: {chosen.describe()}"
        assert "tests/static" in chosen.suites


def test_shared_code_selects_everything_and_prose_nothing_more_than_the_static_tier():
    for path in (
        "workshop/pages.py",
        "hooks/placeholders.py",
        "cluster/kind/up",
        "pyproject.toml",
        "tests/live/conftest.py",
        "scripts/run-tests",
    ):
        assert select([path], INV).whole, path
    readme = select(["README.md", "cluster/README.md"], INV)
    assert readme.whole is None and not readme.pages and set(readme.suites) == {"tests/static"}


def test_the_site_and_browser_suites_follow_what_they_read():
    assert {"tests/site", "tests/hooks"} <= set(select(["docs/index.md"], INV).suites)
    assert not select(["docs/index.md"], INV).pages, "the home page has no live scenario"
    assert "tests/browser" in select(["docs/javascripts/username.js"], INV).suites
    assert set(select(["tests/handouts/test_roster.py"], INV).suites) == {"tests/static", "tests/handouts"}


def test_pages_stand_on_their_after_and_the_cleanup_comes_last():
    for page, decl in INV.declarations.items():
        chosen = pages_for(f"docs/{page}.md")
        if decl.after != "all":
            assert set(decl.after) <= chosen, (page, decl.after, chosen)
        assert CLEANUP_PAGE in chosen, page


@pytest.mark.parametrize("page", [p for p in PAGES if INV.declarations[p].keeps])
def test_a_page_that_reads_what_a_changed_page_keeps_is_selected(page):
    """Found from the snippets, not from AFTER: every page whose snippets name an object the
    changed page keeps must run too, or a change there would break it unseen."""
    kept = INV.declarations[page].keeps
    readers = set()
    for other, decl in INV.declarations.items():
        if other == page:
            continue
        texts = [(SNIPPETS / s).read_text(encoding="utf-8") for s in decl.runs]
        if any(re.search(re.escape(name), text) for name in kept for text in texts):
            readers.add(other)
    assert readers, f"nothing reads what {page} keeps ({kept}): KEEPS is stale"
    assert readers <= pages_for(f"docs/{page}.md"), (readers, pages_for(f"docs/{page}.md"))


def test_the_selection_names_its_reasons():
    text = select(["snippets/using-a-secret/c4pt.yaml"], INV).describe()
    assert "page using-a-secret: snippets/using-a-secret/c4pt.yaml changed" in text
    assert "page communicating-between-containers: it stands on using-a-secret" in text
