"""Page "Using ephemeral storage": an emptyDir on disk, one in memory, and /dev/shm."""

from workshop.harness.live.outputs import df_sizes
from workshop.harness.live.participant import Participant

PAGE = "ephemeral-storage"
RUNS = [
    "ephemeral-storage/s1.yaml",
    "ephemeral-storage/create-pod.sh",
    "ephemeral-storage/exec.sh",
    "ephemeral-storage/in-pod-df.sh",
    "ephemeral-storage/cleanup.sh",
]
DF_ARGS = ["/", "/mnt/myscratch", "/tmp", "/mytmp", "/dev/shm"]  # as in in-pod-df.sh, in this order


def scenario(p: Participant) -> None:
    p.run("ephemeral-storage/create-pod.sh")
    df = p.login("ephemeral-storage/exec.sh", "ephemeral-storage/in-pod-df.sh")["ephemeral-storage/in-pod-df.sh"].output
    rows = dict(zip(DF_ARGS, df_sizes(df), strict=False))  # df prints one line per argument, in order
    with p.claim(
        "As you can see, / and /tmp are on the same filesystem, but /mnt/myscratch is a completely different filesystem."
    ):
        assert len(rows) == len(DF_ARGS), f"one line per path expected:\n{df}"
        assert rows["/tmp"]["mounted_on"] == rows["/"]["mounted_on"] == "/", f"/tmp is not on /'s filesystem:\n{df}"
        assert rows["/mnt/myscratch"]["mounted_on"] == "/mnt/myscratch", (
            f"/mnt/myscratch is not a filesystem of its own:\n{df}"
        )
    with p.claim("the real ramdisk is /mytmp"):  # the memory-backed emptyDir is tmpfs
        assert rows["/mytmp"]["fs"] == "tmpfs", df
        assert p.in_pod(p.name("s1-<username>"), "stat -f -c %T /mytmp").stdout.strip() == "tmpfs"
    with p.claim("You should also notice that /dev/shm is tiny"):
        assert rows["/dev/shm"]["size"] <= 100e6 < rows["/mytmp"]["size"], df

    p.run("ephemeral-storage/cleanup.sh")
