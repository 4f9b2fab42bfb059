"""Helpers of tests/harness: a copy of the project whose docs can be made wrong, a namespace
shared with a bystander's objects, and the live tier run in that copy as a separate pytest."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import yaml
from kubernetes import client

from workshop.ownership import listing

ROOT = Path(__file__).resolve().parents[2]
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "site", "build", "reports", "handouts-out", "__pycache__", ".pytest_cache", "*.egg-info"
)
# Objects of somebody else in the shared namespace: the harness must leave them alone.
BYSTANDERS = ("bystander", "config1-someoneelse")


def project_copy(into: Path) -> Path:
    """The project as it is on disk (committed or not), minus caches and build output."""
    copy = into / "project"
    shutil.copytree(ROOT, copy, ignore=_NOT_COPIED, symlinks=True)
    return copy


def break_snippet(copy: Path, snippet: str, old: str, new: str) -> None:
    path = copy / "snippets" / snippet
    text = path.read_text()
    assert old in text, f"the mutation no longer applies: {old!r} is not in snippets/{snippet}"
    path.write_text(text.replace(old, new))


def shared_namespace(core: client.CoreV1Api) -> str:
    """A namespace as on a teaching cluster: it exists before the run and holds others' objects."""
    name = f"harness-selftest-{uuid.uuid4().hex[:6]}"
    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    for bystander in BYSTANDERS:
        core.create_namespaced_config_map(
            name,
            client.V1ConfigMap(metadata=client.V1ObjectMeta(name=bystander), data={"owner": "not the harness"}),
        )
    wait_for_default_service_account(core, name)
    return name


def tenant_pod(
    core: client.CoreV1Api,
    namespace: str,
    name: str,
    requests: dict,
    limits: dict | None = None,
    labels: dict | None = None,
) -> client.V1Pod:
    """Another tenant's pod that sleeps for an hour (rockylinux:8, gone at once when deleted)."""
    return core.create_namespaced_pod(
        namespace,
        client.V1Pod(
            metadata=client.V1ObjectMeta(name=name, labels=labels),
            spec=client.V1PodSpec(
                restart_policy="Never",
                termination_grace_period_seconds=0,
                containers=[
                    client.V1Container(
                        name="main",
                        image="rockylinux:8",
                        command=["sleep", "3600"],
                        resources=client.V1ResourceRequirements(requests=requests, limits=limits),
                    )
                ],
            ),
        ),
    )


def wait_for_default_service_account(core: client.CoreV1Api, namespace: str) -> None:
    """Pods of a new namespace need its default service account, which a controller adds."""
    deadline = time.monotonic() + 60
    while not core.list_namespaced_service_account(namespace, field_selector="metadata.name=default").items:
        assert time.monotonic() < deadline, f"namespace {namespace} got no default service account in 60 s"
        time.sleep(0.5)


def namespaced_kubeconfig(admin_kubeconfig: str, api: client.ApiClient, namespace: str, path) -> str:
    """What a teaching cluster gives an instructor: a ServiceAccount bound to the built-in `edit`
    ClusterRole in one namespace, and nothing else (no nodes, no other namespace)."""
    service_account(api, namespace, "preflight", "ClusterRole", "edit")
    return account_kubeconfig(admin_kubeconfig, api, namespace, "preflight", path)


def service_account(api: client.ApiClient, namespace: str, name: str, role_kind: str, role: str) -> None:
    """A ServiceAccount of the namespace, bound there to a Role or ClusterRole."""
    core, rbac = client.CoreV1Api(api), client.RbacAuthorizationV1Api(api)
    core.create_namespaced_service_account(namespace, client.V1ServiceAccount(metadata=client.V1ObjectMeta(name=name)))
    rbac.create_namespaced_role_binding(
        namespace,
        client.V1RoleBinding(
            metadata=client.V1ObjectMeta(name=f"{name}-{role}"),
            role_ref=client.V1RoleRef(api_group="rbac.authorization.k8s.io", kind=role_kind, name=role),
            subjects=[client.RbacV1Subject(kind="ServiceAccount", name=name, namespace=namespace)],
        ),
    )


def account_kubeconfig(admin_kubeconfig: str, api: client.ApiClient, namespace: str, account: str, path) -> str:
    """A kubeconfig that acts as the ServiceAccount `account` of the namespace (an hour's token)."""
    core = client.CoreV1Api(api)
    token = core.create_namespaced_service_account_token(
        account,
        namespace,
        client.AuthenticationV1TokenRequest(spec=client.V1TokenRequestSpec(audiences=[], expiration_seconds=3600)),
    ).status.token
    admin = yaml.safe_load(open(admin_kubeconfig, encoding="utf-8"))
    current = next(c for c in admin["contexts"] if c["name"] == admin["current-context"])["context"]
    server = next(c for c in admin["clusters"] if c["name"] == current["cluster"])["cluster"]
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "current-context": account,
        "clusters": [{"name": "teaching", "cluster": server}],
        "users": [{"name": account, "user": {"token": token}}],
        "contexts": [{"name": account, "context": {"cluster": "teaching", "user": account, "namespace": namespace}}],
    }
    path.write_text(yaml.safe_dump(config))
    os.chmod(path, 0o600)
    return str(path)


def objects_in(api: client.ApiClient, namespace: str) -> set[str]:
    return {f"{kind}/{obj.metadata.name}" for kind, objs in listing(api, namespace).items() for obj in objs}


def expected_leftovers() -> set[str]:
    """What a namespace holds when the harness has left: the bystanders and Kubernetes' own."""
    return {f"configmaps/{b}" for b in BYSTANDERS} | {"configmaps/kube-root-ca.crt"}


def live_command(copy: Path, kubeconfig: str, namespace: str, prefix: str, users: int, *tests: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *tests,
        "--kubeconfig",
        kubeconfig,
        "--namespace",
        namespace,
        "--user-prefix",
        prefix,
        "--users",
        str(users),
    ]


def live_env(copy: Path) -> dict[str, str]:
    # The copy's `workshop` package, not the installed one: its SNIPPETS are the broken ones.
    return {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}


def run_live(
    copy: Path,
    kubeconfig: str,
    namespace: str,
    prefix: str,
    users: int,
    *tests: str,
    timeout: float = 600,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    return subprocess.run(
        live_command(copy, kubeconfig, namespace, prefix, users, *tests),
        cwd=copy,
        env={**live_env(copy), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
