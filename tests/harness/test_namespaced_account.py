"""The preflight with what a teaching cluster gives an instructor: a ServiceAccount bound to the
built-in `edit` ClusterRole in one namespace, and nothing else (no nodes, no StorageClasses,
no other namespace). The whole live tier runs with it; what it cannot read it says."""
from __future__ import annotations

import os
import subprocess

import yaml
from kubernetes import client, config as kube_config

from harnesskit import ROOT, expected_leftovers, live_command, live_env, objects_in
from workshop.harness import cluster
from workshop.harness.capacity import CpuBudget


def namespaced_kubeconfig(admin_kubeconfig: str, api: client.ApiClient, namespace: str, path) -> str:
    core, rbac = client.CoreV1Api(api), client.RbacAuthorizationV1Api(api)
    core.create_namespaced_service_account(namespace, client.V1ServiceAccount(
        metadata=client.V1ObjectMeta(name="preflight")))
    rbac.create_namespaced_role_binding(namespace, client.V1RoleBinding(
        metadata=client.V1ObjectMeta(name="preflight-edit"),
        role_ref=client.V1RoleRef(api_group="rbac.authorization.k8s.io", kind="ClusterRole", name="edit"),
        subjects=[client.RbacV1Subject(kind="ServiceAccount", name="preflight", namespace=namespace)]))
    token = core.create_namespaced_service_account_token("preflight", namespace, client.AuthenticationV1TokenRequest(
        spec=client.V1TokenRequestSpec(audiences=[], expiration_seconds=3600))).status.token
    admin = yaml.safe_load(open(admin_kubeconfig, encoding="utf-8"))
    current = next(c for c in admin["contexts"] if c["name"] == admin["current-context"])["context"]
    server = next(c for c in admin["clusters"] if c["name"] == current["cluster"])["cluster"]
    config = {
        "apiVersion": "v1", "kind": "Config", "current-context": "preflight",
        "clusters": [{"name": "teaching", "cluster": server}],
        "users": [{"name": "preflight", "user": {"token": token}}],
        "contexts": [{"name": "preflight", "context": {"cluster": "teaching", "user": "preflight",
                                                       "namespace": namespace}}],
    }
    path.write_text(yaml.safe_dump(config))
    os.chmod(path, 0o600)
    return str(path)


def test_the_whole_live_tier_runs_with_a_namespace_scoped_edit_account(kubeconfig, api, namespace, tmp_path):
    # What the cluster's admin does once for the workshop: the site profile in the namespace.
    profile = subprocess.run([*cluster.profile_command(), namespace], capture_output=True, text=True, timeout=180,
                             env={**os.environ, "KUBECONFIG": kubeconfig})
    assert profile.returncode == 0, profile.stderr
    # And a quota, as teaching clusters have: what the node can still give (the admin can see it).
    free = CpuBudget.from_cluster(api).total
    client.CoreV1Api(api).create_namespaced_resource_quota(namespace, client.V1ResourceQuota(
        metadata=client.V1ObjectMeta(name="workshop"),
        spec=client.V1ResourceQuotaSpec(hard={"requests.cpu": f"{free}m", "pods": "40"})))
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
        cwd=ROOT, env={**live_env(ROOT), "WORKSHOP_HARNESS_STATE": str(tmp_path / "state")},
        capture_output=True, text=True, timeout=1500)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-6000:]
    assert "9 passed" in out, out[-3000:]
    assert "CPU budget: the nodes cannot be read (403" in out, out[-3000:]
    assert "the namespace's ResourceQuota leaves" in out, out[-3000:]
    assert objects_in(api, namespace) == before, "the run left objects, or removed someone else's"
    assert before >= expected_leftovers()
