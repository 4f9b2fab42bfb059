"""Page "Simple config files": a file becomes a ConfigMap, mounted read-only into a pod."""

from workshop.harness.live.participant import Participant

PAGE = "simple-config-files"
RUNS = [
    "simple-config-files/create-hello.sh",
    "simple-config-files/create-configmap.sh",
    "simple-config-files/get-configmaps.sh",
    "simple-config-files/show-configmap.sh",
    "simple-config-files/c1.yaml",
    "simple-config-files/create-pod.sh",
    "simple-config-files/exec.sh",
    "simple-config-files/in-pod-show-file.sh",
    "simple-config-files/in-pod-edit-file.sh",
    "simple-config-files/cleanup.sh",
]


def scenario(p: Participant) -> None:
    hello = p.name("Hello from <username>")
    p.run("simple-config-files/create-hello.sh")
    p.run("simple-config-files/create-configmap.sh")
    listing = p.run("simple-config-files/get-configmaps.sh").stdout
    with p.claim("Can you see it?"):
        assert p.name("config1-<username>") in listing.split()
    shown = p.run("simple-config-files/show-configmap.sh").stdout
    with p.claim("You can also look at its content with"):
        assert "hello.txt:" in shown and hello in shown

    p.run("simple-config-files/create-pod.sh")
    inside = p.login(
        "simple-config-files/exec.sh",
        "simple-config-files/in-pod-show-file.sh",
        "simple-config-files/in-pod-edit-file.sh",
        expect_failure=("simple-config-files/in-pod-edit-file.sh",),
    )
    with p.claim("Inside the pod, check that the file is indeed in the /tmp directory"):
        out = inside["simple-config-files/in-pod-show-file.sh"].output
        assert "hello.txt" in out and hello in out
    with p.claim("Could you open the file for writing?"):  # the page's answer: no
        assert "Read-only file system" in inside["simple-config-files/in-pod-edit-file.sh"].output
        assert p.in_pod(p.name("c1-<username>"), "cat /tmp/hello.txt").stdout.strip() == hello

    p.run("simple-config-files/cleanup.sh")
