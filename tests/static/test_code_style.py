"""The habits that keep the code as it is meant to be, on the whole tree (the package, hooks,
tests and the Python scripts): ruff's lint rules and its formatting, and mypy's type check, all
configured in pyproject.toml, so that a developer runs exactly what this test runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workshop.paths import ROOT

COMMANDS = {
    "lint": [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
    "format": [sys.executable, "-m", "ruff", "format", "--no-cache", "--check", "."],
    "types": [sys.executable, "-m", "mypy"],
}


@pytest.mark.parametrize("check", COMMANDS)
def test_the_tree_passes(check):
    result = subprocess.run(COMMANDS[check], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (
        f"{' '.join(COMMANDS[check][2:])} found problems (fix them, or run `ruff format .` / "
        f"`ruff check --fix .`):\n{result.stdout[-4000:]}{result.stderr[-2000:]}"
    )
