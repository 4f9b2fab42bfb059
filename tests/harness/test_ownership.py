"""The harness deletes only what it made, by UID; other tenants' objects, even namesakes and
lookalikes, stay exactly as they were; an unfinished cleanup is finished by the recover command."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from harnesskit import ROOT
from kubernetes import client

from workshop.harness.live.run import LiveRun
from workshop.harness.options import Settings
from workshop.harness.recovery import teardown
from workshop.harness.recovery.ledger import Ledger
from workshop.harness.recovery.runstate import RunState
from workshop.harness.static import inventory
from workshop.ownership import held_by


def configmap(core, namespace, name, owner="not the harness"):
    return core.create_namespaced_config_map(
        namespace, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name), data={"owner": owner})
    )


def snapshot(core, namespace, names):
    return {
        n: (o.metadata.uid, o.metadata.resource_version)
        for n in names
        for o in [core.read_namespaced_config_map(n, namespace)]
    }


def test_a_namesake_made_after_the_runs_own_is_never_deleted(api, namespace):
    core = client.CoreV1Api(api)
    ledger = Ledger(api, namespace)
    ours = configmap(core, namespace, "config1-wkuid-1", owner="the harness")
    recorded = ledger.record("configmap", "config1-wkuid-1")
    assert recorded.uid == ours.metadata.uid
    core.delete_namespaced_config_map("config1-wkuid-1", namespace)
    theirs = configmap(core, namespace, "config1-wkuid-1")  # somebody else, the same name, later
    outcome = teardown.delete_recorded(ledger, time.monotonic() + 30)
    assert outcome.done
    still = core.read_namespaced_config_map("config1-wkuid-1", namespace)
    assert still.metadata.uid == theirs.metadata.uid
    # Deleting by the recorded UID is refused by the API server itself (409), and noted.
    ledger.adopt([recorded])
    ledger.delete([recorded])
    assert recorded in ledger.refused
    assert core.read_namespaced_config_map("config1-wkuid-1", namespace).metadata.uid == theirs.metadata.uid


def test_lookalike_names_are_not_the_participants(api, namespace):
    """c1-anna-smith beside anna, config1-annax, a configmap named like a job's pod: none is
    anna's, and a run whose participant is anna starts and leaves them alone."""
    core = client.CoreV1Api(api)
    user = "wklook-anna"
    lookalikes = [f"c1-{user}-smith", f"config1-{user}x", f"c3-{user}-xk2pq", f"x{user}", f"config1-{user}-2"]
    for name in lookalikes:
        configmap(core, namespace, name)
    assert held_by(api, namespace, [user]) == []
    mine = configmap(core, namespace, f"config1-{user}")
    assert held_by(api, namespace, [user]) == [f"configmaps/config1-{user}"]
    core.delete_namespaced_config_map(mine.metadata.name, namespace)


def test_a_run_among_lookalikes_starts_and_changes_none_of_them(kubeconfig, api, namespace):
    core = client.CoreV1Api(api)
    run = LiveRun(Settings(kubeconfig, None, namespace, "wklook", 1, None, None), inventory.load(), reports=False)
    user = run.usernames[0]
    lookalikes = [f"c1-{user}-smith", f"config1-{user}x", f"c3-{user}-xk2pq", f"github-secret-{user}0"]
    for name in lookalikes:
        configmap(core, namespace, name)
    before = snapshot(core, namespace, lookalikes)
    try:
        run.open()  # no refusal: none of these is a name the run will use
        ours = configmap(core, namespace, f"config1-{user}", owner="the harness")
        run.ledger.record("configmap", ours.metadata.name)
    finally:
        problems = run.close()
    assert problems == []
    assert snapshot(core, namespace, lookalikes) == before
    with pytest.raises(client.ApiException) as gone:
        core.read_namespaced_config_map(f"config1-{user}", namespace)
    assert gone.value.status == 404
    assert not run.state.path.exists(), "a run that finished its cleanup leaves no record to recover"


def test_the_recover_command_finishes_a_recorded_run(kubeconfig, api, namespace, tmp_path):
    core = client.CoreV1Api(api)
    env = {**os.environ, "WORKSHOP_HARNESS_STATE": str(tmp_path)}
    os.environ["WORKSHOP_HARNESS_STATE"] = str(tmp_path)
    try:
        ours = configmap(core, namespace, "config1-wksweep-1", owner="the harness")
        ledger = Ledger(api, namespace)
        state = RunState(
            "swp1",
            kubeconfig,
            None,
            namespace,
            own_namespace=False,
            items=[ledger.record("configmap", "config1-wksweep-1")],
        )
        state.save()
    finally:
        del os.environ["WORKSHOP_HARNESS_STATE"]
    bystander = configmap(core, namespace, "config1-wksweep-1-smith")
    listed = subprocess.run(
        [sys.executable, "-m", "workshop.harness", "recover", "--list"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "swp1" in listed.stdout
    result = subprocess.run(
        [sys.executable, "-m", "workshop.harness", "recover", "--run", "swp1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "nothing of run swp1 is left" in result.stderr
    assert not (tmp_path / "swp1.json").exists()
    with pytest.raises(client.ApiException):
        core.read_namespaced_config_map(ours.metadata.name, namespace)
    assert core.read_namespaced_config_map(bystander.metadata.name, namespace).metadata.uid == bystander.metadata.uid
    again = subprocess.run(
        [sys.executable, "-m", "workshop.harness", "recover", "--run", "swp1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 2 and "no record of run 'swp1'" in again.stderr
