"""Printing any page from the browser: no site chrome, no line cut at the margin, blocks kept whole."""

from __future__ import annotations

import subprocess

import pytest
from handoutkit import squeeze

from workshop.handouts.site import printed_pages
from workshop.pages import code_blocks, pages

HIDDEN_IN_PRINT = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-banner",
    ".md-code__button",
    ".wk-download",
    "form.wk-username",
    ".headerlink",
]


def longest_line():
    """The longest line of any code block, and the page that shows it."""
    return max(
        ((line, page) for page in pages() for block in code_blocks(page) for line in block.text().splitlines()),
        key=lambda item: len(item[0]),
    )


@pytest.fixture()
def print_page(browser, site_server):
    """A section page as the browser prints it (print media)."""
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


def page_url(site_server, page):
    return site_server + ("" if page.slug == "index" else f"{page.slug}/")


def test_site_chrome_and_copy_buttons_are_not_printed(print_page, site_server):
    section = next(p for p in pages() if p.slug != "index" and code_blocks(p))
    print_page.goto(page_url(site_server, section))
    print_page.wait_for_selector(".md-code__button", state="attached")  # added by Material's script
    shown = print_page.evaluate(
        """selectors => selectors.filter(s =>
        [...document.querySelectorAll(s)].some(el => getComputedStyle(el).display !== 'none' && el.getClientRects().length))""",
        HIDDEN_IN_PRINT,
    )
    assert shown == []


def test_no_code_line_is_cut_at_the_margin(print_page, site_server, tmp_path):
    line, section = longest_line()
    assert len(line) > 120  # long enough to need wrapping on paper
    print_page.goto(page_url(site_server, section))
    overflowing = print_page.evaluate("""() => [...document.querySelectorAll('pre, pre > code')]
        .filter(el => el.scrollWidth > el.clientWidth + 1).length""")
    assert overflowing == 0
    pdf = tmp_path / "page.pdf"
    print_page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert squeeze(line) in squeeze(text)


def test_code_blocks_avoid_page_breaks_and_sections_start_a_page(print_page, site_server):
    print_page.goto(site_server + "print/")
    styles = print_page.evaluate("""() => ({
        block: getComputedStyle(document.querySelector('.md-typeset .highlight')).breakInside,
        sections: [...document.querySelectorAll('#print-site-page section.print-page')].slice(1)
                    .map(s => getComputedStyle(s).breakBefore),
    })""")
    assert styles["block"] == "avoid"
    assert styles["sections"] and set(styles["sections"]) == {"page"}


def test_the_print_view_has_every_section_in_order_and_no_sentinel(site):
    page = (site / "print" / "index.html").read_text(encoding="utf-8")
    assert "wkph" not in page  # every placeholder became a span (hooks/print_view.py)
    assert 'id="print-site-cover-page"' in page and 'data-wk-ph="username"' in page
    headings = [p.markdown().split("\n", 1)[0].removeprefix("# ").strip() for p in printed_pages()]
    positions = [page.find(f">{heading}<") for heading in headings]
    assert -1 not in positions, dict(zip(headings, positions, strict=True))
    assert positions == sorted(positions)
