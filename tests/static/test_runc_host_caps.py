"""cluster/kind/runc-host-caps, the Docker runtime of kind/dockerd: it hands runc a bundle whose
capabilities are only those this host holds, for `create` and for `exec --process`, and leaves
every argument as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from workshop.paths import ROOT

WRAPPER = ROOT / "cluster" / "kind" / "runc-host-caps"
ALL = ["CAP_CHOWN", "CAP_SYS_ADMIN", "CAP_SYS_RESOURCE", "CAP_NET_ADMIN", "CAP_BPF"]


def held() -> set[str]:
    namespace: dict = {"__name__": "runc_host_caps"}
    exec(compile(WRAPPER.read_text(), str(WRAPPER), "exec"), namespace)  # its own reading of CapBnd
    return namespace["bounding_set"]()


def run(tmp_path, *args):
    # The "real runc" is a stand-in that records how it was called.
    fake = tmp_path / "runc"
    fake.write_text('#!/bin/sh\necho "$@" > "$(dirname "$0")/called"\n')
    fake.chmod(0o755)
    env = dict(os.environ, WORKSHOP_RUNC=str(fake))
    result = subprocess.run([sys.executable, str(WRAPPER), *args], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return (tmp_path / "called").read_text().split()


def test_create_keeps_only_the_capabilities_the_host_holds(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    caps = {kind: list(ALL) for kind in ("bounding", "effective", "permitted")}
    (bundle / "config.json").write_text(json.dumps({"process": {"capabilities": caps, "args": ["/sbin/init"]}}))
    called = run(tmp_path, "--root", "/r", "create", "--bundle", str(bundle), "node")
    assert called == ["--root", "/r", "create", "--bundle", str(bundle), "node"]
    config = json.loads((bundle / "config.json").read_text())
    expected = [c for c in ALL if c in held()]
    assert all(v == expected for v in config["process"]["capabilities"].values()), config
    assert config["process"]["args"] == ["/sbin/init"]


def test_exec_trims_the_process_file(tmp_path):
    process = tmp_path / "process.json"
    process.write_text(json.dumps({"capabilities": {"effective": list(ALL)}, "args": ["cat", "/kind/version"]}))
    run(tmp_path, "exec", "--process", str(process), "node")
    assert json.loads(process.read_text())["capabilities"]["effective"] == [c for c in ALL if c in held()]


def test_this_host_lacks_what_docker_asks_of_a_privileged_container_or_the_wrapper_is_a_no_op(tmp_path):
    # On this machine CAP_SYS_RESOURCE is missing (why the wrapper exists); elsewhere nothing changes.
    with open("/proc/self/status") as status:
        mask = int(next(line for line in status if line.startswith("CapBnd:")).split()[1], 16)
    assert ("CAP_SYS_RESOURCE" in held()) == bool(mask >> 24 & 1)
