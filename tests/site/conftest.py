"""One strict build of the site, shared by every test in tests/site."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the repo's own `workshop` package, also when not installed

from sitebuild import build_site  # noqa: E402  (tests/ is on sys.path: tests/conftest.py)


@dataclass(frozen=True)
class Build:
    site_dir: Path
    returncode: int
    output: str  # stdout and stderr together: mkdocs logs to stderr


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> Build:
    # The site as it is published (no site URL, no baked values); the browser suites use
    # their own build, made for the loopback address they serve it at.
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir)
    return Build(site_dir, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def site_dir(build: Build) -> Path:
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.output}")
    return build.site_dir
