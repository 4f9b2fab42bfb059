"""The print view's first section, as paper shows it.

On the site the home page is "Home" in the navigation and is headed with the tutorial's title.
In the print view (mkdocs-print-site-plugin) that gave "1 Home" in the contents and a section
headed with the title the cover has just shown. On paper both say "Introduction".
"""

from __future__ import annotations

import re

HOME_ON_PAPER = "Introduction"
_TOC_ENTRY = re.compile(r'(<a href="#index" class="md-nav__link">\s*<span class="md-ellipsis">\s*\d+ )Home(\s*</span>)')
_HEADING = re.compile(r'(<section class="print-page" id="index"[^>]*><h1 id="[^"]*">)[^<]*(<a class="headerlink")')


class PrintPageChanged(ValueError):
    """The plugin's output no longer looks as expected: say so rather than print "Home"."""


def retitle_home(page_html: str) -> str:
    page_html, toc = _TOC_ENTRY.subn(rf"\g<1>{HOME_ON_PAPER}\g<2>", page_html, count=1)
    page_html, heading = _HEADING.subn(rf"\g<1>{HOME_ON_PAPER}\g<2>", page_html, count=1)
    if not (toc and heading):
        raise PrintPageChanged(
            f"print view: the home section's {'contents entry' if not toc else 'heading'} was not found "
            f"(has mkdocs-print-site-plugin changed its HTML?)"
        )
    return page_html
