"""Scale: the whole live tier with 10 participants at once on this machine (2 CPUs, 24 GiB), in
a namespace of its own. The memory-heavy ephemeral-storage pod asks for 4 GiB each, 40 GiB in
all: the budget must queue them (about five at a time) rather than let the scheduler refuse
them, and the pi jobs queue for the two CPUs the same way.

In `make test` this is the live tier's run (scripts/run-tests leaves tests/live to it): its reports
(coverage, timings, the summary) go where the live tier's go, reports/."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from harnesskit import ROOT, live_env

from workshop.paths import REPORTS


@pytest.mark.timeout(2400)  # the run's own bound (below): about 13 min here, past the suite's 900 s default
def test_the_whole_live_tier_passes_with_ten_participants_at_once(kubeconfig, tmp_path):
    reports = REPORTS
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/live",
            "--kubeconfig",
            kubeconfig,
            "--user-prefix",
            "wkten",
            "--users",
            "10",
        ],
        cwd=ROOT,
        env={**live_env(ROOT), "WORKSHOP_REPORTS": str(reports), "WORKSHOP_HARNESS_STATE": str(tmp_path / "state")},
        capture_output=True,
        text=True,
        timeout=2400,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-8000:]
    assert "9 passed" in out, out[-3000:]
    assert re.search(r"live run: page 'ephemeral-storage' fits \d of 10 participants at once \(short of memory", out), (
        out[-3000:]
    )
    timings = json.loads((reports / "timings.json").read_text())
    waits = [s for s in timings["steps"] if s["kind"] == "wait" and s["what"].startswith("budget for s1-")]
    assert waits, "no participant waited for the ephemeral-storage pod's memory: the budget did not queue it"
    meta = timings["meta"]
    print(
        f"10 participants: scenarios {meta['scenarios, all pages and participants']}, budget waits "
        f"{meta['budget waits']}; {len(waits)} waited for the 4 GiB pod"
    )
    room = re.search(r"live run: \d+ pod\(s\) waited for room on the nodes.*", out)
    print(room[0] if room else "no pod waited for room on the nodes beyond the budget")
