"""One strict build of the site, shared by every test in tests/site."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the repo's own `workshop` package, also when not installed

MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"


@dataclass(frozen=True)
class Build:
    site_dir: Path
    returncode: int
    output: str  # stdout and stderr together: mkdocs logs to stderr


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> Build:
    site_dir = tmp_path_factory.mktemp("site")
    # The site as it is published: no baked-in username or GitHub credentials.
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    mkdocs = str(MKDOCS) if MKDOCS.exists() else "mkdocs"
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    return Build(site_dir, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def site_dir(build: Build) -> Path:
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.output}")
    return build.site_dir
