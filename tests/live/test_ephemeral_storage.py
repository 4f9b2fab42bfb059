"""Page "Using ephemeral storage": an emptyDir on disk, one in memory, and /dev/shm."""
from workshop.harness.participant import Participant

PAGE = "ephemeral-storage"
RUNS = [
    "ephemeral-storage/s1.yaml",
    "ephemeral-storage/create-pod.sh",
    "ephemeral-storage/exec.sh",
    "ephemeral-storage/in-pod-df.sh",
    "ephemeral-storage/cleanup.sh",
]
DF_ARGS = ["/", "/mnt/myscratch", "/tmp", "/mytmp", "/dev/shm"]   # as in in-pod-df.sh
UNITS = {"": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15}


def df_rows(text: str) -> dict[str, dict]:
    """`df -H` output by mount point."""
    rows = {}
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 6:
            size = fields[1]
            rows[fields[5]] = {"fs": fields[0], "size": float(size.rstrip("kKMGTP") or 0) * UNITS.get(size[-1:], 1)
                               if size[-1:] in UNITS else float(size), "line": line}
    return rows


def scenario(p: Participant) -> None:
    p.run("ephemeral-storage/create-pod.sh")
    df = p.login("ephemeral-storage/exec.sh", "ephemeral-storage/in-pod-df.sh")["ephemeral-storage/in-pod-df.sh"].output
    rows = df_rows(df)
    with p.claim("/ and /tmp are on the same filesystem, but /mnt/myscratch is a completely different filesystem"):
        lines = df.splitlines()
        assert len(lines) == 6, f"one line per path expected:\n{df}"
        # df prints one line per argument, in order: / /mnt/myscratch /tmp /mytmp /dev/shm
        mounted_on = dict(zip(DF_ARGS, (line.split()[-1] for line in lines[1:])))
        assert mounted_on["/tmp"] == mounted_on["/"] == "/", f"/tmp is not on /'s filesystem:\n{df}"
        assert mounted_on["/mnt/myscratch"] == "/mnt/myscratch", f"/mnt/myscratch is not a filesystem of its own:\n{df}"
    with p.claim("the real ramdisk is /mytmp"):   # the memory-backed emptyDir is tmpfs
        assert rows["/mytmp"]["fs"] == "tmpfs", df
        assert p.in_pod(p.name("s1-<username>"), "stat -f -c %T /mytmp").stdout.strip() == "tmpfs"
    with p.claim("You should also notice that /dev/shm is tiny"):
        assert rows["/dev/shm"]["size"] <= 100e6 < rows["/mytmp"]["size"], df

    p.run("ephemeral-storage/cleanup.sh")


def test_ephemeral_storage(live):
    live.check(PAGE)
