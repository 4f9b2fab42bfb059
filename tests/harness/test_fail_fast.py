"""Wrong docs fail as soon as the cluster shows it, not when the page's own wait times out:
a Job whose container fails (a wrong directory in its command) used to be reported after the
snippet's `kubectl wait --timeout=5m`; now within seconds, with the container's log."""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid

from harnesskit import (
    break_snippet,
    expected_leftovers,
    live_command,
    live_env,
    namespaced_kubeconfig,
    objects_in,
    project_copy,
    run_live,
    tenant_pod,
    wait_for_default_service_account,
)
from kubernetes import client

from workshop.capacity import capacity_from_cluster
from workshop.harness import local_cluster
from workshop.harness.live import failfast
from workshop.kube.connection import Connection


def test_a_failing_container_is_reported_within_30_seconds(tmp_path, kubeconfig, api, namespace):
    copy = project_copy(tmp_path)
    break_snippet(copy, "importing-code/c3.yaml", "cd PEARC23-code-public &&", "cd PEARC23-code-publicX &&")
    started = time.monotonic()
    result = run_live(copy, kubeconfig, namespace, "wkfast", 1, "tests/live/test_importing_code.py", timeout=400)
    elapsed = time.monotonic() - started
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-3000:]
    assert re.search(
        r"\[importing-code as wkfast[a-z0-9]+-1\] snippets/importing-code/logs-c3.sh: stopped after \d+ s, "
        r"because the cluster shows that it cannot succeed: pod c3-wkfast\S+ container mypod exited with code",
        out,
    ), out[-3000:]
    assert "PEARC23-code-publicX" in out, "the log tail (the shell's complaint about the directory) is shown"
    seconds = int(re.search(r"logs-c3.sh: stopped after (\d+) s", out).group(1))
    assert seconds <= 30, f"reported after {seconds} s"
    print(
        f"fail fast: the wrong directory in c3.yaml reported after {seconds} s (was: the snippet's 5 min timeout); "
        f"whole run {elapsed:.0f} s"
    )
    assert elapsed < 150, f"the whole run took {elapsed:.0f} s"
    assert objects_in(api, namespace) == expected_leftovers()


def test_a_pod_that_waits_for_room_on_the_nodes_is_queueing_not_failing(tmp_path, kubeconfig, api, namespace):
    """On a teaching cluster another tenant's pods fill the node where the instructor's
    namespace-scoped account cannot see them, so the budget lets c3 start and the scheduler keeps
    it pending ("Insufficient cpu"). That is a queue, not wrong docs: the page must go on waiting
    past the fail-fast grace, pass once the tenant's pod goes, and the run must say that it
    waited for room and why it could not say who held it."""
    core = client.CoreV1Api(api)
    profile = subprocess.run(
        [*local_cluster.profile_command(), namespace],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "KUBECONFIG": kubeconfig},
    )
    assert profile.returncode == 0, profile.stderr
    preflight = namespaced_kubeconfig(kubeconfig, api, namespace, tmp_path / "preflight.kubeconfig")
    tenant_ns = f"wk-tenant-{uuid.uuid4().hex[:6]}"
    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=tenant_ns)))
    try:
        free = capacity_from_cluster(Connection(api, tenant_ns)).left["cpu"]  # the admin sees the node
        hold = f"{int((free - 0.5) * 1000)}m"  # c3 asks for a whole core: half of one is left
        wait_for_default_service_account(core, tenant_ns)
        deadline = time.monotonic() + 60
        tenant_pod(core, tenant_ns, "tenant-batch", {"cpu": hold}, {"cpu": hold})
        while not core.read_namespaced_pod("tenant-batch", tenant_ns).spec.node_name:
            assert time.monotonic() < deadline, "the tenant's pod was not scheduled"
            time.sleep(0.5)
        copy = project_copy(tmp_path)
        before = objects_in(api, namespace)
        log = tmp_path / "run.log"
        with log.open("w") as sink:
            run = subprocess.Popen(
                live_command(copy, preflight, namespace, "wkroom", 1, "tests/live/test_importing_code.py"),
                cwd=copy,
                env=live_env(copy),
                stdout=sink,
                stderr=subprocess.STDOUT,
                text=True,
            )
        try:
            pending = _pending_past_the_grace(core, namespace, "c3-wkroom", failfast.SCHEDULING_GRACE + 10, run, log)
            core.delete_namespaced_pod("tenant-batch", tenant_ns, grace_period_seconds=0)
            run.wait(timeout=400)
        finally:
            if run.poll() is None:
                run.kill()
                run.wait()
    finally:
        core.delete_namespace(tenant_ns)
    out = log.read_text()
    assert run.returncode == 0, out[-3000:]
    said = re.search(
        r"live run: 1 pod\(s\) waited for room on the nodes that the budget had counted free; "
        r"longest \d+ s, c3-wkroom\S+ \(the account may not list other namespaces' pods.*",
        out,
    )
    assert said, out[-3000:]
    print(
        f"room: {pending} stayed pending for want of cpu past the {failfast.SCHEDULING_GRACE:.0f} s grace "
        "and the page passed once the tenant's pod went; the run said:\n  " + said[0]
    )
    assert objects_in(api, namespace) == before, "the run left objects, or removed someone else's"


def _pending_past_the_grace(core, namespace: str, prefix: str, seconds: float, run, log) -> str:
    """The name of the page's pod once the scheduler has kept it pending for `seconds`."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert run.poll() is None, "the run ended while its pod was pending:\n" + log.read_text()[-3000:]
        for pod in core.list_namespaced_pod(namespace).items:
            if not pod.metadata.name.startswith(prefix):
                continue
            for condition in pod.status.conditions or []:
                if (
                    condition.type == "PodScheduled"
                    and condition.status == "False"
                    and condition.last_transition_time
                    and time.time() - condition.last_transition_time.timestamp() >= seconds
                ):
                    return pod.metadata.name
        time.sleep(1)
    raise AssertionError(f"no pod {prefix}-... stayed pending for {seconds:.0f} s")


def test_a_wait_for_what_can_never_come_is_reported_at_once(tmp_path, kubeconfig, api, namespace):
    """The page waits for ten ready pods of a Job that, as the manifest now says, runs five at a
    time: reported when the cluster shows the Job, not after the wait's --timeout=3m."""
    copy = project_copy(tmp_path)
    break_snippet(copy, "persistent-storage/s3.yaml", "parallelism: 10", "parallelism: 5")
    result = run_live(copy, kubeconfig, namespace, "wknever", 1, "tests/live/test_persistent_storage.py", timeout=400)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-3000:]
    found = re.search(
        r"\[persistent-storage as wknever[a-z0-9]+-1\] snippets/persistent-storage/create-job.sh: stopped after "
        r"(\d+) s, because the cluster shows that it cannot succeed: job s3-wknever\S+ can never have 10 pods ready: "
        r"it runs at most 5 at once",
        out,
    )
    assert found, out[-3000:]
    assert int(found.group(1)) <= 30, f"reported after {found.group(1)} s"
    print(f"fail fast: a wait for 10 ready pods of a Job of 5 reported after {found.group(1)} s (was: 3 min)")
    assert objects_in(api, namespace) == expected_leftovers()
