"""A page's books: what one participant's page holds of the run while it runs.

The scenario author calls the Participant (run, login, claim, wait, rendezvous, turn); this is what
the Participant keeps behind those calls, apart from them:

- the objects the page made, by UID, as kubectl reported them (``kind/name created``), in the
  run's ledger: the only things the run deletes;
- its share of the budget: what the pods of a manifest need is taken before kubectl creates
  them, and given back once the cluster shows them gone or finished;
- the steps it took, with their times, for the reports and for the meeting points (a step is
  progress: those waiting for the others wait the whole timeout again);
- hastening: while a snippet deletes, the page's own terminating pods go at once.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Set
from pathlib import Path

from kubernetes import client
from kubernetes.client.rest import ApiException

from workshop.harness.live import budget, waits
from workshop.harness.live.hastening import hastening
from workshop.harness.live.report import Step
from workshop.harness.live.session import Session
from workshop.harness.recovery.ledger import Recorded

# How long a participant may queue for the budget before the page fails: ten participants of
# whom one fits at a time wait nine page-lengths on the busiest page (a few minutes each).
BUDGET_WAIT = 1800.0
CREATED_RE = re.compile(r"^(?P<kind>[\w.-]+)/(?P<name>[\w.-]+) created$", re.MULTILINE)
DELETED_RE = re.compile(r'^(?P<kind>[\w.-]+) "(?P<name>[\w.-]+)" deleted', re.MULTILINE)


class PageBook:
    def __init__(self, session: Session, page: str, username: str):
        self.session = session
        self.page = page
        self.username = username
        self.created: dict[str, str] = {}  # name -> kind, from kubectl's "kind/name created"
        self.recorded: dict[str, Recorded] = {}  # name -> the object (with its UID) this page made

    # --- steps ---------------------------------------------------------------------------------

    def doing(self, what: str) -> None:
        """What the participant is doing now, for whoever follows the run (workshop preflight)."""
        self.session.records.doing(self.page, self.username, what)

    def step(self, kind: str, what: str, seconds: float, ok: bool, ran: str | None = None) -> None:
        """Record a step (and, with `ran`, that the participant ran this snippet once)."""
        self.session.records.record(Step(self.page, self.username, kind, what, seconds, ok), ran=ran)
        self.session.meeting.progress()  # those waiting at a meeting point see the run moving

    # --- objects -------------------------------------------------------------------------------

    def track(self, stdout: str) -> None:
        """Record every object kubectl reported as created, with its UID as it is now: the run
        deletes only the object it made, never a later namesake."""
        for match in CREATED_RE.finditer(stdout):
            self.created[match["name"]] = match["kind"]
            recorded = self.session.ledger.record(match["kind"], match["name"])
            if recorded is not None:
                self.recorded[match["name"]] = recorded

    def objects_left(self, kept: Set[str] = frozenset()) -> list[Recorded]:
        """Objects this page made (and their Jobs' pods) that still exist as the very objects it
        made (same UID), apart from the names in `kept`."""
        return self.session.ledger.left([r for n, r in self.recorded.items() if n not in kept])

    def delete(self, name: str) -> None:
        """Delete one object this page made, by its UID (nothing if it never recorded one)."""
        if name in self.recorded:
            self.session.ledger.delete([self.recorded[name]])

    def job_pods(self, job: str) -> list:
        """The pods (API objects) of a Job this page made: those whose ownerReferences name the
        Job's UID. The job-name label only narrows the listing: anybody can set a label."""
        recorded = self.recorded.get(job)
        if recorded is None:
            return []
        pods = (
            client.CoreV1Api(self.session.api)
            .list_namespaced_pod(self.session.namespace, label_selector=f"job-name={job}")
            .items
        )
        return [pod for pod in pods if any(ref.uid == recorded.uid for ref in pod.metadata.owner_references or [])]

    def hastening(self):
        """While the block runs, this run's pods that are being deleted go at once."""
        return hastening(self.session.api, self.session.namespace, self.session.ledger.owns)

    # --- budget --------------------------------------------------------------------------------

    def reserve(self, manifests: list[tuple[str, Path]]) -> set[str]:
        """Take from the budget what the pods of the manifests (snippet, filled file) will need,
        waiting as a participant waits for a free slot. Raises budget.DoesNotFit or WaitedTooLong
        (with the snippet in the message)."""
        names: set[str] = set()
        for snippet, path in manifests:
            for name, (kind, need) in budget.manifest_needs(path.read_text()).items():
                names.add(name)
                if name not in self.session.budget.held:
                    self.doing(f"queues for room for {name}")
                try:
                    waited = self.session.budget.acquire(
                        name, need, timeout=BUDGET_WAIT, cancelled=self.session.cancelled, kind=kind
                    )
                except (budget.DoesNotFit, budget.WaitedTooLong) as error:
                    raise type(error)(f"snippets/{snippet}: {error}") from None
                if waited > 0.5:
                    self.step("wait", f"budget for {name}", waited, True)
        return names

    def take(self, manifest: str, timeout: float) -> str:
        """Take what a manifest of the harness's own needs (a probe pod); returns its name."""
        ((name, (kind, need)),) = budget.manifest_needs(manifest).items()
        self.session.budget.acquire(name, need, timeout=timeout, cancelled=self.session.cancelled, kind=kind)
        return name

    def release_deleted(self, stdout: str, keep: set[str]) -> None:
        """What a snippet deleted ("... deleted") comes back once its pods are gone (but the
        names in `keep`: the snippet made them again)."""
        for match in DELETED_RE.finditer(stdout):
            if match["name"] not in keep:
                self.session.budget.release_when_gone(match["name"])

    def release_finished_jobs(self) -> None:
        batch = client.BatchV1Api(self.session.api)
        for name, kind in list(self.created.items()):
            if kind.startswith("job") and name in self.session.budget.held:
                with contextlib.suppress(ApiException):
                    if waits.job_finished(batch.read_namespaced_job(name, self.session.namespace)):
                        self.session.budget.release_when_gone(name)

    def release_when_gone(self, name: str) -> None:
        self.session.budget.release_when_gone(name)

    def release_all(self) -> None:
        """At the page's end: what it made is deleted or kept; given back once its pods are gone."""
        for name in self.created:
            self.session.budget.release_when_gone(name)
