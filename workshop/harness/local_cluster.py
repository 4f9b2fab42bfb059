"""Where the test cluster's tools and per-run values are (the interface of cluster/).

cluster/kind/up keeps its state in ${WORKSHOP_CLUSTER_STATE:-/var/lib/workshop-cluster-kind}: a
kubectl of the cluster's version at bin/kubectl, the private repository's test credentials in
git-credentials.env (GIT_USER=..., GIT_TOKEN=...). Online CI gives the credentials as
a file of the same form named by WORKSHOP_GIT_CREDENTIALS (written by a step of its own, so that
the steps that install packages never have the token in reach), or the site's build-time
variables WORKSHOP_GITHUB_USER / WORKSHOP_GITHUB_TOKEN (a preflight by hand).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from workshop.paths import CLUSTER, MissingSetting, cluster_setting

NO_KUBECTL = (
    "no kubectl of the cluster's version: run cluster/kind/up or cluster/build/build-binaries (builds it), "
    "or pass --kubectl / set WORKSHOP_KUBECTL"
)


def state_dir() -> Path:
    return Path(os.environ.get("WORKSHOP_CLUSTER_STATE", "/var/lib/workshop-cluster-kind"))


def cached_kubectl() -> Path | None:
    """The kubectl in cluster/build's cache: it outlives cluster/kind/down, so the static tier
    needs no running cluster. The versions are read from cluster/lib/common.sh, their one home."""
    try:
        k8s, etcd = cluster_setting("K8S_VERSION"), cluster_setting("ETCD_VERSION")
    except MissingSetting:
        return None
    cache = Path(os.environ.get("WORKSHOP_CACHE") or Path.home() / ".cache" / "workshop-k8s")
    return cache / "bin" / f"k8s-{k8s}-etcd-{etcd}" / "kubectl"


def find_kubectl(explicit: str | None = None) -> Path | None:
    """--kubectl, then WORKSHOP_KUBECTL, then KUBECTL (the cluster scripts' variable, which CI
    sets to the kind node's version), then the one cluster/kind/up installed, then the build cache's.
    Never just any kubectl from PATH: its version may not match the cluster's."""
    kubectl_env = os.environ.get("KUBECTL")
    if kubectl_env and "/" not in kubectl_env:
        kubectl_env = shutil.which(kubectl_env)
    for candidate in (
        explicit,
        os.environ.get("WORKSHOP_KUBECTL"),
        kubectl_env,
        state_dir() / "bin" / "kubectl",
        cached_kubectl(),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate).resolve()
    return None


def git_credentials() -> dict[str, str]:
    """Values for <github-user> and <github-token> (empty dict when none are known)."""
    # WORKSHOP_GITHUB_*: the site's build-time variables; WORKSHOP_GIT_CREDENTIALS: what CI writes.
    user = os.environ.get("WORKSHOP_GITHUB_USER")
    token = os.environ.get("WORKSHOP_GITHUB_TOKEN")
    if not (user and token):
        path = Path(os.environ.get("WORKSHOP_GIT_CREDENTIALS") or state_dir() / "git-credentials.env")
        if path.is_file():
            env = dict(
                line.split("=", 1)
                for line in path.read_text().splitlines()
                if "=" in line and not line.lstrip().startswith("#")
            )
            user, token = env.get("GIT_USER", "").strip(), env.get("GIT_TOKEN", "").strip()
    return {"github-user": user, "github-token": token} if user and token else {}


def is_local_cluster(kubeconfig: str | None) -> bool:
    """Whether the kubeconfig is the one cluster/kind/up wrote: the cluster this project brought up."""
    local = state_dir() / "kubeconfig"
    return kubeconfig is not None and local.is_file() and Path(kubeconfig).resolve() == local.resolve()


def profile_command() -> list[str] | None:
    """The cluster helper's command that applies the site profile (PVC cvmfs, ...) to a
    namespace, if the checkout has one. Called as: <command> <namespace> with KUBECONFIG set."""
    candidate = CLUSTER / "profile" / "apply"
    return [str(candidate)] if candidate.is_file() and os.access(candidate, os.X_OK) else None
