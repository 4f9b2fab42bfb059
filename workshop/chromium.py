"""The one browser of the project: Debian's Chromium, driven by Playwright (its own browser
download cannot be had here). The handouts print with it and the browser tests use it."""

from __future__ import annotations

import os

EXECUTABLE = os.environ.get("WORKSHOP_CHROMIUM", "/usr/bin/chromium")
# No background traffic: everything the browser loads is the site on loopback.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
