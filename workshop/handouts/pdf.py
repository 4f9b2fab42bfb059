"""Printing the print view to PDF with headless Chromium, one participant at a time per context.

One browser serves the whole roster. Each worker loads the print view once, in a fresh
browser context, then prints one handout after another: the username is set through the
site's own API (window.wkUsername.set; clear() for the spare), exactly as a reader sets it,
so the PDF shows what the site shows that participant. Before each PDF every placeholder
span is checked to show that handout's username (or <username> in the spare), so nothing
from the previous handout can carry over.
"""

from __future__ import annotations

import contextlib
import html
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, PdfMargins, Playwright, async_playwright
from playwright.async_api import TimeoutError as BrowserTimeout

from workshop import chromium
from workshop.handouts import toc
from workshop.placeholders import USERNAME

PAPER = {"a4": "A4", "letter": "Letter"}
MARGIN: PdfMargins = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
TOKEN = USERNAME.token
PART_PREFIX = ".handout-"  # temporary files in the output folder; never a finished PDF
PART_SUFFIX = ".pdf.part"
_TOC_PASSES = 3  # prints until the contents' page numbers match the PDF (usually 1, 2 for the first)

# What the page must look like before it is printed (see docs/javascripts/username.js).
_READY_JS = "() => window.wkUsername !== undefined && document.readyState === 'complete'"
_COUNT_JS = """expected => {
  const spans = [...document.querySelectorAll('.wk-ph[data-wk-ph="username"]')];
  return {spans: spans.length, wrong: spans.filter(s => s.textContent !== expected).length};
}"""
_DISPLAY_NAME_JS = """name => {
  for (const el of document.querySelectorAll('[data-wk-display-name]')) { el.textContent = name; el.hidden = !name; }
}"""
# Chromium's own footer (username, page numbers) replaces the page numbers of print.css.
_NO_CSS_PAGE_NUMBERS = "@page { @bottom-right { content: none; } }"
_IMAGES_JS = """() => Promise.all([...document.images].map(img => img.complete ? null :
  new Promise(done => { img.onload = img.onerror = done; })))"""


class PrintError(RuntimeError):
    """A handout could not be printed as it must be."""


@dataclass(frozen=True)
class Handout:
    username: str | None  # None: the spare copy, placeholder left in
    display_name: str
    path: Path  # the finished PDF


class Printer:
    """`async with Printer(url, title, paper) as printer:` then, per worker,
    `page = await printer.open_page()` and `await page.print(handout)` for each handout."""

    def __init__(self, print_url: str, title: str, paper: str = "a4"):
        self.print_url = print_url
        self.title = title
        self.paper = PAPER[paper]
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    async def __aenter__(self):
        self._playwright = playwright = await async_playwright().start()
        try:
            self._browser = await playwright.chromium.launch(executable_path=chromium.EXECUTABLE, args=chromium.ARGS)
        except Exception:
            await playwright.stop()
            raise
        return self

    async def __aexit__(self, *exc):
        # After a Ctrl-C the browser and Playwright's driver may be gone already.
        with contextlib.suppress(Exception):
            if self._browser is not None:
                await self._browser.close()
        with contextlib.suppress(Exception):
            if self._playwright is not None:
                await self._playwright.stop()

    async def open_page(self) -> PrintPage:
        assert self._browser is not None, "open_page() inside `async with Printer(...)`"
        page = PrintPage(self, await self._browser.new_context())
        await page.load()
        return page


class PrintPage:
    """The print view loaded once in a fresh browser context, then printed for one handout
    after another: the site's own API swaps the username (and every span is checked)."""

    def __init__(self, printer: Printer, context: BrowserContext):
        self.printer = printer
        self.context = context
        self._page: Page | None = None
        self.toc_anchors: list[str] = []
        self.toc_shown: dict[str, int] = {}  # the page numbers the contents show now

    @property
    def page(self) -> Page:
        """The loaded print view (after load())."""
        assert self._page is not None, "load() first"
        return self._page

    async def load(self) -> None:
        if self._page is not None:
            await self._page.close()
        self._page = await self.context.new_page()
        await self.page.goto(self.printer.print_url, wait_until="load")
        # Interval polling: the default (animation frames) can stall on a busy machine.
        await self.page.wait_for_function(_READY_JS, polling=100, timeout=30_000)
        await self.page.add_style_tag(content=_NO_CSS_PAGE_NUMBERS)
        await self.page.evaluate(_IMAGES_JS)
        # The print-site plugin writes the contents when the page's DOM is ready.
        await self.page.wait_for_function(f"() => ({toc.ANCHORS_JS})().length > 0", polling=100, timeout=30_000)
        self.toc_anchors = await self.page.evaluate(toc.ANCHORS_JS)
        self.toc_shown = {}

    async def close(self) -> None:
        await self.context.close()

    async def print(self, handout: Handout) -> int:
        """Print one handout to handout.path (atomically); returns its size in bytes.
        After a browser timeout (a machine busy with something else) the page is loaded
        again and the handout tried once more."""
        try:
            return await self._print_once(handout)
        except BrowserTimeout:
            await self.load()
            return await self._print_once(handout)

    async def _print_once(self, handout: Handout) -> int:
        page = self.page
        if handout.username is None:
            await page.evaluate("() => window.wkUsername.clear()")
        else:
            result = await page.evaluate("name => window.wkUsername.set(name)", handout.username)
            if not result.get("ok"):
                raise PrintError(f"{handout.username}: the site refused the username: {result.get('message')}")
        await page.evaluate(_DISPLAY_NAME_JS, handout.display_name)
        self._check_filled(handout, await page.evaluate(_COUNT_JS, handout.username or TOKEN))
        # The contents' page numbers: those shown must be where the sections landed (see
        # handouts.toc); a username of another length can move a section to another page.
        pdf = await self._pdf(handout)
        for _ in range(_TOC_PASSES):
            landed = toc.landed(pdf, self.toc_anchors)
            if landed == self.toc_shown:
                break
            await page.evaluate(toc.SHOW_JS, landed)
            self.toc_shown = landed
            pdf = await self._pdf(handout)
        else:
            raise PrintError(
                f"{handout.username or 'spare copy'}: the contents' page numbers do not settle "
                f"(shown {self.toc_shown}, printed {toc.landed(pdf, self.toc_anchors)})"
            )
        if len(self.toc_shown) != len(self.toc_anchors):
            missing = sorted(set(self.toc_anchors) - set(self.toc_shown))
            raise PrintError(
                f"{handout.username or 'spare copy'}: the PDF has no page for the contents entries {missing}"
            )
        write_atomically(handout.path, pdf)
        return len(pdf)

    async def _pdf(self, handout: Handout) -> bytes:
        page = self.page
        # As a browser's print command does: the site gets ready for print (Material opens
        # every collapsed <details> block), and back afterwards.
        await page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        try:
            return await page.pdf(
                format=self.printer.paper,
                print_background=True,
                margin=MARGIN,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=self._footer(handout),
                # Bookmarks from the headings. Chromium builds them from the tagged structure,
                # so both go together; it roughly doubles the file size, which buys an
                # accessible PDF too.
                outline=True,
                tagged=True,
            )
        finally:
            await page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")

    @staticmethod
    def _check_filled(handout: Handout, count: dict) -> None:
        who = handout.username or "spare copy"
        if count["spans"] == 0:
            raise PrintError(
                f"{who}: the print view has no {TOKEN} placeholder; was the site built with WORKSHOP_USERNAME?"
            )
        if count["wrong"]:
            raise PrintError(
                f"{who}: {count['wrong']} of {count['spans']} placeholders do not show "
                f"{handout.username or TOKEN} after setting it"
            )

    def _footer(self, handout: Handout) -> str:
        who = html.escape(handout.username or "username: ________________")
        title = html.escape(self.printer.title)
        return (
            '<div style="font: 8px sans-serif; color: #444; width: 100%; margin: 0 14mm; '
            'display: flex; justify-content: space-between;">'
            f"<span>{title}</span><span>{who}</span>"
            '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
        )


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside path, then rename: a reader never sees half a PDF."""
    fd, part = tempfile.mkstemp(dir=path.parent, prefix=PART_PREFIX, suffix=PART_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(part, 0o644)
        os.replace(part, path)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


def remove_stale_parts(out_dir: Path) -> list[Path]:
    """Temporary files a killed earlier run could not remove."""
    stale = sorted(out_dir.glob(f"{PART_PREFIX}*{PART_SUFFIX}"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale
