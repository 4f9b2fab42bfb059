"""tests/instructor: the instructor tools against the test cluster, on a namespace made like a
teaching cluster's: a ResourceQuota, other tenants' objects with lookalike names, and
participants that the harness's own machinery (Participant, running the snippet files) has
left at different points of the tutorial."""

from __future__ import annotations

import time
import uuid

import pytest


@pytest.fixture(scope="module")
def api(kubeconfig):
    import kubernetes

    return kubernetes.config.new_client_from_config(config_file=kubeconfig)


@pytest.fixture(scope="module")
def namespace(api):
    from kubernetes import client

    from workshop.harness.recovery.teardown import delete_namespace

    core = client.CoreV1Api(api)
    name = f"instructor-test-{uuid.uuid4().hex[:6]}"
    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    deadline = time.monotonic() + 60  # pods need the default service account
    while not core.list_namespaced_service_account(name, field_selector="metadata.name=default").items:
        assert time.monotonic() < deadline, f"namespace {name} got no default service account in 60 s"
        time.sleep(0.5)
    yield name
    assert not delete_namespace(api, name)
