"""The cluster's own up and down scripts (cluster/kind/up, kind/down): idempotent bring-up, clean
teardown, a part that cannot start, Ctrl-C. As root, offline.

The teardown tests stop the cluster that other tests may be using, so they run only when asked:
WORKSHOP_CLUSTER_LIFECYCLE=1. They leave the cluster up again at the end (with new
private-repository credentials).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time

import pytest
from clusterkit import CHECK_CLEAN, CLUSTER, DOWN, ONLINE, STATE, UP

pytestmark = [
    pytest.mark.skipif(ONLINE, reason="the offline cluster's scripts: online CI makes its cluster once"),
    pytest.mark.skipif(os.geteuid() != 0, reason="the cluster scripts need root"),
]
destructive = pytest.mark.skipif(
    os.environ.get("WORKSHOP_CLUSTER_LIFECYCLE") != "1",
    reason="stops the shared cluster: set WORKSHOP_CLUSTER_LIFECYCLE=1 to run",
)
SETTINGS = (CLUSTER / "lib" / "common.sh").read_text()


def run(*cmd, timeout=600):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout)


def test_up_twice_is_harmless(kubeconfig):
    r = run(UP, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip().splitlines()[-1] == str(STATE / "kubeconfig")
    assert "already up" in r.stderr


@destructive
def test_down_leaves_nothing_and_up_again(tmp_path):
    # The snapshot is taken with the cluster down, so whatever up changes on the host and down leaves shows.
    r = run(DOWN)
    assert r.returncode == 0, r.stderr[-3000:]
    snapshot = tmp_path / "host-before"
    assert run(CHECK_CLEAN, "--snapshot", snapshot).returncode == 0
    r = run(UP)
    assert r.returncode == 0, r.stderr[-3000:]
    start = time.monotonic()
    r = run(DOWN)
    assert r.returncode == 0, r.stderr[-3000:]
    down_s = time.monotonic() - start
    clean = run(CHECK_CLEAN, snapshot)
    assert clean.returncode == 0, clean.stderr
    r = run(DOWN)  # twice is harmless too
    assert r.returncode == 0 and "nothing to tear down" in r.stderr, r.stderr
    start = time.monotonic()
    r = run(UP)
    assert r.returncode == 0, r.stderr[-3000:]
    print(f"teardown {down_s:.1f} s, warm bring-up {time.monotonic() - start:.1f} s")


def _port(name: str) -> int:
    return int(re.search(rf"^{name}=(\d+)$", SETTINGS, re.M)[1])


# The part that is made to fail: the git server, which kind/up starts on this host.
BLOCKED = ("gitserver", _port("GIT_PORT"))


@destructive
def test_a_part_that_cannot_start_is_reported_and_torn_down(tmp_path):
    """The part's port is taken by a socket that is bound but does not listen (a preflight that
    connects to each port cannot see it): the part fails to start, and up prints its log tail,
    tears down what it had started, and exits non-zero; nothing is left."""
    part, port = BLOCKED
    assert run(DOWN).returncode == 0
    snapshot = tmp_path / "host-before"
    assert run(CHECK_CLEAN, "--snapshot", snapshot).returncode == 0
    with socket.socket() as taken:
        # Right after down, a connection the part closed first sits in TIME_WAIT on its port for up
        # to a minute: the part itself may bind over it (SO_REUSEADDR), this plain socket may not.
        deadline = time.monotonic() + 120
        while True:
            try:
                taken.bind(("127.0.0.1", port))
                break
            except OSError:
                assert time.monotonic() < deadline, f"port {port} still in use 120 s after {DOWN.name}"
                time.sleep(2)
        r = run(UP, timeout=600)
    assert r.returncode != 0, r.stderr[-3000:]
    assert re.search(rf"ERROR: {part} (exited during start-up|not ready after)", r.stderr), r.stderr[-3000:]
    assert "Last lines of" in r.stderr and "address already in use" in r.stderr.lower(), r.stderr[-3000:]
    clean = run(CHECK_CLEAN, snapshot)
    assert clean.returncode == 0, clean.stderr
    r = run(UP)
    assert r.returncode == 0, r.stderr[-3000:]


def _bring_up_is_well_under_way() -> bool:
    """kind is creating the node: the registry and git server are up, the node container exists."""
    r = run("docker", "ps", "-q", "--filter", "label=io.x-k8s.kind.cluster=workshop", timeout=30)
    return bool(r.stdout.strip())


@destructive
def test_ctrl_c_during_bring_up_cleans_up(tmp_path):
    assert run(DOWN).returncode == 0
    snapshot = tmp_path / "host-before"
    assert run(CHECK_CLEAN, "--snapshot", snapshot).returncode == 0
    # Ctrl-C goes to the terminal's whole process group: up and whatever it runs at that moment.
    proc = subprocess.Popen(
        [str(UP)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 300
    while not _bring_up_is_well_under_way() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert proc.poll() is None, "bring-up ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 130, err[-3000:]
    assert "interrupted" in err
    clean = run(CHECK_CLEAN, snapshot)
    assert clean.returncode == 0, clean.stderr
    r = run(UP)
    assert r.returncode == 0, r.stderr[-3000:]
