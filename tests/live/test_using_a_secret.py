"""Page "Using a secret": the private clone fails without the secret and works with it."""

import time

from workshop.harness.live import waits
from workshop.harness.live.outputs import pi_result
from workshop.harness.live.participant import Participant

PAGE = "using-a-secret"
RUNS = [
    "using-a-secret/c4p.yaml",
    "using-a-secret/create-c4p.sh",
    "using-a-secret/logs-c4p.sh",
    "using-a-secret/create-secret.sh",
    "using-a-secret/c4pt.yaml",
    "using-a-secret/create-c4pt.sh",
    "using-a-secret/logs-c4pt.sh",
    "using-a-secret/cleanup.sh",
]
KEEPS = ["github-secret-<username>"]  # "Leave the secret for the next tasks"
REFUSED = ("could not read Username", "Authentication failed", "terminal prompts disabled")


def scenario(p: Participant) -> None:
    assert p.values.get("github-token"), (
        "no credentials for the private repository: cluster/kind/up writes them to $STATE/git-credentials.env; "
        "online, set WORKSHOP_GITHUB_USER and WORKSHOP_GITHUB_TOKEN"
    )
    c4p = p.name("c4p-<username>")
    p.run("using-a-secret/create-c4p.sh")
    # The reader reads the log once the container has failed (the page: "if the log is still
    # empty, the container has not started yet").
    p.wait(
        "the c4p container to have failed once",
        lambda: any(
            waits.container_has_exited(pod) and not (pod.status.container_statuses[0].state.running)
            for pod in p.job_pods(c4p)
        ),
        timeout=180,
        names=[c4p],
    )
    # As the reader does ("wait a few seconds and try again"): the job restarts its container,
    # and a log read just after a restart shows only the new attempt's "Cloning into ...".
    for _ in range(8):
        log = p.run("using-a-secret/logs-c4p.sh").output
        if any(text in log for text in REFUSED):
            break
        time.sleep(3)
    with p.claim(
        "If you look at the logs, you'll see GitHub complaining about the missing credentials ... wait a few seconds and try again)"
    ):
        assert any(text in log for text in REFUSED), f"log:\n{log}"
        assert "Done" not in log
    # The failing job would hold a whole CPU until the page's cleanup; give it back now.
    p.suspend_job(c4p)

    p.run("using-a-secret/create-secret.sh")
    p.run("using-a-secret/create-c4pt.sh")
    log = p.run("using-a-secret/logs-c4pt.sh").stdout
    with p.claim("Did the job pull the private code this time?"):
        pi_result(log)
        assert "Done" in log, f"log:\n{log}"

    p.run("using-a-secret/cleanup.sh")
