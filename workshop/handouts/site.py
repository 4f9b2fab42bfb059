"""The site the handouts are printed from: built once, without baked values, served locally."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import sys
import threading
from pathlib import Path

from workshop import pages, sitebuild
from workshop.paths import ROOT

PRINT_PAGE = "print/"  # mkdocs.yml: print-site plugin, print_page_basename: print


def printed_pages(root: Path = ROOT) -> list[pages.Page]:
    """The pages the print view holds, in order: the nav less the print-site plugin's `exclude`."""
    config = pages.site_config(root)
    excluded: set[str] = set()
    for entry in config.get("plugins", []):
        if isinstance(entry, dict) and "print-site" in entry:
            excluded = set((entry["print-site"] or {}).get("exclude", []))
    return [page for page in pages.pages(root) if page.path.relative_to(root / "docs").as_posix() not in excluded]


class SiteError(RuntimeError):
    """The site could not be built, or a given site directory is not a usable build."""


def build_site(site_dir: Path, root: Path = ROOT) -> None:
    """A strict build into site_dir, with every placeholder left for the browser.

    No WORKSHOP_* value is passed on: a baked username could not be replaced per participant,
    and a GitHub token must never end up on paper.
    """
    try:
        result = sitebuild.build(site_dir, root=root, timeout=600)
    except sitebuild.UnknownBuilder as error:
        raise SiteError(str(error)) from None
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise SiteError(f"the site build failed:\n{tail}")
    check_site(site_dir)


def check_site(site_dir: Path, allow_token: bool = False) -> None:
    page = Path(site_dir) / PRINT_PAGE / "index.html"
    if not page.is_file():
        raise SiteError(
            f"{site_dir}: no print view ({PRINT_PAGE}index.html); build the site with this repo's mkdocs.yml"
        )
    if carries_token(page) and not allow_token:
        raise SiteError(
            f"{site_dir} was built with a GitHub token (WORKSHOP_GITHUB_TOKEN): every handout would "
            "carry it on paper. Build the site without it (participants then get the token from you), "
            "or pass --allow-token if the token is meant to be printed."
        )


_CONFIG_RE = re.compile(r'<script type="application/json" id="wk-config">(.*?)</script>', re.DOTALL)


def carries_token(page: Path) -> bool:
    """What the build wrote into the page's own configuration (hooks/placeholders.py). A page
    whose configuration is missing or unreadable is not taken for one without a token: it is
    not a build of this site as it is now, and nobody can tell what it carries."""
    found = _CONFIG_RE.search(page.read_text(encoding="utf-8"))
    if found is None:
        raise SiteError(
            f"{page}: no site configuration (the wk-config block): not a build of this site as it is "
            "now; build it again with this repo's mkdocs.yml"
        )
    try:
        config = json.loads(found.group(1))
    except json.JSONDecodeError as error:
        raise SiteError(
            f"{page}: its site configuration (the wk-config block) cannot be read ({error}); build the site again"
        ) from None
    if not isinstance(config, dict) or not isinstance(config.get("carriesToken", False), bool):
        raise SiteError(f"{page}: its site configuration does not say whether it carries a token; build the site again")
    return config.get("carriesToken", False)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that went away mid-response (Ctrl-C) is no error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_site(site_dir: Path):
    """Serve site_dir on 127.0.0.1 (a free port) for as long as the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="handouts-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
