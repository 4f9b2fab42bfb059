"""Faults of the test cluster, made for real, on the cluster this machine runs (cluster/kind/up):
its components run inside the kind node's container, which this host sees as processes too
(found by name and by the node container's cgroup), the control plane as kubeadm's static pods
and the kubelet as a systemd unit in the node."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from capabilities import unavailable
from kubernetes import client

STATE = Path(os.environ.get("WORKSHOP_CLUSTER_STATE", "/var/lib/workshop-cluster-kind"))
KIND_NODE = "workshop-control-plane"


def require_local_cluster(kubeconfig: str) -> None:
    """The faults need a cluster whose processes this test run may stop: cluster/kind/up's node
    on this machine (as root, its container on this machine's Docker)."""
    ours = Path(kubeconfig).resolve() == (STATE / "kubeconfig").resolve() and shutil.which("docker")
    if not (os.geteuid() == 0 and ours and _node_id()):
        unavailable(
            "the fault tests stop and restart the cluster's components: only the cluster made on this "
            "machine (cluster/kind/up, as root) lets them; this kubeconfig is another's"
        )


def _node_id() -> str:
    r = subprocess.run(["docker", "inspect", "-f", "{{.Id}}", KIND_NODE], capture_output=True, text=True, timeout=30)
    return r.stdout.strip() if r.returncode == 0 else ""


def _node(*cmd: str) -> None:
    r = subprocess.run(["docker", "exec", KIND_NODE, *cmd], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"in the kind node, {' '.join(cmd)}: {r.stderr}"


def pid(component: str) -> int:
    """The component's process id, as this host sees it."""
    node = _node_id()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "comm").read_text().strip() == component[:15] and node in (proc / "cgroup").read_text():
                found.append(int(proc.name))
        except OSError:
            continue
    assert len(found) == 1, f"{component} in the kind node: found {len(found)} processes"
    return found[0]


@contextlib.contextmanager
def frozen(component: str):
    """SIGSTOP the component for the block: it holds its connections and answers nothing."""
    target = pid(component)
    os.kill(target, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(target, signal.SIGCONT)


def restart(component: str, down_for: float = 3.0) -> None:
    """Stop the component and start it again after down_for seconds: the kubelet's unit, or a
    static pod's manifest taken away and put back (the kubelet stops the pod, then starts it
    afresh)."""
    if component == "kubelet":
        _node("systemctl", "stop", "kubelet")
        time.sleep(down_for)
        _node("systemctl", "start", "kubelet")
        return
    old = pid(component)
    manifest, aside = f"/etc/kubernetes/manifests/{component}.yaml", f"/etc/kubernetes/{component}.yaml.aside"
    _node("mv", manifest, aside)
    deadline = time.monotonic() + 60
    while Path(f"/proc/{old}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(down_for)
    _node("mv", aside, manifest)


def api_ready(api: client.ApiClient, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.CoreV1Api(api).list_namespace(limit=1, _request_timeout=5)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
