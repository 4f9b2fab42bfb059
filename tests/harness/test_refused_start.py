"""A live run that refuses to start, because objects with its usernames' names already exist in
the namespace, deletes nothing at all when it closes (its safety check's own failure path once
deleted exactly what it refused to touch)."""

from __future__ import annotations

import pytest
from kubernetes import client

from workshop.harness.live.run import LiveRun
from workshop.harness.options import Settings
from workshop.harness.static import inventory


def test_a_refused_start_deletes_nothing(kubeconfig, api, namespace):
    run = LiveRun(Settings(kubeconfig, None, namespace, "wkrefuse", 1, None, None), inventory.load(), reports=False)
    core = client.CoreV1Api(api)
    # Somebody else's object under the very name this run's participant would use.
    theirs = core.create_namespaced_config_map(
        namespace,
        client.V1ConfigMap(
            metadata=client.V1ObjectMeta(name=f"config1-{run.usernames[0]}"), data={"owner": "not the harness"}
        ),
    )
    try:
        with pytest.raises(RuntimeError, match="already exist"):
            run.open()
    finally:
        problems = run.close()
    assert problems == []
    still = core.read_namespaced_config_map(theirs.metadata.name, namespace)
    assert still.metadata.uid == theirs.metadata.uid, "the refused run deleted an object it did not make"
    assert not run.tmp.exists(), "the run's temporary kubeconfig copy was left behind"
