"""The preflight with what a teaching cluster gives an instructor: a ServiceAccount bound to the
built-in `edit` ClusterRole in one namespace, and nothing else (no nodes, no StorageClasses,
no other namespace), in a namespace with a ResourceQuota and a LimitRange of which another
tenant already uses a part. The whole live tier runs with it, queueing where the quota is short;
what it cannot read it says; a quota too small for one participant is refused before anything
is created."""

from __future__ import annotations

import os
import subprocess
import time

from harnesskit import ROOT, expected_leftovers, live_command, live_env, namespaced_kubeconfig, objects_in, tenant_pod
from kubernetes import client
from kubernetes import config as kube_config

from workshop.capacity import capacity_from_cluster
from workshop.harness import local_cluster
from workshop.kube.connection import Connection

TENANT = {"cpu": "100m", "memory": "1Gi"}  # what the other tenant's pod holds of the quota


def teaching_quota(api: client.ApiClient, namespace: str, memory: str, container_max_memory: str = "10Gi") -> None:
    """A ResourceQuota and LimitRange as a teaching cluster sets them, and another tenant's pod
    that already uses part of the quota (it is there before the run and must be after it)."""
    core = client.CoreV1Api(api)
    node_cpu = capacity_from_cluster(Connection(api, namespace)).left["cpu"]  # the admin sees the node
    core.create_namespaced_resource_quota(
        namespace,
        client.V1ResourceQuota(
            metadata=client.V1ObjectMeta(name="workshop"),
            spec=client.V1ResourceQuotaSpec(
                hard={
                    "requests.cpu": f"{int(node_cpu * 1000)}m",
                    "requests.memory": memory,
                    "limits.cpu": "4",
                    "limits.memory": "20Gi",
                    "pods": "40",
                    "persistentvolumeclaims": "4",
                    "requests.storage": "10Gi",
                }
            ),
        ),
    )
    core.create_namespaced_limit_range(
        namespace,
        client.V1LimitRange(
            metadata=client.V1ObjectMeta(name="workshop"),
            spec=client.V1LimitRangeSpec(
                limits=[
                    client.V1LimitRangeItem(type="Container", max={"cpu": "2", "memory": container_max_memory}),
                    client.V1LimitRangeItem(type="PersistentVolumeClaim", max={"storage": "5Gi"}),
                ]
            ),
        ),
    )
    tenant_pod(core, namespace, "tenant-analysis", TENANT, TENANT)
    deadline = time.monotonic() + 60  # the quota's used figures are the controller's, a moment later
    while client.CoreV1Api(api).read_namespaced_resource_quota("workshop", namespace).status.used.get("pods") != "1":
        assert time.monotonic() < deadline, "the quota never counted the tenant's pod"
        time.sleep(0.5)


def test_the_whole_live_tier_runs_with_a_namespace_scoped_edit_account_within_a_shared_quota(
    kubeconfig, api, namespace, tmp_path
):
    # What the cluster's admin does once for the workshop: the site profile in the namespace.
    profile = subprocess.run(
        [*local_cluster.profile_command(), namespace],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "KUBECONFIG": kubeconfig},
    )
    assert profile.returncode == 0, profile.stderr
    # 7Gi of memory requests less the tenant's 1Gi: one 4Gi ephemeral-storage pod at a time.
    teaching_quota(api, namespace, memory="7Gi")
    before = objects_in(api, namespace)
    account = namespaced_kubeconfig(kubeconfig, api, namespace, tmp_path / "preflight.kubeconfig")
    sa_api = kube_config.new_client_from_config(config_file=account)
    try:
        client.CoreV1Api(sa_api).list_node()
        raise AssertionError("the account can list nodes: it is not namespace-scoped")
    except client.ApiException as error:
        assert error.status == 403
    result = subprocess.run(
        live_command(ROOT, account, namespace, "wksa", 2, "-s", "tests/live"),
        cwd=ROOT,
        env={**live_env(ROOT), "WORKSHOP_HARNESS_STATE": str(tmp_path / "state")},
        capture_output=True,
        text=True,
        timeout=1500,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-6000:]
    assert "9 passed" in out, out[-3000:]
    assert "not checked: the account may not list nodes (namespace-scoped)" in out, out[-3000:]
    assert (
        "live run: page 'ephemeral-storage' fits 1 of 2 participants at once (short of memory): the others queue" in out
    ), out[-3000:]
    assert "6.00 GiB memory (ResourceQuota workshop (requests.memory))" in out, out[-3000:]
    assert objects_in(api, namespace) == before, "the run left objects, or removed someone else's"
    assert before >= expected_leftovers() | {"pods/tenant-analysis"}


def refused_run(kubeconfig, api, namespace, tmp_path, prefix: str) -> tuple[str, float]:
    """A live run that must be refused before it creates anything: its output and seconds."""
    before = {(o.metadata.name, o.metadata.uid) for o in client.CoreV1Api(api).list_namespaced_pod(namespace).items}
    started = time.monotonic()
    result = subprocess.run(
        live_command(ROOT, kubeconfig, namespace, prefix, 1, "tests/live"),
        cwd=ROOT,
        env={**live_env(ROOT), "WORKSHOP_HARNESS_STATE": str(tmp_path / "state")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.monotonic() - started
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-3000:]
    assert (
        "the live run did not start: the tutorial does not fit here; use fewer participants or ask for a "
        "larger quota" in out
    ), out[-3000:]
    assert seconds < 120, f"the refusal took {seconds:.0f} s"
    assert {
        (o.metadata.name, o.metadata.uid) for o in client.CoreV1Api(api).list_namespaced_pod(namespace).items
    } == before
    assert objects_in(api, namespace) == expected_leftovers() | {"pods/tenant-analysis"}
    return out, seconds


def test_a_quota_too_small_for_one_participant_is_refused_before_anything_is_made(kubeconfig, api, namespace, tmp_path):
    teaching_quota(api, namespace, memory="3Gi")  # 2Gi left: the 4Gi ephemeral-storage pod never fits
    out, seconds = refused_run(kubeconfig, api, namespace, tmp_path, "wksmall")
    assert "page 'ephemeral-storage' does not fit even one participant in " + namespace in out, out[-3000:]
    assert (
        "memory: s1-<username> and the rest of the page need 4.0 GiB per participant and the namespace has "
        "2.0 GiB left (ResourceQuota workshop (requests.memory))" in out
    ), out[-3000:]
    print(f"refused in {seconds:.1f} s (pytest start included)")


def test_a_pod_the_limit_range_refuses_is_named_before_anything_is_made(kubeconfig, api, namespace, tmp_path):
    teaching_quota(api, namespace, memory="20Gi", container_max_memory="6Gi")  # s1's limit is 8Gi
    out, _ = refused_run(kubeconfig, api, namespace, tmp_path, "wklimit")
    assert "page 'ephemeral-storage': s1-<username> (mypod): memory 8Gi > LimitRange workshop max 6Gi" in out, out[
        -3000:
    ]
