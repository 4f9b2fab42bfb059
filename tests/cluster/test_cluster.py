"""The cluster looks, to the tutorial, like the one it was written for.

Each test runs pods the way the tutorial does and checks what the tutorial relies on:
the images (stand-ins offline), the repositories (the local git server offline), the
`rook-cephfs` StorageClass, the `cvmfs` claim, and a quick ConfigMap refresh.
"""

from __future__ import annotations

import re
import time

import pytest
from clusterkit import K8S_MINOR, ONLINE, pod

PUBLIC = "https://github.com/PRP-Workshop/PEARC23-code-public.git"
PRIVATE = "PRP-Workshop/PEARC23-code-private.git"
SETUP = "/cvmfs/oasis.opensciencegrid.org/osg-software/osg-wn-client/current/el8-x86_64/setup.sh"
PI = re.compile(r"3\.14\d+")


def test_node_ready_on_pinned_version(k8s):
    nodes = k8s.core.list_node().items
    assert nodes, "the cluster has no node"
    node = nodes[0]
    ready = {c.type: c.status for c in node.status.conditions}["Ready"]
    assert ready == "True"
    assert node.status.node_info.kubelet_version.startswith(f"v{K8S_MINOR}.")


def test_default_service_account_exists(k8s, namespace):
    k8s.core.read_namespaced_service_account("default", namespace)


def test_rockylinux_sh_is_bash_without_git(k8s, namespace):
    r = k8s.run_pod(
        namespace,
        pod(
            "rocky",
            "rockylinux:8",
            ["sh", "-c", "let s=2*3; echo s=$s; echo bash=$BASH_VERSION; command -v git || echo no-git"],
        ),
    )
    assert r.phase == "Succeeded", r.logs
    assert "s=6" in r.logs and re.search(r"bash=\d", r.logs)
    assert "no-git" in r.logs


def test_pyaction_has_python3_and_git(k8s, namespace):
    r = k8s.run_pod(
        namespace,
        pod("pyaction", "cicirello/pyaction:latest", ["sh", "-c", "python3 --version && git --version"]),
    )
    assert r.phase == "Succeeded", r.logs
    assert "Python 3" in r.logs and "git version" in r.logs


def test_latest_image_with_default_pull_policy_starts(k8s, namespace):
    r = k8s.run_pod(namespace, pod("latest", "cicirello/pyaction:latest", ["true"]))
    assert r.phase == "Succeeded"
    assert r.pod.spec.containers[0].image_pull_policy == "Always"


def test_tensorflow_has_python_but_no_git(k8s, namespace):
    r = k8s.run_pod(
        namespace,
        pod(
            "tf",
            "tensorflow/tensorflow:2.13.0",
            ["sh", "-c", "python --version; python3 --version; command -v git || echo no-git"],
        ),
    )
    assert r.phase == "Succeeded", r.logs
    assert r.logs.count("Python 3") == 2 and "no-git" in r.logs


def test_alpine_git_entrypoint_is_git(k8s, namespace):
    r = k8s.run_pod(namespace, pod("alpinegit", "alpine/git", args=["--version"]))
    assert r.phase == "Succeeded", r.logs
    assert r.logs.startswith("git version")


def _pi_job(name, command, env=None):
    container = {
        "name": "mypod",
        "image": "cicirello/pyaction:latest",
        "command": ["sh", "-c", command],
        "resources": {"requests": {"cpu": "100m", "memory": "100Mi"}, "limits": {"memory": "100Mi"}},
    }
    if env:
        container["env"] = env
    return {
        "metadata": {"name": name},
        "spec": {
            "backoffLimit": 0,
            "ttlSecondsAfterFinished": 600,
            "template": {"spec": {"restartPolicy": "Never", "containers": [container]}},
        },
    }


# What git prints when the server answers 401: it wants a username and cannot ask (no
# terminal), or, with credentials in the URL, says they failed (GitHub: "Authentication
# failed"; the local stand-in's rewrite drops a refused URL's credentials, so git asks again).
NO_CREDENTIALS = re.compile(r"could not read Username|terminal prompts disabled|Authentication failed")
BAD_CREDENTIALS = re.compile(r"Authentication failed|Invalid username or (password|token)|could not read Username")


def test_public_clone_and_pi_steps(k8s, namespace):
    cmd = f"git clone {PUBLIC} && cd PEARC23-code-public && python3 ./pi.py && echo Done"
    ok, logs = k8s.run_job(namespace, _pi_job("pi-default", cmd))
    assert ok, logs
    assert "Done" in logs
    default = float(PI.search(logs).group())
    ok, logs = k8s.run_job(namespace, _pi_job("pi-more", cmd, [{"name": "PI_STEPS", "value": "100000"}]))
    assert ok, logs
    more = float(PI.search(logs).group())
    assert more != default
    assert abs(more - 3.14159265358979) < abs(default - 3.14159265358979)


def test_private_clone_needs_credentials(k8s, namespace, git_credentials):
    cmd = f"git clone https://github.com/{PRIVATE} && cd PEARC23-code-private && python3 ./pi.py && echo Done"
    ok, logs = k8s.run_job(namespace, _pi_job("private-anon", cmd))
    assert not ok, f"the private repository was cloned without credentials:\n{logs}"
    assert "Done" not in logs
    # Refused for want of credentials (HTTP 401 and git asking for a username it cannot read),
    # not for any other reason such as a missing repository or an unreachable server.
    assert NO_CREDENTIALS.search(logs), f"the clone failed, but not for want of credentials:\n{logs}"
    assert "not found" not in logs.lower() and "could not resolve" not in logs.lower(), logs

    user, token = git_credentials
    secret = f"github-secret-{namespace}"
    k8s.core.create_namespaced_secret(
        namespace, {"metadata": {"name": secret}, "stringData": {"username": user, "token": token}}
    )
    env = [
        {"name": "GH_USERNAME", "valueFrom": {"secretKeyRef": {"key": "username", "name": secret}}},
        {"name": "GH_TOKEN", "valueFrom": {"secretKeyRef": {"key": "token", "name": secret}}},
    ]
    cmd = f"git clone https://$GH_USERNAME:$GH_TOKEN@github.com/{PRIVATE} && cd PEARC23-code-private && python3 ./pi.py && echo Done"
    ok, logs = k8s.run_job(namespace, _pi_job("private-token", cmd, env))
    assert ok, logs
    assert "Done" in logs and PI.search(logs)

    bad = [{"name": "GH_USERNAME", "value": user}, {"name": "GH_TOKEN", "value": "not-the-token"}]
    ok, logs = k8s.run_job(namespace, _pi_job("private-badtoken", cmd, bad))
    assert not ok, f"the private repository was cloned with a wrong token:\n{logs}"
    assert BAD_CREDENTIALS.search(logs), f"the clone failed, but not because the token was refused:\n{logs}"

    # The tutorial's init-container pattern: alpine/git clones, tensorflow runs.
    job = {
        "metadata": {"name": "initclone"},
        "spec": {
            "backoffLimit": 0,
            "template": {
                "spec": {
                    "restartPolicy": "Never",
                    "initContainers": [
                        {
                            "name": "init-clone-repo",
                            "image": "alpine/git",
                            "env": env,
                            "args": [
                                "clone",
                                "--single-branch",
                                f"https://$(GH_USERNAME):$(GH_TOKEN)@github.com/{PRIVATE}",
                                "/opt/repo/PEARC23-myrepo",
                            ],
                            "volumeMounts": [{"name": "git-repo", "mountPath": "/opt/repo"}],
                        }
                    ],
                    "containers": [
                        {
                            "name": "pijob",
                            "image": "tensorflow/tensorflow:2.13.0",
                            "command": ["python"],
                            "args": ["/opt/repo/PEARC23-myrepo/pi.py"],
                            "volumeMounts": [{"name": "git-repo", "mountPath": "/opt/repo"}],
                        }
                    ],
                    "volumes": [{"name": "git-repo", "emptyDir": {}}],
                }
            },
        },
    }
    ok, logs = k8s.run_job(namespace, job)
    assert ok, logs
    assert PI.search(logs)


def test_rook_cephfs_rwx_claim_is_shared_by_two_pods(k8s, namespace):
    k8s.core.create_namespaced_persistent_volume_claim(
        namespace,
        {
            "metadata": {"name": "vol-shared"},
            "spec": {
                "storageClassName": "rook-cephfs",
                "accessModes": ["ReadWriteMany"],
                "resources": {"requests": {"storage": "1Gi"}},
            },
        },
    )
    deadline = time.monotonic() + 60
    while k8s.core.read_namespaced_persistent_volume_claim("vol-shared", namespace).status.phase != "Bound":
        assert time.monotonic() < deadline, "the rook-cephfs claim did not bind in 60 s"
        time.sleep(1)
    volume = {
        "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "vol-shared"}}],
        "container": {"volumeMounts": [{"name": "d", "mountPath": "/mnt/mylogs"}]},
    }
    # Both pods run at once: the reader waits for what the writer writes.
    k8s.core.create_namespaced_pod(
        namespace,
        {
            "apiVersion": "v1",
            "kind": "Pod",
            **pod(
                "reader",
                "rockylinux:8",
                [
                    "sh",
                    "-c",
                    "for i in $(seq 60); do [ -f /mnt/mylogs/hello ] && cat /mnt/mylogs/hello && exit 0; sleep 1; done; exit 1",
                ],
                restartPolicy="Never",
                **volume,
            ),
        },
    )
    w = k8s.run_pod(
        namespace,
        pod(
            "writer",
            "rockylinux:8",
            ["sh", "-c", "echo hello-from-writer > /mnt/mylogs/hello"],
            **{"volumes": volume["volumes"], "container": volume["container"]},
        ),
    )
    assert w.phase == "Succeeded", w.logs
    r = k8s.wait_pod(namespace, "reader", ("Succeeded", "Failed"), 90)
    logs = k8s.core.read_namespaced_pod_log("reader", namespace)
    assert r.status.phase == "Succeeded" and "hello-from-writer" in logs


def test_cvmfs_claim_gives_git(k8s, namespace):
    spec = pod(
        "cvmfs",
        "rockylinux:8",
        [
            "sh",
            "-c",
            f"command -v git || echo no-git-before; source {SETUP}; git --version; git 2>&1 | head -1; touch /cvmfs/x 2>/dev/null || echo read-only",
        ],
        volumes=[{"name": "cvmfs", "persistentVolumeClaim": {"claimName": "cvmfs"}}],
        container={
            "volumeMounts": [
                {
                    "name": "cvmfs",
                    "mountPath": "/cvmfs",
                    "readOnly": True,
                    "mountPropagation": "HostToContainer",
                }
            ]
        },
    )
    r = k8s.run_pod(namespace, spec)
    assert r.phase == "Succeeded", r.logs
    assert "no-git-before" in r.logs and "git version" in r.logs and "usage: git" in r.logs
    assert "read-only" in r.logs


def test_configmap_update_reaches_running_pod_quickly(k8s, namespace):
    k8s.core.create_namespaced_config_map(namespace, {"metadata": {"name": "cfg"}, "data": {"hello.txt": "one"}})
    k8s.core.create_namespaced_pod(
        namespace,
        {
            "apiVersion": "v1",
            "kind": "Pod",
            **pod(
                "cfgwatch",
                "rockylinux:8",
                [
                    "sh",
                    "-c",
                    "for i in $(seq 90); do grep -q two /tmp/myconfig/hello.txt && echo updated && exit 0; sleep 1; done; exit 1",
                ],
                restartPolicy="Never",
                volumes=[{"name": "cfg", "configMap": {"name": "cfg"}}],
                container={"volumeMounts": [{"name": "cfg", "mountPath": "/tmp/myconfig"}]},
            ),
        },
    )
    k8s.wait_pod(namespace, "cfgwatch", ("Running",), 60)
    start = time.monotonic()
    k8s.core.patch_namespaced_config_map("cfg", namespace, {"data": {"hello.txt": "two"}})
    p = k8s.wait_pod(namespace, "cfgwatch", ("Succeeded", "Failed"), 120)
    assert p.status.phase == "Succeeded", "the ConfigMap change did not reach the pod in 90 s"
    # The kubelet runs with syncFrequency 5s and the Watch strategy (cluster/README.md): an
    # update arrives within about one sync period; three allow for a busy node.
    assert time.monotonic() - start < 15, f"the update took {time.monotonic() - start:.0f} s"


@pytest.mark.skipif(ONLINE, reason="online, pods have real DNS and egress; this checks the offline cluster")
def test_pods_resolve_no_names_and_have_no_way_out(k8s, namespace):
    r = k8s.run_pod(
        namespace,
        pod(
            "noegress",
            "cicirello/pyaction:latest",
            [
                "python3",
                "-c",
                """
import socket, time
t = time.monotonic()
try:
    socket.getaddrinfo("github.com", 443); print("RESOLVED")
except OSError as e:
    print("no-resolve", round(time.monotonic() - t, 1))
routes = open("/proc/net/route").read().split("\\n")[1:]
print("default-route" if any(l.split()[1:2] == ["00000000"] for l in routes if l) else "no-default-route")
""",
            ],
        ),
    )
    assert r.phase == "Succeeded", r.logs
    assert "RESOLVED" not in r.logs and "no-resolve" in r.logs
    # Refused at once, inside the pod's own network: no query waited for an answer from outside.
    seconds = float(re.search(r"no-resolve ([\d.]+)", r.logs)[1])
    assert seconds < 2, f"the name look-up took {seconds} s: it waited for some server"
    assert "no-default-route" in r.logs
