"""workshop.render.print_page: the print view's first section is the "Introduction" on paper."""

import pytest

from workshop.render.print_page import HOME_ON_PAPER, PrintPageChanged, retitle_home

TOC = '<a href="#index" class="md-nav__link">\n    <span class="md-ellipsis">\n        1 Home\n    </span>'
SECTION = (
    '<section class="print-page" id="index" heading-number="1"><h1 id="index-title">Some title'
    '<a class="headerlink" href="#index-title">&para;</a></h1>'
)


def test_the_contents_entry_and_the_heading_both_say_introduction():
    out = retitle_home(TOC + SECTION)
    assert f"1 {HOME_ON_PAPER}" in out and "Home" not in out
    assert f'<h1 id="index-title">{HOME_ON_PAPER}<a class="headerlink"' in out


@pytest.mark.parametrize("html", [TOC, SECTION, ""])
def test_a_print_view_that_changed_shape_is_an_error_not_a_silent_home(html):
    with pytest.raises(PrintPageChanged):
        retitle_home(html)


def test_the_built_print_view_has_it(built_site):
    page = (built_site / "print" / "index.html").read_text(encoding="utf-8")
    assert f"1 {HOME_ON_PAPER}" in page and "1 Home" not in page
