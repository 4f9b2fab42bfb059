"""cluster/up and cluster/down themselves: idempotent bring-up, clean teardown, Ctrl-C.

Only for the local cluster (root, cluster/up). The teardown tests stop the cluster that
other tests may be using, so they run only when asked: WORKSHOP_CLUSTER_LIFECYCLE=1. They
leave the cluster up again at the end (with new private-repository credentials).
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time

import pytest
from clusterkit import CLUSTER, KIND, STATE

pytestmark = [
    pytest.mark.skipif(KIND != "local", reason="cluster/up and cluster/down are for the local cluster"),
    pytest.mark.skipif(os.geteuid() != 0, reason="cluster/up and cluster/down need root"),
]
destructive = pytest.mark.skipif(os.environ.get("WORKSHOP_CLUSTER_LIFECYCLE") != "1",
                                 reason="stops the shared cluster: set WORKSHOP_CLUSTER_LIFECYCLE=1 to run")


def run(*cmd, timeout=600):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout)


def test_up_twice_is_harmless(kubeconfig):
    r = run(CLUSTER / "up", timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip().splitlines()[-1] == str(STATE / "kubeconfig")
    assert "already up" in r.stderr


@destructive
def test_down_leaves_nothing_and_up_again(tmp_path):
    # The snapshot is taken with the cluster down, so a rule that up adds and down leaves shows.
    r = run(CLUSTER / "down")
    assert r.returncode == 0, r.stderr[-3000:]
    snapshot = tmp_path / "iptables-before"
    snapshot.write_text(run("iptables-save").stdout)
    r = run(CLUSTER / "up")
    assert r.returncode == 0, r.stderr[-3000:]
    start = time.monotonic()
    r = run(CLUSTER / "down")
    assert r.returncode == 0, r.stderr[-3000:]
    down_s = time.monotonic() - start
    clean = run(CLUSTER / "check-clean", snapshot)
    assert clean.returncode == 0, clean.stderr
    r = run(CLUSTER / "down")  # twice is harmless too
    assert r.returncode == 0 and "nothing to tear down" in r.stderr
    start = time.monotonic()
    r = run(CLUSTER / "up")
    assert r.returncode == 0, r.stderr[-3000:]
    print(f"teardown {down_s:.1f} s, warm bring-up {time.monotonic() - start:.1f} s")


@destructive
def test_a_component_that_cannot_start_is_reported_and_torn_down(tmp_path):
    """etcd's port is taken by a socket that is bound but does not listen (up's preflight
    connects to each port, so it cannot see it): etcd fails to start, and up prints etcd's log
    tail, tears down what it had started, and exits non-zero; nothing is left."""
    assert run(CLUSTER / "down").returncode == 0
    snapshot = tmp_path / "iptables-before"
    snapshot.write_text(run("iptables-save").stdout)
    etcd_port = int(re.search(r"^ETCD_PORT=(\d+)$", (CLUSTER / "lib" / "common.sh").read_text(), re.M)[1])
    with socket.socket() as taken:
        # Right after down, a connection etcd closed first sits in TIME_WAIT on its port for up
        # to a minute: etcd itself may bind over it (SO_REUSEADDR), this plain socket may not.
        deadline = time.monotonic() + 120
        while True:
            try:
                taken.bind(("127.0.0.1", etcd_port))
                break
            except OSError:
                assert time.monotonic() < deadline, f"port {etcd_port} still in use 120 s after cluster/down"
                time.sleep(2)
        r = run(CLUSTER / "up", timeout=300)
    assert r.returncode != 0, r.stderr[-3000:]
    assert re.search(r"ERROR: etcd (exited during start-up|not ready after)", r.stderr), r.stderr[-3000:]
    assert "Last lines of" in r.stderr and "address already in use" in r.stderr, r.stderr[-3000:]
    clean = run(CLUSTER / "check-clean", snapshot)
    assert clean.returncode == 0, clean.stderr
    r = run(CLUSTER / "up")
    assert r.returncode == 0, r.stderr[-3000:]


@destructive
def test_ctrl_c_during_bring_up_cleans_up(tmp_path):
    assert run(CLUSTER / "down").returncode == 0
    snapshot = tmp_path / "iptables-before"
    snapshot.write_text(run("iptables-save").stdout)
    # Interrupt once the kubelet is starting: most of the cluster is running by then.
    proc = subprocess.Popen([str(CLUSTER / "up")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180
    log = STATE / "logs" / "kubelet.log"
    while not log.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-3000:]
    assert "interrupted" in err
    clean = run(CLUSTER / "check-clean", snapshot)
    assert clean.returncode == 0, clean.stderr
    r = run(CLUSTER / "up")
    assert r.returncode == 0, r.stderr[-3000:]
