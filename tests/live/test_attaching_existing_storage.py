"""Page "Attaching existing storage": git from CVMFS in an image that has none."""

from workshop.harness.live.participant import Participant

PAGE = "attaching-existing-storage"
RUNS = [
    "attaching-existing-storage/s4.yaml",
    "attaching-existing-storage/create-pod.sh",
    "attaching-existing-storage/exec.sh",
    "attaching-existing-storage/in-pod-try-git.sh",
    "attaching-existing-storage/in-pod-git-from-cvmfs.sh",
    "attaching-existing-storage/cleanup.sh",
]
TRY, CVMFS = (
    "attaching-existing-storage/in-pod-try-git.sh",
    "attaching-existing-storage/in-pod-git-from-cvmfs.sh",
)


def scenario(p: Participant) -> None:
    p.run("attaching-existing-storage/create-pod.sh")
    inside = p.login("attaching-existing-storage/exec.sh", TRY, CVMFS, expect_failure=(TRY,))
    with p.claim("You will notice it is not present in the image (git: command not found)."):
        assert inside[TRY].rc == 127 and "command not found" in inside[TRY].output, inside[TRY].output
    with p.claim("So let's use the one on CVMFS, under osg-software/osg-wn-client"):
        assert "git version" in inside[CVMFS].output, inside[CVMFS].output
    p.run("attaching-existing-storage/cleanup.sh")
