"""`workshop sweep`: at the end of the session, what each participant left, and (with a roster
and --delete) deleting exactly that.

The tutorial's end page asks each participant to leave nothing running; it allows finished
Jobs and their completed pods. So per participant: running pods (should not be there), jobs
and finished pods (allowed), claims, secrets and ConfigMaps. Deleting takes only objects whose
name is exactly one the tutorial gives to a roster's username, and the pods of their Jobs (by the
Job's UID, never by a label), each by name with its UID as a precondition: an object somebody
made under that name since the listing is left alone. Every object is tried: one refused
deletion (a 403, a timeout) does not keep the others from going, and is said.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kubernetes import client
from kubernetes.client.rest import ApiException

from workshop.kube import kinds
from workshop.kube.connection import ClusterProblem, Connection, call
from workshop.ownership import Ownership

ORDER = tuple(k.plural for k in kinds.MADE)  # a Job takes its pods with it


@dataclass(frozen=True)
class Leftover:
    kind: str  # plural, as listed: "pods", "jobs", ...
    name: str
    uid: str
    state: str  # "Running", "Succeeded", "Complete", "Bound", ...
    allowed: bool  # the end page allows it (a finished job, a completed pod)
    job: str | None = None  # a Job's pod: the Job's name (deleted with it)

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.name}"


@dataclass
class ParticipantLeftovers:
    username: str
    items: list[Leftover] = field(default_factory=list)

    def of(self, kind: str) -> list[Leftover]:
        return [i for i in self.items if i.kind == kind]

    @property
    def running(self) -> list[Leftover]:
        return [i for i in self.items if i.kind == "pods" and not i.allowed]

    def as_dict(self) -> dict:
        return {
            "username": self.username,
            "running_pods": [i.name for i in self.running],
            "jobs_and_finished_pods": [i.ref for i in self.items if i.allowed],
            "claims": [i.name for i in self.of("persistentvolumeclaims")],
            "secrets": [i.name for i in self.of("secrets")],
            "configmaps": [i.name for i in self.of("configmaps")],
        }


def _job_state(job) -> str:
    for c in (job.status.conditions or []) if job.status else []:
        if c.type in ("Complete", "Failed") and c.status == "True":
            return c.type
    return "Active"


def leftovers(snapshot: dict[str, list], ownership: Ownership, roster: list[str] | None) -> list[ParticipantLeftovers]:
    rows: dict[str, ParticipantLeftovers] = {u: ParticipantLeftovers(u) for u in roster or []}
    job_names = {j.metadata.uid: j.metadata.name for j in snapshot.get("jobs", [])}
    for kind, obj, owner in ownership.owned(snapshot):
        if roster is not None and owner.username not in rows:
            continue
        row = rows.setdefault(owner.username, ParticipantLeftovers(owner.username))
        # A Job's pod (by an ownerReference to the participant's Job's UID, never a label).
        job = (
            next(
                (
                    job_names[ref.uid]
                    for ref in obj.metadata.owner_references or []
                    if ref.kind == "Job" and ref.uid in job_names
                ),
                None,
            )
            if kind == "pods"
            else None
        )
        if kind == "pods":
            state = obj.status.phase
            allowed = state in ("Succeeded", "Failed")
        elif kind == "jobs":
            state = _job_state(obj)
            allowed = state != "Active"
        elif kind == "persistentvolumeclaims":
            state, allowed = obj.status.phase, True
        else:
            state, allowed = "", True
        row.items.append(Leftover(kind, obj.metadata.name, obj.metadata.uid, state, allowed, job))
    return sorted(rows.values(), key=lambda r: (roster.index(r.username) if roster else 0, r.username))


def to_delete(rows: list[ParticipantLeftovers]) -> list[Leftover]:
    """Everything of theirs, but a Job's pods (their Job takes them), jobs first."""
    items = [
        i
        for row in rows
        for i in row.items
        if not (i.kind == "pods" and i.job and any(j.kind == "jobs" and j.name == i.job for j in row.items))
    ]
    return sorted(items, key=lambda i: ORDER.index(i.kind))


def delete(conn: Connection, items: list[Leftover]) -> tuple[list[str], list[str], list[ClusterProblem]]:
    """Delete each item by name, only if it still has its UID. Returns (deleted, not deleted + why,
    the failures: each a ClusterProblem naming the object)."""
    deleted, kept, failed = [], [], []
    ns = conn.namespace
    for item in items:
        options = client.V1DeleteOptions(
            preconditions=client.V1Preconditions(uid=item.uid), propagation_policy="Background"
        )
        try:
            kind = kinds.BY_PLURAL[item.kind]
            call(
                conn,
                lambda kind=kind, name=item.name, options=options: _raw(kind, conn, name, options),
                f"delete {item.ref} in {ns}",
            )
            deleted.append(item.ref)
        except _Gone:
            kept.append(f"{item.ref}: already gone")
        except _Replaced:
            kept.append(f"{item.ref}: replaced by another object of that name since the listing; left alone")
        except ClusterProblem as problem:
            failed.append(problem)
    return deleted, kept, failed


class _Gone(Exception):
    pass


class _Replaced(Exception):
    pass


def _raw(kind: kinds.Kind, conn: Connection, name: str, options):
    try:
        return kind.delete(conn.api, name, conn.namespace, body=options)
    except ApiException as error:
        if error.status == 404:
            raise _Gone() from None
        if error.status == 409:  # the UID precondition failed
            raise _Replaced() from None
        raise
