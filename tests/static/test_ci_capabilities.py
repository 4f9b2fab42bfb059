"""Under CI a missing capability fails, with a message that says what to install
(scripts/check-ci-capabilities runs the suite without kubectl, Playwright, Chromium)."""

from __future__ import annotations

import subprocess

from workshop.paths import ROOT


def test_ci_fails_without_kubectl_playwright_or_chromium():
    result = subprocess.run(
        [str(ROOT / "scripts" / "check-ci-capabilities")], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok   missing") == 3, result.stdout
