"""Page numbers for a handout's table of contents.

Chromium cannot count pages for CSS (no ``target-counter``), but the PDF it prints keeps a
named destination for every element a link points to, with the page it landed on. So a
handout is printed, the page of each contents entry is read back from that PDF, the numbers
are written into the contents (``data-wk-page``, shown by print.css), and the handout is
printed again; the second PDF is checked to have every section on the page its contents
says. Numbers that fit the previous handout are tried first, which usually saves the
second print.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

# The contents entries: links of the print-site plugin's table of contents to a section of
# this page (the plugin writes them as full addresses when the site has a site_url).
_ENTRIES_JS = """() => [...document.querySelectorAll('#print-page-toc a[href*="#"]')].flatMap(a => {
  const url = new URL(a.href, location.href);
  return url.origin === location.origin && url.pathname === location.pathname && url.hash
    ? [[a, decodeURIComponent(url.hash.slice(1))]] : [];
})"""
ANCHORS_JS = f"() => ({_ENTRIES_JS})().map(([a, anchor]) => anchor)"
SHOW_JS = f"""numbers => {{
  for (const [a, anchor] of ({_ENTRIES_JS})()) {{
    if (numbers[anchor]) a.dataset.wkPage = numbers[anchor]; else delete a.dataset.wkPage;
  }}
}}"""


def landed(pdf: bytes, anchors: list[str]) -> dict[str, int]:
    """{anchor: 1-based page it is printed on} for those of the anchors the PDF names."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = {}
    for name, destination in reader.named_destinations.items():
        anchor = name.lstrip("/")
        if anchor in anchors:
            number = reader.get_destination_page_number(destination)
            if number is not None:
                pages[anchor] = number + 1
    return pages
