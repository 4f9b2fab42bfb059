"""Shared fixtures for tests that need the built site or a browser.

- ``built_site``: the site, built once per session (strict) into a temporary directory.
- ``site_server``: that directory served on 127.0.0.1 (a free port); the base URL, ending in "/".
- ``browser``: Debian's Chromium driven by Playwright (never Playwright's own download).

Everything stays on loopback: the server binds 127.0.0.1 and Chromium's background traffic
is switched off.
"""
from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("WORKSHOP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Build-time values must not leak from the caller's shell into the reader-side site.
BUILD_ENV_VARS = ("WORKSHOP_USERNAME", "WORKSHOP_GITHUB_USER", "WORKSHOP_GITHUB_TOKEN")


def build_site(site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into site_dir, with exactly the given WORKSHOP_* variables."""
    environ = {k: v for k, v in os.environ.items() if k not in BUILD_ENV_VARS}
    environ.update(env, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM} (scripts/install-system-packages installs it)")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
