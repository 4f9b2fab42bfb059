"""Faults of the local cluster, made for real: its components are host processes started by
cluster/up, each with a pid file in /var/lib/workshop-cluster/run."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from kubernetes import client

from capabilities import unavailable

STATE = Path("/var/lib/workshop-cluster")
RUN = STATE / "run"


def require_local_cluster(kubeconfig: str) -> None:
    if Path(kubeconfig).resolve() != (STATE / "kubeconfig").resolve() or not (RUN / "kube-apiserver.pid").is_file():
        unavailable("the fault tests stop and restart the cluster's components: only the local cluster "
                    "(cluster/up) lets them; this kubeconfig is another cluster's")


def pid(component: str) -> int:
    return int((RUN / f"{component}.pid").read_text().strip())


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
    """Stop the component (SIGTERM, as cluster/down does) and start it again with the same
    command line, log and pid file, as cluster/up does."""
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
