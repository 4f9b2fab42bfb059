"""The host services of the offline cluster (cluster/kind/up) on a machine other people share:

- the registry the nodes pull from is read-only: no pod (nobody who can reach it) pushes or
  deletes an image, and kind/up replaces a tag whose manifest differs from the one built here;
- a pid file is signalled only while its process runs the service's program: one that outlived a
  reboot, now naming somebody else's process, is left alone (start-stop-daemon's --exec).
"""

from __future__ import annotations

import os
import subprocess
import urllib.error
import urllib.request

import pytest
from clusterkit import CLUSTER, ONLINE

pytestmark = [
    pytest.mark.skipif(ONLINE, reason="the offline cluster's own registry and services"),
    pytest.mark.skipif(os.geteuid() != 0, reason="the cluster scripts need root"),
]
SETTINGS = (CLUSTER / "lib" / "common.sh").read_text()


def _registry() -> str:
    host = next(line.split("=", 1)[1] for line in SETTINGS.splitlines() if line.startswith("HOST_IP="))
    return f"http://{host}:5000"


@pytest.mark.parametrize(
    "method,path",
    [
        ("POST", "/v2/library/rockylinux/blobs/uploads/"),
        ("DELETE", "/v2/library/rockylinux/manifests/8"),
        ("PUT", "/v2/library/rockylinux/manifests/8"),
    ],
)
def test_the_nodes_registry_refuses_pushes_and_deletes(kubeconfig, method, path):
    request = urllib.request.Request(_registry() + path, method=method, data=b"" if method != "DELETE" else None)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code in (405, 503), refused.value.code
    with urllib.request.urlopen(_registry() + "/v2/", timeout=10) as answer:  # reading still works
        assert answer.status == 200


def test_a_pid_file_naming_another_process_is_not_signalled(tmp_path):
    """A stale pid file of the registry that now names an unrelated process: stop leaves it be."""
    stranger = subprocess.Popen(["sleep", "300"])
    try:
        run = tmp_path / "run"
        run.mkdir()
        (run / "registry.pid").write_text(f"{stranger.pid}\n")
        (run / "registry.exe").write_text("/usr/bin/docker-registry\n")
        script = (
            f'. "{CLUSTER}/lib/common.sh"; . "{CLUSTER}/lib/runtime.sh"; alive registry && echo ALIVE; stop registry'
        )
        result = subprocess.run(
            ["bash", "-c", script],
            env={**os.environ, "WORKSHOP_CLUSTER_STATE": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "ALIVE" not in result.stdout, "a pid file naming another program was taken for the registry"
        assert stranger.poll() is None, "stop signalled a process that is not the registry"
        assert not (run / "registry.pid").exists(), "the stale pid file was kept"
    finally:
        stranger.kill()
        stranger.wait()
