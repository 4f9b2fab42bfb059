"""Serving a built site on loopback, for tests (used by tests/conftest.py); the build itself is
workshop.sitebuild's, the one the handouts use."""

from __future__ import annotations

import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from workshop.paths import ROOT
from workshop.sitebuild import build as build_site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
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


def build_and_serve(
    site_dir: Path, root: Path = ROOT, **env: str
) -> tuple[LoopbackServer, subprocess.CompletedProcess]:
    """Build for a fresh loopback address and serve the result there (if the build worked)."""
    server = LoopbackServer()
    result = build_site(site_dir, root=root, WORKSHOP_SITE_URL=server.url, **env)
    if result.returncode == 0:
        server.serve(site_dir)
    return server, result
