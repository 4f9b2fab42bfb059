"""The project's own shell scripts (the cluster's, scripts/, .ci/) pass shellcheck at warning
level: they run as root on a maintainer's machine and in CI, where an unquoted variable or a
`cd` that fails silently does real harm. (The tutorial's snippets have their own checks:
test_shell_snippets.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_BASH = re.compile(r"\A#!\s*(?:/usr/bin/env\s+bash|/bin/bash)\b|^# shellcheck shell=bash\b", re.M)


def shell_scripts() -> list[Path]:
    found = []
    for folder in ("cluster", "scripts", ".ci"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix not in (".py", ".yaml", ".yml", ".md", ".txt", ".json", ".toml", ".in"):
                head = path.read_bytes()[:4096]
                if b"\0" not in head and _BASH.search(head.decode("utf-8", "replace")):
                    found.append(path)
    return found


def test_there_are_scripts_to_check():
    names = {p.relative_to(ROOT).as_posix() for p in shell_scripts()}
    assert {"cluster/kind/up", "cluster/kind/down", "cluster/lib/common.sh", "scripts/run-tests", ".ci/run"} <= names


def test_every_shell_script_passes_shellcheck_at_warning_level():
    if not shutil.which("shellcheck"):
        if os.environ.get("CI"):
            pytest.fail("shellcheck is missing: scripts/install-system-packages installs it (scripts/run-tests does)")
        pytest.skip("shellcheck is not installed: run scripts/install-system-packages")
    scripts = [str(p.relative_to(ROOT)) for p in shell_scripts()]
    result = subprocess.run(
        ["shellcheck", "--severity=warning", "--external-sources", *scripts],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr
