"""`workshop plan` without a cluster, against numbers given on the command line, checked for
one page against a computation by hand from its manifests."""

from __future__ import annotations

import json
import subprocess
import sys

from workshop.paths import ROOT

GI = 2**30
MI = 2**20


def plan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workshop.instructor", "plan", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_persistent_storage_by_hand(tmp_path):
    # snippets/persistent-storage: pvc.yaml asks 1Gi; s3.yaml is a Job of 10 pods at once
    # (parallelism 10), each 0.1 CPU and 100Mi; the page deletes s3 before it creates s3e
    # (the same shape), so one participant holds at most 10 pods, 1 CPU, 1000Mi, 1 claim, 1Gi.
    # 7 participants: 70 pods, 7 CPU, 7000Mi, 7 claims, 7Gi. With 5 CPU left, 5 fit at once.
    result = plan(
        "--participants",
        "7",
        "--cpu",
        "5",
        "--memory",
        "64Gi",
        "--pods",
        "500",
        "--timings",
        str(tmp_path / "none.json"),
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    page = next(p for p in data["pages"] if p["page"] == "persistent-storage")
    assert page["per_participant"]["pods"] == 10
    assert abs(page["per_participant"]["cpu"] - 1.0) < 1e-9
    assert page["per_participant"]["memory"] == 10 * 100 * MI
    assert page["need"]["pods"] == 70
    assert abs(page["need"]["cpu"] - 7.0) < 1e-9
    assert page["need"]["memory"] == 7000 * MI
    assert page["need"]["persistentvolumeclaims"] == 7 and page["need"]["requests.storage"] == 7 * GI
    assert page["fits"] == 5 and page["short"] == ["cpu"]
    # importing-code: the page waits for c3 (1 CPU) to complete before it creates c3m: 1 CPU.
    code = next(p for p in data["pages"] if p["page"] == "importing-code")
    assert abs(code["per_participant"]["cpu"] - 1.0) < 1e-9 and code["fits"] == 5
    # using-a-secret: c4p (never waited for) may still run when c4pt starts: 2 CPU.
    secret = next(p for p in data["pages"] if p["page"] == "using-a-secret")
    assert abs(secret["per_participant"]["cpu"] - 2.0) < 1e-9 and secret["fits"] == 2
    assert data["fit_without_waiting"] == 2


def test_the_wait_comes_from_the_page_times_of_a_live_run(tmp_path):
    timings = tmp_path / "timings.json"
    steps = [
        {
            "page": "using-a-secret",
            "user": f"u{i}",
            "kind": "scenario",
            "what": "using-a-secret",
            "seconds": s,
            "ok": True,
        }
        for i, s in enumerate([50.0, 60.0, 70.0])
    ]
    timings.write_text(json.dumps({"meta": {}, "steps": steps}))
    result = plan("--participants", "7", "--cpu", "5", "--timings", str(timings), "--format", "json")
    code = next(p for p in json.loads(result.stdout)["pages"] if p["page"] == "using-a-secret")
    # 2 at a time: 7 participants take 4 rounds; the last waits 3 rounds of the median 60 s.
    assert code["fits"] == 2 and code["wait_seconds"] == 180.0


def test_the_table_and_markdown_say_who_queues(tmp_path):
    table = plan(
        "--participants",
        "30",
        "--cpu",
        "40",
        "--memory",
        "256Gi",
        "--claims",
        "20",
        "--timings",
        str(tmp_path / "none.json"),
    )
    assert table.returncode == 0, table.stderr
    assert "20 participants fit without waiting on any page." in table.stdout
    assert "Using a secret: 30 participants need more CPU than is left; they queue (20 at a time)" in table.stdout
    assert "only 20 participants get their claims" in table.stdout
    assert "\x1b[" not in table.stdout, "colours when the output is not a terminal"
    markdown = plan(
        "--participants", "30", "--cpu", "40", "--format", "markdown", "--timings", str(tmp_path / "none.json")
    )
    assert "| using-a-secret | 60.0 ! |" in markdown.stdout, markdown.stdout


def test_bad_input_says_what_to_do():
    both = plan("--participants", "3", "--cpu", "4", "--kubeconfig", "/nonexistent")
    assert both.returncode == 2 and "not both" in both.stderr
    zero = plan("--participants", "0", "--cpu", "4")
    assert zero.returncode == 2 and "at least 1" in zero.stderr
    help_text = subprocess.run(
        [sys.executable, "-m", "workshop.instructor", "plan", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "examples:" in help_text and "workshop plan --participants 30" in help_text
