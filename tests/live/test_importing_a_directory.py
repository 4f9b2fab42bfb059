"""Page "Importing a whole directory": a ConfigMap as a directory; updates reach the pod."""

import textwrap

from workshop.harness.live.participant import Participant

PAGE = "importing-a-directory"
RUNS = [
    # hello.txt is "the one from the previous section": this participant makes it the same way.
    "simple-config-files/create-hello.sh",
    "importing-a-directory/create-world.sh",
    "importing-a-directory/create-configmap.sh",
    "importing-a-directory/show-configmap.sh",
    "importing-a-directory/c2.yaml",
    "importing-a-directory/create-pod.sh",
    "importing-a-directory/exec.sh",
    "importing-a-directory/in-pod-show-files.sh",
    "importing-a-directory/in-pod-edit-files.sh",
    "importing-a-directory/update-world.sh",
    "importing-a-directory/update-configmap.sh",
    "importing-a-directory/in-pod-cat-files.sh",
    "importing-a-directory/cleanup.sh",
]

# Not a tutorial object: a pod of the harness's own that mounts the same ConfigMap twice, as a
# directory and one key with subPath, to check the page's note on subPath mounts.
PROBE = textwrap.dedent("""\
    apiVersion: v1
    kind: Pod
    metadata:
      name: c2probe-{user}
    spec:
      terminationGracePeriodSeconds: 0
      restartPolicy: Never
      containers:
      - name: probe
        image: rockylinux:8
        command: ["sh", "-c", "sleep 1000"]
        resources:
          requests: {{cpu: 10m, memory: 20Mi}}
          limits: {{cpu: 100m, memory: 50Mi}}
        volumeMounts:
        - {{name: cfg, mountPath: /tmp/myconfig}}
        - {{name: cfg, mountPath: /tmp/world.txt, subPath: world.txt}}
      volumes:
      - name: cfg
        configMap: {{name: config2-{user}}}
    """)


def scenario(p: Participant) -> None:
    c2, probe = p.name("c2-<username>"), p.name("c2probe-<username>")
    first, update = p.name("World from <username>"), p.name("Updated by <username>")
    p.run("simple-config-files/create-hello.sh")
    p.run("importing-a-directory/create-world.sh")
    p.run("importing-a-directory/create-configmap.sh")
    shown = p.run("importing-a-directory/show-configmap.sh").stdout
    with p.claim("Check its content, as before"):
        assert "hello.txt:" in shown and "world.txt:" in shown and first in shown

    p.run("importing-a-directory/create-pod.sh")
    # Running before the ConfigMap changes: a subPath file is fixed when its container starts.
    p.create_own_pod(PROBE.format(user=p.username))
    inside = p.login(
        "importing-a-directory/exec.sh",
        "importing-a-directory/in-pod-show-files.sh",
        "importing-a-directory/in-pod-edit-files.sh",
        expect_failure=("importing-a-directory/in-pod-edit-files.sh",),
    )
    with p.claim("Inside the pod, check that the files are indeed in the /tmp/myconfig directory"):
        out = inside["importing-a-directory/in-pod-show-files.sh"].output
        assert "hello.txt" in out and "world.txt" in out and first in out
    with p.claim("Once again, try to modify their content"):  # and again it is read-only
        assert "Read-only file system" in inside["importing-a-directory/in-pod-edit-files.sh"].output

    p.run("importing-a-directory/update-world.sh")
    replaced = p.run("importing-a-directory/update-configmap.sh").stdout
    with p.claim("Let's now update the ConfigMap"):
        assert f"configmap/{p.name('config2-<username>')} replaced" in replaced
    p.login("importing-a-directory/exec.sh", "importing-a-directory/in-pod-cat-files.sh")
    with p.claim(
        "Wait a minute (or so), and run the same command again. The changes should propagate into the running pod."
    ):
        # Not a fixed 3 minutes: the bound the cluster's kubelet settings give (waits.configmap_update_bound).
        bound, why = p.configmap_update_bound()
        p.wait(
            f"the ConfigMap update to reach /tmp/myconfig in the pod within {bound:.0f} s ({why})",
            lambda: Mount(p.in_pod(c2, "cat /tmp/myconfig/world.txt").stdout, update),
            timeout=bound,
            interval=1,
            names=[c2],
            describe=lambda mount: f"the mount still shows {mount.text!r}",
        )
        again = p.login("importing-a-directory/exec.sh", "importing-a-directory/in-pod-cat-files.sh")
        assert update in again["importing-a-directory/in-pod-cat-files.sh"].output
    with p.claim("A single file mounted with subPath ... keeps the content it had when the pod started."):
        p.wait(
            f"the update to reach the probe pod's directory mount within {bound:.0f} s ({why})",
            lambda: Mount(p.in_pod(probe, "cat /tmp/myconfig/world.txt").stdout, update),
            timeout=bound,
            interval=1,
            names=[probe],
            describe=lambda mount: f"the mount still shows {mount.text!r}",
        )
        sub = p.in_pod(probe, "cat /tmp/world.txt").stdout
        assert first in sub and update not in sub, f"the subPath file shows: {sub!r}"
    p.delete_own_pod(probe)

    p.run("importing-a-directory/cleanup.sh")


class Mount:
    """What a mounted file shows, true once it holds the expected text."""

    def __init__(self, text: str, expected: str):
        self.text, self.expected = text, expected

    def __bool__(self) -> bool:
        return self.expected in self.text
