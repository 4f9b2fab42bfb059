"""Diagram labels that name the reader's objects stay inside their boxes, whatever the name's
length (hooks/diagrams.py marks them, docs/javascripts/username.js fits them)."""

from __future__ import annotations

import pytest

from workshop import pages as site_pages
from workshop.username import longest_example

LONGEST = longest_example()
DIAGRAM_PAGES = [p.slug for p in site_pages.pages() if "{ .wk-diagram }" in p.markdown()]

LABELS_JS = """() => [...document.querySelectorAll('article svg.wk-diagram text[data-wk-fit]')].map(label => {
  const shown = label.querySelector('.wk-fit-shown');
  return {
    room: parseFloat(label.getAttribute('data-wk-fit')),
    width: label.getComputedTextLength(),
    full: label.querySelector('.wk-fit-src').textContent,
    shown: shown ? shown.textContent : null,
    fontSize: label.style.fontSize,
  };
})"""


def labels_with(page, base: str, slug: str, username: str) -> list[dict]:
    page.goto(f"{base}{slug}/")
    assert page.evaluate("name => window.wkUsername.set(name)", username)["ok"]
    labels = page.evaluate(LABELS_JS)
    assert labels, f"{slug}: no diagram label names the reader's objects"
    return labels


def test_every_section_diagram_has_labels_to_fit():
    assert len(DIAGRAM_PAGES) >= 8, DIAGRAM_PAGES


@pytest.mark.parametrize("slug", DIAGRAM_PAGES)
def test_the_longest_username_stays_inside_the_boxes(page, site_server, slug):
    for label in labels_with(page, site_server, slug, LONGEST):
        assert label["width"] <= label["room"] + 0.5, label
        assert LONGEST in label["full"], label  # the placeholder is filled, only hidden
        if label["shown"] is not None:  # shortened in the middle
            head, tail = label["shown"].split("\u2026")
            assert label["full"].startswith(head) and label["full"].endswith(tail), label
            assert len(head) >= 4 and tail, label


@pytest.mark.parametrize("slug", ["simple-config-files", "using-a-secret"])
def test_a_short_name_is_shown_whole_and_a_change_refits(page, site_server, slug):
    long_labels = labels_with(page, site_server, slug, LONGEST)
    assert any(label["shown"] for label in long_labels)
    assert page.evaluate("name => window.wkUsername.set(name)", "alice")["ok"]
    for label in page.evaluate(LABELS_JS):
        assert label["shown"] is None and label["fontSize"] == "" and "alice" in label["full"], label
        assert label["width"] <= label["room"], label
