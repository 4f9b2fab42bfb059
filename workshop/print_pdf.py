"""Printing the print view to PDF with headless Chromium, one participant at a time per context.

One browser serves the whole roster; each participant gets a fresh browser context (its own
localStorage, so no username leaks from one handout into the next). The username is set
through the site's own API (window.wkUsername.set), so the PDF shows exactly what the site
shows that participant.
"""
from __future__ import annotations

import html
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Browser, async_playwright

CHROMIUM = os.environ.get("WORKSHOP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
PAPER = {"a4": "A4", "letter": "Letter"}
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
PART_PREFIX = ".handout-"   # temporary files in the output folder; never a finished PDF
PART_SUFFIX = ".pdf.part"

# What the page must look like before it is printed (see docs/javascripts/username.js).
_READY_JS = "() => window.wkUsername !== undefined && document.readyState === 'complete'"
_COUNT_JS = """() => {
  const spans = [...document.querySelectorAll('.wk-ph[data-wk-ph="username"]')];
  return {spans: spans.length, unfilled: spans.filter(s => s.textContent === '<username>').length};
}"""
_DISPLAY_NAME_JS = """name => {
  for (const el of document.querySelectorAll('[data-wk-display-name]')) { el.textContent = name; el.hidden = false; }
}"""
# Chromium's own footer (username, page numbers) replaces the page numbers of print.css.
_NO_CSS_PAGE_NUMBERS = "@page { @bottom-right { content: none; } }"
_IMAGES_JS = """() => Promise.all([...document.images].map(img => img.complete ? null :
  new Promise(done => { img.onload = img.onerror = done; })))"""


class PrintError(RuntimeError):
    """A handout could not be printed as it must be."""


@dataclass(frozen=True)
class Handout:
    username: str | None   # None: the spare copy, placeholder left in
    display_name: str
    path: Path             # the finished PDF


class Printer:
    """`async with Printer(url, title, paper) as printer: await printer.print(handout)`."""

    def __init__(self, print_url: str, title: str, paper: str = "a4"):
        self.print_url = print_url
        self.title = title
        self.paper = PAPER[paper]
        self._playwright = None
        self._browser: Browser | None = None

    async def __aenter__(self):
        self._playwright = await async_playwright().start()
        try:
            self._browser = await self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception:
            await self._playwright.stop()
            raise
        return self

    async def __aexit__(self, *exc):
        try:
            if self._browser is not None:
                await self._browser.close()
        finally:
            await self._playwright.stop()

    async def print(self, handout: Handout) -> int:
        """Print one handout to handout.path (atomically); returns its size in bytes."""
        context = await self._browser.new_context()
        try:
            page = await context.new_page()
            await page.goto(self.print_url, wait_until="load")
            await page.wait_for_function(_READY_JS, timeout=15_000)
            if handout.username is not None:
                result = await page.evaluate("name => window.wkUsername.set(name)", handout.username)
                if not result.get("ok"):
                    raise PrintError(f"{handout.username}: the site refused the username: {result.get('message')}")
            if handout.display_name:
                await page.evaluate(_DISPLAY_NAME_JS, handout.display_name)
            await page.add_style_tag(content=_NO_CSS_PAGE_NUMBERS)
            await page.evaluate(_IMAGES_JS)
            self._check_filled(handout, await page.evaluate(_COUNT_JS))
            pdf = await page.pdf(
                format=self.paper, print_background=True, margin=MARGIN,
                display_header_footer=True, header_template="<div></div>",
                footer_template=self._footer(handout),
            )
        finally:
            await context.close()
        write_atomically(handout.path, pdf)
        return len(pdf)

    @staticmethod
    def _check_filled(handout: Handout, count: dict) -> None:
        who = handout.username or "spare copy"
        if count["spans"] == 0:
            raise PrintError(f"{who}: the print view has no <username> placeholder; was the site built with WORKSHOP_USERNAME?")
        if handout.username is not None and count["unfilled"]:
            raise PrintError(f"{who}: {count['unfilled']} placeholder(s) still show <username> after setting it")
        if handout.username is None and count["unfilled"] != count["spans"]:
            raise PrintError("spare copy: some placeholders were filled; the browser context was not fresh")

    def _footer(self, handout: Handout) -> str:
        who = html.escape(handout.username or "username: ________________")
        title = html.escape(self.title)
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
        with_suppressed_unlink(Path(part))
        raise


def with_suppressed_unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def remove_stale_parts(out_dir: Path) -> list[Path]:
    """Temporary files a killed earlier run could not remove."""
    stale = sorted(out_dir.glob(f"{PART_PREFIX}*{PART_SUFFIX}"))
    for path in stale:
        with_suppressed_unlink(path)
    return stale
