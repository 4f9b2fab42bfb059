"""Page "Communicating between containers": an init container clones, the main one runs."""

from workshop.harness.live.outputs import pi_result
from workshop.harness.live.participant import Participant

PAGE = "communicating-between-containers"
AFTER = ["using-a-secret"]  # the job uses the secret that page created (and kept)
RUNS = [
    "communicating-between-containers/c5.yaml",
    "communicating-between-containers/create-job.sh",
    "communicating-between-containers/logs-init.sh",
    "communicating-between-containers/logs-main.sh",
    "communicating-between-containers/cleanup.sh",
]


def scenario(p: Participant) -> None:
    p.run("communicating-between-containers/create-job.sh")
    init_log = p.run("communicating-between-containers/logs-init.sh").output
    with p.claim("First, once the job has completed, the clone-repo one"):
        assert "Cloning into '/opt/repo/PEARC23-myrepo'" in init_log, init_log
    main_log = p.run("communicating-between-containers/logs-main.sh").output
    with p.claim(
        "To avoid creating a dedicated image ... and pass the results using the ephemeral partition."
    ):  # the main container ran the clone
        pi_result(main_log)
    p.run("communicating-between-containers/cleanup.sh")
