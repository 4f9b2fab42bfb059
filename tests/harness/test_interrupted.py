"""Ctrl-C (SIGINT), a CI job being stopped (SIGTERM) or the terminal closed (SIGHUP) in the middle
of a live run: the harness
stops, deletes every object of its participants (pods included) and nothing of anybody
else's, and says it was interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from harnesskit import expected_leftovers, live_command, live_env, objects_in, project_copy


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup-terminal-closed"]
)
def test_an_interruption_mid_run_deletes_what_the_run_made_and_only_that(tmp_path, kubeconfig, api, namespace, signum):
    copy = project_copy(tmp_path)
    log = (tmp_path / "live.log").open("w+")
    # Its own process group, as a terminal's foreground job: Ctrl-C reaches pytest and its children.
    proc = subprocess.Popen(
        live_command(
            copy,
            kubeconfig,
            namespace,
            "wkint",
            2,
            "tests/live/test_simple_config_files.py",
            "tests/live/test_ephemeral_storage.py",
            # A page that lasts (a 10-pod Job, claims): on a quick cluster the first two may be
            # over before the signal could come.
            "tests/live/test_persistent_storage.py",
        ),
        cwd=copy,
        env=live_env(copy),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while not any(o.startswith("pods/") for o in objects_in(api, namespace)):  # mid-run: pods exist
            assert proc.poll() is None, "the live run ended before any pod existed:\n" + _read(log)
            assert time.monotonic() < deadline, "no pod of the run appeared within 180 s:\n" + _read(log)
            time.sleep(0.2)
        made = objects_in(api, namespace) - expected_leftovers()
        assert proc.poll() is None, "the live run ended before it could be interrupted:\n" + _read(log)
        os.killpg(proc.pid, signum)
        returncode = proc.wait(timeout=240)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    out = _read(log)
    assert returncode != 0, f"an interrupted run must not pass:\n{out[-3000:]}"
    assert "KeyboardInterrupt" in out or "Interrupted" in out, out[-3000:]
    if signum != signal.SIGINT:
        assert f"signal {int(signum)}" in out, out[-3000:]  # said as what it was
    assert made, "nothing of the run existed when it was interrupted"
    assert objects_in(api, namespace) == expected_leftovers(), out[-3000:]


def _read(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()
