"""Nothing of anyone else is touched, on a real cluster:

- a live run whose own namespace (wk-test-<run id>) already exists refuses to start, and that
  namespace and what it holds stay as they were;
- a run id whose earlier run's record is still there (its cleanup unfinished) is refused, and
  that record is left as it was;
- the recover command refuses a run id that would name another file;
- one deletion that fails (a 403) does not keep the ledger from deleting the others;
- `workshop sweep --delete` takes a pod for a participant's only by its Job's UID: another
  tenant's pod that merely carries the label job-name=<participant's job> stays.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
from harnesskit import ROOT, account_kubeconfig, service_account, tenant_pod, wait_for_default_service_account
from kubernetes import client
from kubernetes import config as kube_config

from workshop.harness.recovery.ledger import DeletionFailed, Ledger


def _pytest_live(kubeconfig: str, tmp_path, run_id: str, *extra: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "WORKSHOP_RUN_ID": run_id,
        "WORKSHOP_HARNESS_STATE": str(tmp_path / "runs"),
        "WORKSHOP_REPORTS": str(tmp_path / "reports"),
    }
    env.pop("WORKSHOP_NAMESPACE", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/live/test_simple_config_files.py",
            "--kubeconfig",
            kubeconfig,
            "--users",
            "1",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_run_refuses_a_namespace_of_its_name_that_exists_and_leaves_it_alone(kubeconfig, api, tmp_path):
    core = client.CoreV1Api(api)
    run_id = "n" + uuid.uuid4().hex[:5]
    taken = f"wk-test-{run_id}"
    made = core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=taken)))
    try:
        kept = core.create_namespaced_config_map(
            taken, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="precious"), data={"owner": "someone"})
        )
        result = _pytest_live(kubeconfig, tmp_path, run_id)
        assert result.returncode != 0, result.stdout[-3000:]
        assert f"namespace {taken} already exists, so it is not this run's" in result.stdout, result.stdout[-3000:]
        assert core.read_namespace(taken).metadata.uid == made.metadata.uid
        assert core.read_namespace(taken).status.phase == "Active"
        assert core.read_namespaced_config_map("precious", taken).metadata.uid == kept.metadata.uid
        assert not list((tmp_path / "runs").glob("*.json")), "the refused run left a record"
    finally:
        core.delete_namespace(taken)


def test_a_run_id_whose_record_is_still_there_is_refused(kubeconfig, tmp_path):
    run_id = "r" + uuid.uuid4().hex[:5]
    record = tmp_path / "runs" / f"{run_id}.json"
    record.parent.mkdir()
    earlier = json.dumps(
        {
            "run_id": run_id,
            "kubeconfig": kubeconfig,
            "context": None,
            "namespace": "elsewhere",
            "own_namespace": False,
            "items": [{"kind": "configmaps", "name": "x", "uid": "u-1"}],
        }
    )
    record.write_text(earlier)
    result = _pytest_live(kubeconfig, tmp_path, run_id)
    assert result.returncode != 0, result.stdout[-3000:]
    assert f"run id {run_id!r} is taken" in result.stdout, result.stdout[-3000:]
    assert record.read_text() == earlier, "the earlier run's record was overwritten"


@pytest.mark.parametrize("run_id", ["../../x", "a/b", "UPPER", "toolongrunid", ""])
def test_the_recover_command_refuses_a_run_id_that_names_another_file(run_id, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "workshop.harness", "recover", "--run", run_id],
        cwd=ROOT,
        env={**os.environ, "WORKSHOP_HARNESS_STATE": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "a run id is 1 to 8 lowercase letters and digits" in result.stderr and "Traceback" not in result.stderr


def test_one_refused_deletion_does_not_keep_the_ledger_from_the_others(kubeconfig, api, namespace, tmp_path):
    """An account that may delete ConfigMaps but not Secrets: the ConfigMap goes, the Secret's
    refusal is said, and a later pass (with the right) finishes."""
    core, rbac = client.CoreV1Api(api), client.RbacAuthorizationV1Api(api)
    rbac.create_namespaced_role(
        namespace,
        client.V1Role(
            metadata=client.V1ObjectMeta(name="cm-only"),
            rules=[
                client.V1PolicyRule(
                    api_groups=[""], resources=["configmaps", "secrets", "pods"], verbs=["get", "list"]
                ),
                client.V1PolicyRule(api_groups=[""], resources=["configmaps"], verbs=["delete"]),
            ],
        ),
    )
    service_account(api, namespace, "cm-only", "Role", "cm-only")
    wait_for_default_service_account(core, namespace)
    account = account_kubeconfig(kubeconfig, api, namespace, "cm-only", tmp_path / "cm-only.kubeconfig")
    core.create_namespaced_secret(namespace, client.V1Secret(metadata=client.V1ObjectMeta(name="github-secret-wkdel")))
    core.create_namespaced_config_map(namespace, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="config1-wkdel")))
    limited = Ledger(kube_config.new_client_from_config(config_file=account), namespace)
    secret = limited.record("secret", "github-secret-wkdel")
    configmap = limited.record("configmap", "config1-wkdel")
    with pytest.raises(DeletionFailed) as failed:
        limited.delete([secret, configmap])  # the secret comes first in the order of kinds
    assert "secrets/github-secret-wkdel: 403" in str(failed.value)
    with pytest.raises(client.ApiException):
        core.read_namespaced_config_map("config1-wkdel", namespace)
    Ledger(api, namespace).delete([secret])
    with pytest.raises(client.ApiException):
        core.read_namespaced_secret("github-secret-wkdel", namespace)


def test_sweep_takes_no_pod_by_its_job_name_label(kubeconfig, api, namespace, tmp_path):
    core = client.CoreV1Api(api)
    user = "anna" + uuid.uuid4().hex[:4]
    tenant = tenant_pod(
        core,
        namespace,
        f"tenant-{user}",
        {"cpu": "10m", "memory": "20Mi"},
        {"cpu": "50m", "memory": "50Mi"},
        labels={"job-name": f"c5-{user}"},
    )
    ours = core.create_namespaced_config_map(
        namespace, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=f"config1-{user}"))
    )
    roster = tmp_path / "roster.txt"
    roster.write_text(f"{user}\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "workshop.instructor",
            "sweep",
            "--roster",
            str(roster),
            "--delete",
            "--yes",
            "--kubeconfig",
            kubeconfig,
            "--namespace",
            namespace,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"configmaps/config1-{user}" in result.stderr and f"tenant-{user}" not in result.stderr, result.stderr
    assert core.read_namespaced_pod(tenant.metadata.name, namespace).metadata.uid == tenant.metadata.uid
    with pytest.raises(client.ApiException):
        core.read_namespaced_config_map(ours.metadata.name, namespace)
    core.delete_namespaced_pod(tenant.metadata.name, namespace, grace_period_seconds=0)
