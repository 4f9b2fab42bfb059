"""Building the site and serving it on loopback, for tests (used by tests/conftest.py)."""
from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Build-time values must not leak from the caller's shell into the reader-side site.
BUILD_ENV_VARS = ("WORKSHOP_USERNAME", "WORKSHOP_GITHUB_USER", "WORKSHOP_GITHUB_TOKEN", "WORKSHOP_SITE_URL")


def build_site(site_dir: Path, root: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project at root into site_dir, with exactly the given
    WORKSHOP_* variables."""
    environ = {k: v for k, v in os.environ.items() if k not in BUILD_ENV_VARS}
    environ.update(env, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=root, env=environ, capture_output=True, text=True, timeout=300,
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class LoopbackServer:
    """An HTTP server on 127.0.0.1 with a free port, known before there is anything to serve.

    Material's instant navigation only follows links listed in sitemap.xml, whose URLs come
    from site_url: a site served statically must be built for the address it is served at.
    """

    def __init__(self):
        self._directory: Path | None = None
        self._thread: threading.Thread | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def _handler(self, *args, **kwargs):
        return _QuietHandler(*args, directory=str(self._directory), **kwargs)

    def serve(self, directory: Path) -> str:
        self._directory = directory
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.url

    def close(self) -> None:
        # shutdown() waits for serve_forever() to stop: it would wait forever if it never ran.
        if self._thread is not None:
            self._server.shutdown()
        self._server.server_close()


def build_and_serve(site_dir: Path, root: Path = ROOT, **env: str) -> tuple[LoopbackServer, subprocess.CompletedProcess]:
    """Build for a fresh loopback address and serve the result there (if the build worked)."""
    server = LoopbackServer()
    result = build_site(site_dir, root=root, WORKSHOP_SITE_URL=server.url, **env)
    if result.returncode == 0:
        server.serve(site_dir)
    return server, result
