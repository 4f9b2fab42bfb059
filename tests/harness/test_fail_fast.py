"""Wrong docs fail as soon as the cluster shows it, not when the page's own wait times out:
a Job whose container fails (a wrong directory in its command) used to be reported after the
snippet's `kubectl wait --timeout=5m`; now within seconds, with the container's log."""
from __future__ import annotations

import re
import time

from harnesskit import break_snippet, expected_leftovers, objects_in, project_copy, run_live


def test_a_failing_container_is_reported_within_30_seconds(tmp_path, kubeconfig, api, namespace):
    copy = project_copy(tmp_path)
    break_snippet(copy, "importing-code/c3.yaml", "cd PEARC23-code-public &&", "cd PEARC23-code-publicX &&")
    started = time.monotonic()
    result = run_live(copy, kubeconfig, namespace, "wkfast", 1, "tests/live/test_importing_code.py", timeout=400)
    elapsed = time.monotonic() - started
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-3000:]
    assert re.search(r"\[importing-code as wkfast[a-z0-9]+-1\] snippets/importing-code/logs-c3.sh: stopped after \d+ s, "
                     r"because the cluster shows that it cannot succeed: pod c3-wkfast\S+ container mypod exited with code",
                     out), out[-3000:]
    assert "PEARC23-code-publicX" in out, "the log tail (the shell's complaint about the directory) is shown"
    seconds = int(re.search(r"logs-c3.sh: stopped after (\d+) s", out).group(1))
    assert seconds <= 30, f"reported after {seconds} s"
    print(f"fail fast: the wrong directory in c3.yaml reported after {seconds} s (was: the snippet's 5 min timeout); "
          f"whole run {elapsed:.0f} s")
    assert elapsed < 150, f"the whole run took {elapsed:.0f} s"
    assert objects_in(api, namespace) == expected_leftovers()
