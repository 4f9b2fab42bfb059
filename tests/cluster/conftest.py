"""Fixtures for the cluster tests (tests/cluster): the cluster the tutorial runs on.

The cluster is the one in ``WORKSHOP_KUBECONFIG`` (cluster/kind/up prints its path, here and in online
CI it is a kind cluster). Without it the tests skip ("no cluster: run cluster/kind/up"), except
under CI=true, where a missing cluster is a failure.

Which images and repositories answer depends on where the run is: offline (cluster/kind/up
here) they are the stand-ins; in online CI they are the real ones.
``WORKSHOP_ONLINE=1`` says the latter (the workflow sets it), and the credentials for the
private repository then come from ``WORKSHOP_GIT_USER``/``WORKSHOP_GIT_TOKEN`` instead of the
generated ``$STATE/git-credentials.env``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clusterkit import CLUSTER, ONLINE, STATE, Kube, kubectl_path

from workshop.harness import local_cluster
from workshop.harness.recovery import teardown


@pytest.fixture(scope="session")
def k8s(kubeconfig):
    import kubernetes  # a dependency of the test extra: no skip

    client = kubernetes.config.new_client_from_config(config_file=kubeconfig)
    return Kube(kubernetes.client.CoreV1Api(client), kubernetes.client.BatchV1Api(client), kubeconfig)


@pytest.fixture(scope="session")
def namespace(k8s) -> str:
    """A namespace of its own for this test session, with the site profile applied."""
    ns = f"cluster-test-{uuid.uuid4().hex[:6]}"
    env = dict(os.environ, KUBECONFIG=k8s.kubeconfig, KUBECTL=kubectl_path())
    result = subprocess.run(
        [str(CLUSTER / "profile" / "apply"), ns], env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, f"profile/apply {ns} failed:\n{result.stdout}\n{result.stderr}"
    yield ns
    # With the profile's Retain volume for it: nothing of the test session is left.
    problems = teardown.delete_namespace(k8s.core.api_client, ns)
    assert not problems, problems


@pytest.fixture(scope="session")
def git_credentials() -> tuple[str, str]:
    """The private repository's credentials: generated per cluster/kind/up, or CI's secret (the
    file WORKSHOP_GIT_CREDENTIALS names), read as the harness reads them."""
    found = local_cluster.git_credentials()
    if not found:
        where = "WORKSHOP_GIT_CREDENTIALS (the workflow writes it)" if ONLINE else f"{STATE}/git-credentials.env"
        pytest.fail(f"no credentials of the private repository: {where} is missing (cluster/kind/up writes it)")
    return found["github-user"], found["github-token"]
