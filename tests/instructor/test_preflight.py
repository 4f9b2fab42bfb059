"""`workshop preflight`: the live tier as one command, on the test cluster: it follows each
participant, relays the live tier's own report (the fit report), and leaves a report to keep."""

from __future__ import annotations

import json
import subprocess
import sys

from workshop.paths import ROOT


def test_preflight_runs_a_page_and_reports_it(kubeconfig, tmp_path):
    report = tmp_path / "preflight.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "workshop.instructor",
            "preflight",
            "--kubeconfig",
            kubeconfig,
            "--participants",
            "1",
            "--pages",
            "simple-config-files",
            "--user-prefix",
            "wkpre",
            "--format",
            "json",
            "--report",
            str(report),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # Not a terminal: plain lines, one per event, and the live tier's own words.
    assert "starts page simple-config-files" in result.stderr and "page simple-config-files passed" in result.stderr
    assert "live run: budget:" in result.stderr, result.stderr[-3000:]
    data = json.loads(report.read_text())
    assert data["verdict"] == "passed" and len(data["participants"]) == 1
    assert data["pages"] == {"simple-config-files": {"passed": data["participants"], "failed": []}}
    assert any(line.startswith("budget:") for line in data["fit_report"]), data["fit_report"]
    assert data["left_behind"] == [] and data["recover_command"] is None
    assert "every page passed" in result.stdout


def test_preflight_outside_a_checkout_or_for_an_unknown_page_says_so(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "workshop.instructor", "preflight", "--pages", "no-such-page"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "no such page's scenario" in result.stderr, result.stderr
