"""No command hangs on an API server that accepts connections and never answers (frozen, or a
proxy that lost it): each gives up on its own within 60 s, with one line that says what it was
doing and against which server, and the documented exit code. The server here is real: a socket
on loopback that accepts every connection and never says a word."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from capabilities import unavailable

from workshop.harness import local_cluster
from workshop.paths import ROOT

GIVE_UP = 60  # seconds: the most an instructor in front of a room waits for an answer


@pytest.fixture(scope="module")
def frozen(tmp_path_factory):
    """(kubeconfig, server address) of an API server that accepts and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.5)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    address = f"https://127.0.0.1:{listener.getsockname()[1]}"
    kubeconfig = tmp_path_factory.mktemp("frozen") / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\n"
        f"clusters:\n- name: frozen\n  cluster: {{server: '{address}', insecure-skip-tls-verify: true}}\n"
        "users:\n- name: someone\n  user: {token: not-a-token}\n"
        "contexts:\n- name: frozen\n  context: {cluster: frozen, user: someone, namespace: workshop}\n"
        "current-context: frozen\n"
    )
    yield str(kubeconfig), address
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def _run(argv, **kwargs) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    env = {**os.environ, **kwargs.pop("env", {})}
    env.pop("WORKSHOP_KUBECONFIG", None)
    result = subprocess.run(argv, capture_output=True, text=True, timeout=GIVE_UP + 60, cwd=ROOT, env=env, **kwargs)
    return result, time.monotonic() - started


COMMANDS = {
    "plan": ["plan", "--participants", "3"],
    "status --once": ["status", "--once"],
    "status (live view)": ["status"],
    "sweep": ["sweep"],
    "sweep --delete": ["sweep", "--roster", str(ROOT / "examples" / "roster.txt"), "--delete", "--yes"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_each_workshop_command_gives_up_with_one_line(frozen, command):
    kubeconfig, address = frozen
    result, seconds = _run(
        [sys.executable, "-m", "workshop.instructor", *COMMANDS[command], "--kubeconfig", kubeconfig]
    )
    print(f"FROZEN workshop {command}: gave up after {seconds:.1f} s, exit {result.returncode}")
    assert seconds < GIVE_UP, f"workshop {command} took {seconds:.0f} s against a frozen API server"
    assert result.returncode == 3, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert address in lines[0] and "did not answer" in lines[0], lines[0]


def test_the_live_tier_gives_up_before_any_participant_starts(frozen, tmp_path):
    kubeconfig, address = frozen
    kubectl = local_cluster.find_kubectl()
    if kubectl is None:
        unavailable(local_cluster.NO_KUBECTL)
    result, seconds = _run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/live/test_simple_config_files.py",
            "-q",
            "-p",
            "no:cacheprovider",
            "--kubeconfig",
            kubeconfig,
            "--kubectl",
            str(kubectl),
        ],
        env={"WORKSHOP_HARNESS_STATE": str(tmp_path / "runs"), "WORKSHOP_REPORTS": str(tmp_path / "reports")},
    )
    print(f"FROZEN live tier start: gave up after {seconds:.1f} s, exit {result.returncode}")
    assert seconds < GIVE_UP, f"the live tier took {seconds:.0f} s to give up against a frozen API server"
    assert result.returncode == 1, result.stdout[-3000:]
    assert (
        f"the live run did not start: the cluster at {address} did not answer while making namespace" in result.stdout
    ), result.stdout[-3000:]
    assert "Traceback" not in result.stdout
    assert not list((tmp_path / "runs").glob("*.json")), "a run that made nothing left a record to recover"
