"""tests/harness: the snippet harness tried on docs made wrong on purpose, and interrupted.

Each test copies the project, breaks a snippet in the copy (or not), and runs the copy's live
tier as a separate pytest against the cluster of ``WORKSHOP_KUBECONFIG``, in a namespace
that already holds somebody else's objects.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harnesskit import shared_namespace


@pytest.fixture
def api(kubeconfig):
    import kubernetes  # a dependency of the test extra: no skip

    return kubernetes.config.new_client_from_config(config_file=kubeconfig)


@pytest.fixture
def namespace(api):
    from kubernetes import client

    core = client.CoreV1Api(api)
    name = shared_namespace(core)
    yield name
    core.delete_namespace(name)
