"""Page "Importing code": a job clones the public repository and computes pi."""

import math

from workshop.harness.live.outputs import pi_result
from workshop.harness.live.participant import Participant

PAGE = "importing-code"
RUNS = [
    "importing-code/c3.yaml",
    "importing-code/create-c3.sh",
    "importing-code/logs-c3.sh",
    "importing-code/c3m.yaml",
    "importing-code/create-c3m.sh",
    "importing-code/logs-c3m.sh",
    "importing-code/cleanup.sh",
]


def scenario(p: Participant) -> None:
    p.run("importing-code/create-c3.sh")
    log = p.run("importing-code/logs-c3.sh").stdout
    with p.claim("Once the job has completed, check if the result is correct ... finds the job's pod for you)"):
        first, steps = pi_result(log)
        assert steps in (None, 1000), "the default is 1000 steps"
        assert "Done" in log

    p.run("importing-code/create-c3m.sh")
    log = p.run("importing-code/logs-c3m.sh").stdout
    with p.claim("You should see a result that is slightly different from the one before."):
        second, steps = pi_result(log)
        assert steps in (None, 100000)
        assert second != first and abs(second - first) < 0.01
        assert abs(second - math.pi) < abs(first - math.pi), "more steps, more precision"

    p.run("importing-code/cleanup.sh")
