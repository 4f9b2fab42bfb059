"""Page "Importing code": a job clones the public repository and computes pi."""
import math
import re

from workshop.harness.participant import Participant

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
PI_LINE = re.compile(r"(\d+) steps: (\d+\.\d+)")


def pi_from(log: str) -> tuple[int, float]:
    match = PI_LINE.search(log)
    assert match, f"no pi result in the log:\n{log}"
    return int(match[1]), float(match[2])


def scenario(p: Participant) -> None:
    p.run("importing-code/create-c3.sh")
    log = p.run("importing-code/logs-c3.sh").stdout
    with p.claim("Once the job has completed, check if the result is correct"):
        steps, first = pi_from(log)
        assert steps == 1000, "the default is 1000 steps"
        assert abs(first - math.pi) < 0.01, f"{first} is not close to 3.14159"
        assert "Done" in log

    p.run("importing-code/create-c3m.sh")
    log = p.run("importing-code/logs-c3m.sh").stdout
    with p.claim("You should see a result that is slightly different from the one before."):
        steps, second = pi_from(log)
        assert steps == 100000
        assert second != first and abs(second - first) < 0.01
        assert abs(second - math.pi) < abs(first - math.pi), "more steps, more precision"

    p.run("importing-code/cleanup.sh")


def test_importing_code(live):
    live.check(PAGE)
