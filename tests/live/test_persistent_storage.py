"""Page "Using persistent storage": files on a PVC outlive the job; on an emptyDir they do not."""

from workshop.harness.live.participant import Participant

PAGE = "persistent-storage"
RUNS = [
    "persistent-storage/pvc.yaml",
    "persistent-storage/create-pvc.sh",
    "persistent-storage/get-pvc.sh",
    "persistent-storage/events.sh",
    "persistent-storage/s3.yaml",
    "persistent-storage/create-job.sh",
    "persistent-storage/exec.sh",
    "persistent-storage/in-pod-ls.sh",
    "persistent-storage/in-pod-write.sh",
    "persistent-storage/recreate-job.sh",
    "persistent-storage/cleanup.sh",
    "persistent-storage/s3-emptydir.yaml",
    "persistent-storage/emptydir-create-job.sh",
    "persistent-storage/emptydir-exec.sh",
    "persistent-storage/emptydir-recreate-job.sh",
    "persistent-storage/emptydir-cleanup.sh",
]
KEEPS = ["vol-<username>"]  # "Keep the claim vol-<username> if you want to try the next sections with it"
LS, WRITE = "persistent-storage/in-pod-ls.sh", "persistent-storage/in-pod-write.sh"


def log_files(ls_output: str) -> set[str]:
    return {word for word in ls_output.split() if word.startswith("log.")}


def scenario(p: Participant) -> None:
    vol = p.name("vol-<username>")
    p.run("persistent-storage/create-pvc.sh")
    with p.claim("The STATUS field should be equal to Bound"):
        p.wait(
            "the claim to be Bound",
            lambda: p.core.read_namespaced_persistent_volume_claim(vol, p.namespace).status.phase == "Bound",
            timeout=120,
            names=[vol],
        )
        assert "Bound" in p.run("persistent-storage/get-pvc.sh").stdout
    p.run("persistent-storage/events.sh")

    p.run("persistent-storage/create-job.sh")
    first = p.login("persistent-storage/exec.sh", LS, WRITE)
    with p.claim("Inside the pod, check the content of /mnt/mylogs"):
        before = log_files(first[LS].output)
        assert before, f"no log file of the job's pods yet:\n{first[LS].output}"
    p.run("persistent-storage/recreate-job.sh")
    again = p.login("persistent-storage/exec.sh", LS)
    with p.claim("What do you see in /mnt/mylogs?"):  # the files written before the job was re-created
        files = again[LS].output
        assert "mine.txt" in files and before <= log_files(files), files
    p.run("persistent-storage/cleanup.sh")

    p.run("persistent-storage/emptydir-create-job.sh")
    first = p.login("persistent-storage/emptydir-exec.sh", LS, WRITE)
    p.run("persistent-storage/emptydir-recreate-job.sh")
    again = p.login("persistent-storage/emptydir-exec.sh", LS)
    with p.claim(
        "If you have time, try the same exercise using emptyDir, and verify that the logs indeed do not get preserved between pod restarts."
    ):
        files = again[LS].output
        assert "mine.txt" not in files, files
        assert not (log_files(first[LS].output) & log_files(files)), files
    p.run("persistent-storage/emptydir-cleanup.sh")
