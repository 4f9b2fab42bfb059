"""Shared fixtures for tests that need the built site or a browser.

- ``built_site``: the site, built once per session (strict) into a temporary directory, for
  the address ``site_server`` serves it at.
- ``site_server``: that directory served on 127.0.0.1 (a free port); the base URL, ending in "/".
- ``browser``: Debian's Chromium driven by Playwright (never Playwright's own download).
- ``kubeconfig``: the test cluster (WORKSHOP_KUBECONFIG), for tests/cluster and tests/harness.

Everything stays on loopback: the server binds 127.0.0.1 and Chromium's background traffic
is switched off. Helpers to build other variants: tests/sitebuild.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path[:0] = [str(TESTS.parent), str(TESTS)]  # `workshop`, also when not installed; `sitebuild`

from capabilities import unavailable  # noqa: E402
from sitebuild import LoopbackServer, build_site  # noqa: E402

from workshop import chromium  # noqa: E402


@pytest.fixture(scope="session")
def _site_address():
    server = LoopbackServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, _site_address) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir, WORKSHOP_SITE_URL=_site_address.url)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def site_server(built_site, _site_address) -> str:
    return _site_address.serve(built_site)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright import sync_api as playwright_api
    except ImportError:
        unavailable("Playwright is not installed: run `make setup` (pip install -e '.[test]')")
    if not Path(chromium.EXECUTABLE).exists():
        unavailable(
            f"no Chromium at {chromium.EXECUTABLE}: run scripts/install-system-packages "
            "(Debian's chromium), or set WORKSHOP_CHROMIUM"
        )
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium.EXECUTABLE, args=chromium.ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def kubeconfig() -> str:
    """The cluster's kubeconfig, from WORKSHOP_KUBECONFIG (cluster/kind/up prints its path, here and in online
    CI it is a kind cluster's). Without it the test skips, except under CI=true, where a
    missing cluster is a failure."""
    path = os.environ.get("WORKSHOP_KUBECONFIG")
    if not path:
        unavailable(
            "no cluster: run cluster/kind/up and set WORKSHOP_KUBECONFIG to the path it prints (make test does)"
        )
    if not Path(path).is_file():
        pytest.fail(f"WORKSHOP_KUBECONFIG={path} does not exist (is the cluster up? run cluster/kind/up)")
    return path
