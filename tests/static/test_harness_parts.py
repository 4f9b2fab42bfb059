"""The harness's own parts that need no cluster: ownership of names, in-pod output splitting,
the failing-line report of a snippet, what a manifest needs of a quota, tolerant output reading."""

from __future__ import annotations

import subprocess

from workshop.harness.live import budget, outputs, snippet_shell
from workshop.harness.static.checks import filled
from workshop.ownership import Ownership


def test_a_name_is_a_usernames_only_when_it_is_a_template_filled_with_it():
    names = Ownership(["wkab12-1"]).names()
    assert {"c1-wkab12-1", "github-secret-wkab12-1", "vol-wkab12-1", "config1-wkab12-1"} <= names
    assert not names & {
        "c1-wkab12-10",
        "c1-xwkab12-1",
        "c1-wkab12-2",
        "c1-wkab12-1-smith",
        "config1-wkab12-1x",
        "cvmfs",
        "kube-root-ca.crt",
        "wkab12-1",
    }


def _in_pod(snippets: dict[str, str]) -> dict:
    """Type the harness's own input into a bash, as the pod's shell gets it."""
    typed = snippet_shell.in_pod_input(list(snippets.items()))
    out = subprocess.run(["bash"], input=typed, capture_output=True, text=True, timeout=30).stdout
    return snippet_shell.split_in_pod(out)


def test_in_pod_snippets_report_output_status_and_failing_line():
    got = _in_pod({"p/in-pod-ok.sh": "echo one\necho two", "p/in-pod-bad.sh": "echo one\nfalse\necho never"})
    assert got["p/in-pod-ok.sh"].output == "one\ntwo" and got["p/in-pod-ok.sh"].rc == 0
    assert got["p/in-pod-bad.sh"].rc == 1 and got["p/in-pod-bad.sh"].failed_line == 2
    assert "never" not in got["p/in-pod-bad.sh"].output


def test_a_local_snippet_reports_its_failing_line(tmp_path):
    script = tmp_path / "s.sh"
    script.write_text("echo one\ntrue | false | true\necho never\n")
    proc = subprocess.run(snippet_shell.local_argv(script), capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0 and "never" not in proc.stdout
    line, stderr = snippet_shell.failed_line(proc.stderr)
    assert line == 2 and "@@" not in stderr


def test_what_the_tutorials_manifests_need_of_a_node_or_a_quota():
    GiB, MiB = 2**30, 2**20
    assert budget.manifest_needs(filled("importing-code/c3.yaml", "u")) == {
        "c3-u": ("Job", {"cpu": 1.0, "memory": 100 * MiB, "limits.cpu": 1.0, "limits.memory": 100 * MiB, "pods": 1.0})
    }
    kind, s3 = budget.manifest_needs(filled("persistent-storage/s3.yaml", "u"))["s3-u"]
    assert kind == "Job" and s3["pods"] == 10 and abs(s3["cpu"] - 1.0) < 1e-9  # 10 pods x 0.1
    _, s1 = budget.manifest_needs(filled("ephemeral-storage/s1.yaml", "u"))["s1-u"]
    assert s1["memory"] == 4 * GiB and s1["limits.memory"] == 8 * GiB and s1["ephemeral-storage"] == GiB
    assert budget.manifest_needs(filled("persistent-storage/pvc.yaml", "u")) == {}


def test_pi_is_found_in_either_programs_output():
    assert outputs.pi_result("Pi approximation with 1000 steps: 3.1405926538\nDone") == (3.1405926538, 1000)
    assert outputs.pi_result("3.140592653839794\nDone") == (3.140592653839794, None)


def test_a_failures_diagnostics_show_the_runs_own_pods_only():
    """Not by name prefix: another tenant's c3-<user>-x7k2p beside the participant's Job's pods."""
    from kubernetes import client

    from workshop.harness.live.diagnostics import _belongs
    from workshop.harness.recovery.ledger import Ledger, Recorded

    ledger = Ledger(client.ApiClient(), "ns")
    ledger.adopt([Recorded("jobs", "c3-anna", "job-uid"), Recorded("pods", "c1-anna", "pod-uid")])

    def pod(name, uid, job_uid=None):
        refs = (
            [client.V1OwnerReference(api_version="batch/v1", kind="Job", name="c3-anna", uid=job_uid)]
            if job_uid
            else None
        )
        return client.V1Pod(metadata=client.V1ObjectMeta(name=name, uid=uid, owner_references=refs))

    names = ["c3-anna", "c1-anna"]
    assert _belongs(pod("c3-anna-abcde", "u1", job_uid="job-uid"), names, ledger)
    assert _belongs(pod("c1-anna", "pod-uid"), names, ledger)
    assert not _belongs(pod("c3-anna-x7k2p", "u2"), names, ledger), "another tenant's pod, named like ours"
    assert not _belongs(pod("c1-anna", "u3"), names, ledger), "a namesake made after ours was deleted"
    assert not _belongs(pod("c3-anna-zzzzz", "u4", job_uid="another-job"), names, ledger)
