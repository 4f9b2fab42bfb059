"""Where the test cluster's tools and per-run values are (the interface of cluster/).

cluster/up keeps its state in ${WORKSHOP_CLUSTER_STATE:-/var/lib/workshop-cluster}: a kubectl
of the cluster's version at bin/kubectl, the private repository's test credentials in
git-credentials.env (GIT_USER=..., GIT_TOKEN=...). Online CI gives the credentials as
WORKSHOP_GITHUB_USER / WORKSHOP_GITHUB_TOKEN instead.
"""
from __future__ import annotations

import os
from pathlib import Path

from workshop.pages import ROOT

NO_KUBECTL = "no kubectl of the cluster's version: run cluster/up (builds it), or pass --kubectl / set WORKSHOP_KUBECTL"


def state_dir() -> Path:
    return Path(os.environ.get("WORKSHOP_CLUSTER_STATE", "/var/lib/workshop-cluster"))


def find_kubectl(explicit: str | None = None) -> Path | None:
    """--kubectl, then WORKSHOP_KUBECTL, then the one cluster/up built. Never a random kubectl
    from PATH: its version may not match the cluster's."""
    for candidate in (explicit, os.environ.get("WORKSHOP_KUBECTL"), state_dir() / "bin" / "kubectl"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate).resolve()
    return None


def git_credentials() -> dict[str, str]:
    """Values for <github-user> and <github-token> (empty dict when none are known)."""
    user, token = os.environ.get("WORKSHOP_GITHUB_USER"), os.environ.get("WORKSHOP_GITHUB_TOKEN")
    if not (user and token):
        path = state_dir() / "git-credentials.env"
        if path.is_file():
            env = dict(
                line.split("=", 1) for line in path.read_text().splitlines()
                if "=" in line and not line.lstrip().startswith("#")
            )
            user, token = env.get("GIT_USER", "").strip(), env.get("GIT_TOKEN", "").strip()
    return {"github-user": user, "github-token": token} if user and token else {}


def profile_command() -> list[str] | None:
    """The cluster helper's command that applies the site profile (PVC cvmfs, ...) to a
    namespace, if the checkout has one. Called as: <command> <namespace> with KUBECONFIG set."""
    candidate = ROOT / "cluster" / "profile" / "apply"
    return [str(candidate)] if candidate.is_file() and os.access(candidate, os.X_OK) else None
