"""Faults of the test cluster, made for real, on the cluster this machine runs: its components
are processes here. Of cluster/up they are host processes, each with a pid file in
/var/lib/workshop-cluster/run; of cluster/kind/up they run inside the kind node's container,
which this host sees as processes too (found by name and by the node container's cgroup), the
control plane as kubeadm's static pods and the kubelet as a systemd unit in the node."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from kubernetes import client

from capabilities import unavailable

STATE = Path("/var/lib/workshop-cluster")
RUN = STATE / "run"
KIND_STATE = Path(os.environ.get("WORKSHOP_KIND_STATE", "/var/lib/workshop-cluster-kind"))
KIND_NODE = "workshop-control-plane"


def _on_kind(kubeconfig: str | None = None) -> bool:
    path = Path(kubeconfig or os.environ.get("WORKSHOP_KUBECONFIG", ""))
    return path.resolve() == (KIND_STATE / "kubeconfig").resolve() and bool(shutil.which("docker"))


def require_local_cluster(kubeconfig: str) -> None:
    """The faults need a cluster whose processes this test run may stop: cluster/up's, or
    cluster/kind/up's node here (root, its container on this machine's Docker)."""
    if os.geteuid() == 0 and _on_kind(kubeconfig) and _node_id():
        return
    if Path(kubeconfig).resolve() != (STATE / "kubeconfig").resolve() or not (RUN / "kube-apiserver.pid").is_file():
        unavailable("the fault tests stop and restart the cluster's components: only a cluster made on this "
                    "machine (cluster/kind/up or cluster/up, as root) lets them; this kubeconfig is another's")


def _node_id() -> str:
    r = subprocess.run(["docker", "inspect", "-f", "{{.Id}}", KIND_NODE], capture_output=True, text=True, timeout=30)
    return r.stdout.strip() if r.returncode == 0 else ""


def _node(*cmd: str) -> None:
    r = subprocess.run(["docker", "exec", KIND_NODE, *cmd], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"in the kind node, {' '.join(cmd)}: {r.stderr}"


def pid(component: str) -> int:
    """The component's process id, as this host sees it."""
    if not _on_kind():
        return int((RUN / f"{component}.pid").read_text().strip())
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
    """Stop the component and start it again after down_for seconds: on cluster/up's, SIGTERM (as
    cluster/down does) and the same command line, log and pid file (as cluster/up does); in the
    kind node, the kubelet's unit, or a static pod's manifest taken away and put back (the kubelet
    stops the pod, then starts it afresh)."""
    if _on_kind():
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
        return
    old = pid(component)
    argv = Path(f"/proc/{old}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
    os.kill(old, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while Path(f"/proc/{old}").exists() and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(old, os.WNOHANG)
        time.sleep(0.2)
    time.sleep(down_for)
    log = open(STATE / "logs" / f"{component}.log", "ab")  # noqa: SIM115 - the daemon keeps it
    process = subprocess.Popen([a.decode() for a in argv], stdin=subprocess.DEVNULL, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    (RUN / f"{component}.pid").write_text(f"{process.pid}\n")


def api_ready(api: client.ApiClient, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.CoreV1Api(api).list_namespace(limit=1, _request_timeout=5)
            return
        except Exception:  # noqa: BLE001
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


