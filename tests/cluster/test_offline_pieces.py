"""The offline stand-ins that need no cluster: the git server, pi.py and the cvmfs tree.

Everything here stays on loopback (the git server binds 127.0.0.1 on a free port).
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from clusterkit import CLUSTER

PI_PY = CLUSTER / "gitserver" / "PEARC23-code" / "pi.py"


def pi(steps: str | None = None) -> float:
    env = dict(os.environ)
    env.pop("PI_STEPS", None)
    if steps:
        env["PI_STEPS"] = steps
    out = subprocess.run([sys.executable, str(PI_PY)], env=env, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"3\.\d+", out).group())


def test_pi_steps_default_and_more():
    assert abs(pi() - 3.14159) < 0.01
    assert pi() == pi("1000")
    assert abs(pi("100000") - 3.14159265) < abs(pi() - 3.14159265)


@pytest.fixture(scope="module")
def gitserver(tmp_path_factory):
    root = tmp_path_factory.mktemp("git")
    subprocess.run([str(CLUSTER / "gitserver" / "make-repos"), str(root / "repos")], check=True, capture_output=True)
    (root / "cred.env").write_text("GIT_USER=alice\nGIT_TOKEN=s3cret-token\n")
    proc = subprocess.Popen(
        [
            sys.executable,
            str(CLUSTER / "gitserver" / "server.py"),
            "--listen",
            "127.0.0.1:0",  # the kernel picks a free port; the server says which
            "--root",
            str(root / "repos"),
            "--credentials",
            str(root / "cred.env"),
            "--private",
            "PEARC23-code-private",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready = select.select([proc.stdout], [], [], 30)[0]
    line = proc.stdout.readline() if ready else ""
    match = re.match(r"gitserver: listening on 127\.0\.0\.1:(\d+)$", line.strip())
    if not match:
        proc.kill()
        pytest.fail(f"the git server did not come up within 30 s: {line!r} {proc.stderr.read()[-2000:]}")
    port = int(match[1])
    # The same rewrite rules as the stand-in images, pointed at this server.
    gitconfig = root / "gitconfig"
    gitconfig.write_text(
        f'[url "http://127.0.0.1:{port}/git/github.com/"]\n\tinsteadOf = https://github.com/\n'
        f'[url "http://127.0.0.1:{port}/git/"]\n\tinsteadOf = https://\n'
    )
    yield root, gitconfig
    proc.terminate()
    _, log = proc.communicate(timeout=10)
    assert "s3cret-token" not in log, "the git server logged a token"


def clone(gitconfig: Path, url: str, dest: Path, *extra: str):
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
    return subprocess.run(["git", "clone", *extra, url, str(dest)], env=env, capture_output=True, text=True, timeout=60)


def test_public_repository_clones(gitserver, tmp_path):
    _, cfg = gitserver
    r = clone(cfg, "https://github.com/PRP-Workshop/PEARC23-code-public.git", tmp_path / "pub")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "pub" / "pi.py").read_text() == PI_PY.read_text()


def test_private_repository_needs_the_credentials(gitserver, tmp_path):
    _, cfg = gitserver
    url = "github.com/PRP-Workshop/PEARC23-code-private.git"
    assert clone(cfg, f"https://{url}", tmp_path / "anon").returncode != 0
    assert clone(cfg, f"https://alice:wrong@{url}", tmp_path / "wrong").returncode != 0
    assert clone(cfg, f"https://bob:s3cret-token@{url}", tmp_path / "wronguser").returncode != 0
    r = clone(cfg, f"https://alice:s3cret-token@{url}", tmp_path / "ok", "--single-branch")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "ok" / "pi.py").exists()


def test_cvmfs_tree_git_runs_without_the_hosts_git(tmp_path):
    out = tmp_path / "cvmfs"
    subprocess.run([str(CLUSTER / "cvmfs" / "build-tree"), str(out)], check=True, capture_output=True)
    setup = out / "oasis.opensciencegrid.org/osg-software/osg-wn-client/current/el8-x86_64/setup.sh"
    assert setup.is_file()
    # A PATH without the host's git: only the tree's launcher can answer.
    script = f'source "{setup}"; command -v git; git --version; git init -q "{tmp_path}/r" && echo init-ok'
    r = subprocess.run(
        ["/bin/bash", "-c", script],
        env={"PATH": "/nonexistent"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert str(out) in r.stdout and "git version" in r.stdout and "init-ok" in r.stdout
