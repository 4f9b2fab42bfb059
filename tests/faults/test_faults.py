"""The live tier on a cluster that misbehaves mid-run, among other tenants' lookalike objects.

Each test runs one page ("Simple config files", one participant) as the live tier runs it, in a
namespace that already holds other tenants' objects, some named like the participant's
(c1-<user>-smith, config1-<user>x, a pod with a Job-pod-like suffix), while another tenant
keeps creating and deleting more lookalikes. Mid-page (the participant's pod is running) a
real fault strikes. The run must end clearly: it passes, or it fails naming the page. And
afterwards nothing of the run is left, and every other tenant's object is there with the same
UID and resourceVersion.

The cleanup faults: the API server frozen while the run deletes (a second Ctrl-C prints what
is left and the recover command, which then finishes), and restarted while it deletes.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import string
import subprocess
import sys
import textwrap
import threading
import time

import faultkit
import pytest
from harnesskit import ROOT, expected_leftovers, live_command, objects_in, shared_namespace, tenant_pod
from kubernetes import client
from kubernetes.client.rest import ApiException

PAGE_TEST = "tests/live/test_simple_config_files.py"


def run_id() -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(4))


class Tenant:
    """Another tenant of the namespace: lookalikes made before the run, and churn during it."""

    def __init__(self, core: client.CoreV1Api, namespace: str, user: str):
        self.core, self.namespace, self.user = core, namespace, user
        self.stop = threading.Event()
        self.churned = 0
        for name in (f"c1-{user}-smith", f"config1-{user}x", f"github-secret-{user}-old"):
            core.create_namespaced_config_map(
                namespace, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name), data={"owner": "another tenant"})
            )
        tenant_pod(
            core, namespace, f"c3-{user}-x7k2p", {"cpu": "10m", "memory": "16Mi"}, labels={"app": "another-tenant"}
        )
        wait_for_running_pod(core, namespace, f"c3-{user}-x7k2p")  # its status settles first
        self.before = self.snapshot()
        self.thread = threading.Thread(target=self._churn, daemon=True)
        self.thread.start()

    def snapshot(self) -> dict[str, tuple]:
        """UID and resourceVersion of each object; for a pod, whose status is the kubelet's to
        update (and a restarted kubelet does), UID, spec generation and no deletion."""
        found = {}
        for item in self.core.list_namespaced_config_map(self.namespace).items:
            found[f"configmaps/{item.metadata.name}"] = (item.metadata.uid, item.metadata.resource_version)
        for item in self.core.list_namespaced_pod(self.namespace).items:
            found[f"pods/{item.metadata.name}"] = (
                item.metadata.uid,
                item.metadata.generation,
                item.metadata.deletion_timestamp,
            )
        return found

    def _churn(self):
        while not self.stop.wait(2):
            name = f"config1-{self.user}-{self.churned}"
            try:
                self.core.create_namespaced_config_map(
                    self.namespace, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name)), _request_timeout=5
                )
                time.sleep(0.5)
                self.core.delete_namespaced_config_map(name, self.namespace, _request_timeout=5)
                self.churned += 1
            except Exception:  # noqa: BLE001 - the API server is down on purpose now and then
                pass

    def finish(self) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        for n in range(self.churned + 2):  # one the fault may have cut off half-way
            try:
                self.core.delete_namespaced_config_map(f"config1-{self.user}-{n}", self.namespace)
            except ApiException:
                pass


def wait_for_running_pod(core, namespace, name, timeout=180) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pod = core.read_namespaced_pod(name, namespace, _request_timeout=5)
            if pod.status.phase == "Running":
                return True
        except Exception:  # noqa: BLE001
            pass
        time.sleep(0.5)
    return False


def freeze_api_30s(api, core, namespace, user):
    with faultkit.frozen("kube-apiserver"):
        time.sleep(30)


def restart_api(api, core, namespace, user):
    faultkit.restart("kube-apiserver")


def restart_kubelet(api, core, namespace, user):
    faultkit.restart("kubelet")


def delete_the_pod(api, core, namespace, user):
    core.delete_namespaced_pod(f"c1-{user}", namespace, grace_period_seconds=0)


FAULTS = {
    "api-server-frozen-30s": freeze_api_30s,
    "api-server-restarted": restart_api,
    "kubelet-restarted": restart_kubelet,
    "pod-deleted-by-someone-else": delete_the_pod,
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_mid_page_ends_clearly_and_leaves_nothing(kubeconfig, api, fault, tmp_path):
    faultkit.require_local_cluster(kubeconfig)
    core = client.CoreV1Api(api)
    namespace = shared_namespace(core)
    rid = run_id()
    user = f"wkf{rid}-1"
    tenant = Tenant(core, namespace, user)
    env = {
        **os.environ,
        "WORKSHOP_RUN_ID": rid,
        "WORKSHOP_HARNESS_STATE": str(tmp_path / "state"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    process = subprocess.Popen(
        live_command(ROOT, kubeconfig, namespace, "wkf", 1, PAGE_TEST),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    struck = False
    try:
        if wait_for_running_pod(core, namespace, f"c1-{user}"):
            FAULTS[fault](api, core, namespace, user)
            struck = True
        out, _ = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
        faultkit.api_ready(api)
    try:
        assert struck, f"the page never got its pod running, so the fault never struck:\n{out[-3000:]}"
        assert process.returncode in (0, 1), f"exit {process.returncode}:\n{out[-4000:]}"
        if process.returncode == 1:
            assert f"[simple-config-files as {user}]" in out, f"the failure does not name the page:\n{out[-4000:]}"
        tenant.finish()
        deadline = time.monotonic() + 60
        while (
            left := objects_in(api, namespace) - expected_leftovers() - set(tenant.before)
        ) and time.monotonic() < deadline:
            time.sleep(1)  # pods of the run still terminating after a kubelet restart
        assert not left, f"the run left: {left}"
        after = tenant.snapshot()
        changed = {k: (v, after.get(k)) for k, v in tenant.before.items() if after.get(k) != v}
        assert not changed, f"other tenants' objects changed: {changed}"
        said = next((line.strip() for line in out.splitlines() if f"[simple-config-files as {user}]" in line), "")
        outcome = "passed" if process.returncode == 0 else f"failed naming the page: {said[:160]}"
        print(
            f"FAULT {fault}: {outcome}; objects of the run left: 0; other tenants' objects changed: 0 "
            f"(of {len(tenant.before)}, {tenant.churned} created and deleted during the run)"
        )
    finally:
        core.delete_namespace(namespace)


CLOSE_SCRIPT = textwrap.dedent("""
    import json, sys
    from kubernetes import client
    from workshop.harness.static import inventory
    from workshop.harness.live.run import LiveRun
    from workshop.harness.options import Settings

    kubeconfig, namespace = sys.argv[1], sys.argv[2]
    run = LiveRun(Settings(kubeconfig, None, namespace, "wkc", 1, None, None, cleanup_deadline=120),
                  inventory.load(), reports=False)
    run.open()
    core = client.CoreV1Api(run.api)
    name = "config1-" + run.usernames[0]
    core.create_namespaced_config_map(namespace, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name)))
    run.ledger.record("configmap", name)
    print("READY", run.run_id, name, flush=True)
    sys.stdin.readline()
    problems = run.close()
    print("PROBLEMS", json.dumps(problems), flush=True)
    print("TMP", run.tmp.exists(), flush=True)
""")


def start_closing_run(kubeconfig, api, tmp_path):
    """A live run (CLOSE_SCRIPT) in a fresh shared namespace, holding one recorded configmap and
    waiting for a line on stdin to close: (core, namespace, env, process, its READY words)."""
    faultkit.require_local_cluster(kubeconfig)
    core = client.CoreV1Api(api)
    namespace = shared_namespace(core)
    env = {**os.environ, "WORKSHOP_HARNESS_STATE": str(tmp_path / "state")}
    process = subprocess.Popen(
        [sys.executable, "-c", CLOSE_SCRIPT, kubeconfig, namespace],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready = process.stdout.readline().split()
    if ready[:1] != ["READY"]:
        process.kill()
        core.delete_namespace(namespace)
        raise AssertionError(ready + [process.stderr.read()])
    return core, namespace, env, process, ready


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_second_ctrl_c_while_the_api_server_is_frozen_prints_what_is_left_and_recover_finishes(
    kubeconfig, api, tmp_path, signum
):
    core, namespace, env, process, ready = start_closing_run(kubeconfig, api, tmp_path)
    try:
        rid, name = ready[1], ready[2]
        with faultkit.frozen("kube-apiserver"):
            process.stdin.write("\n")
            process.stdin.flush()
            time.sleep(4)  # close() is waiting on the frozen API server
            started = time.monotonic()
            process.send_signal(signum)  # "Ctrl-C again" (or a second SIGTERM): stop waiting
            out, err = process.communicate(timeout=60)
            stopped_in = time.monotonic() - started
        faultkit.api_ready(api)
        assert stopped_in < 30, f"it went on waiting {stopped_in:.0f} s after the second Ctrl-C"
        problems = json.loads(next(line for line in out.splitlines() if line.startswith("PROBLEMS"))[9:])
        text = "\n".join(problems)
        assert "you stopped it" in text and f"configmaps/{name}" in text, text + err
        assert f"python -m workshop.harness recover --run {rid}" in text and f"recover --run {rid}" in err
        assert "TMP False" in out, "the temporary kubeconfig copy was left behind"
        assert (tmp_path / "state" / f"{rid}.json").is_file()
        core.read_namespaced_config_map(name, namespace)  # still there: the cleanup was stopped
        recovered = subprocess.run(
            [sys.executable, "-m", "workshop.harness", "recover", "--run", rid],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert recovered.returncode == 0, recovered.stderr
        with pytest.raises(ApiException):
            core.read_namespaced_config_map(name, namespace)
        assert objects_in(api, namespace) == expected_leftovers()
        print(
            f"FAULT api-server-frozen-during-cleanup, second {signal.Signals(signum).name}: stopped waiting in "
            f"{stopped_in:.1f} s, "
            "printed what is left and the recover command, which finished; objects of the run left: 0; "
            f"other tenants' objects changed: 0 (of {len(expected_leftovers())})"
        )
    finally:
        if process.poll() is None:
            process.kill()
        core.delete_namespace(namespace)


def test_the_cleanup_survives_an_api_server_restart(kubeconfig, api, tmp_path):
    core, namespace, env, process, ready = start_closing_run(kubeconfig, api, tmp_path)
    try:
        name = ready[2]
        pid = faultkit.pid("kube-apiserver")
        os.kill(pid, signal.SIGSTOP)
        process.stdin.write("\n")
        process.stdin.flush()
        time.sleep(2)
        os.kill(pid, signal.SIGCONT)
        faultkit.restart("kube-apiserver", down_for=8)  # down while close() retries
        out, err = process.communicate(timeout=180)
        faultkit.api_ready(api)
        assert "PROBLEMS []" in out, out + err
        with pytest.raises(ApiException):
            core.read_namespaced_config_map(name, namespace)
        assert objects_in(api, namespace) == expected_leftovers()
        print(
            "FAULT api-server-restarted-during-cleanup: the cleanup finished by itself; objects of the run "
            f"left: 0; other tenants' objects changed: 0 (of {len(expected_leftovers())})"
        )
    finally:
        if process.poll() is None:
            process.kill()
        core.delete_namespace(namespace)
