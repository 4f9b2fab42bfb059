"""`workshop sweep`: at the end of the session, what each participant left, and (with a roster
and --delete) deleting exactly that.

The tutorial's end page asks each participant to leave nothing running; it allows finished
Jobs and their completed pods. So per participant: running pods (should not be there), jobs
and finished pods (allowed), claims, secrets and ConfigMaps. Deleting takes only objects whose
name is exactly one the tutorial gives to a roster's username, each by name with its UID as a
precondition: an object somebody made under that name since the listing is left alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kubernetes import client
from kubernetes.client.rest import ApiException

from workshop.instructor.kube import Connection, call
from workshop.instructor.ownership import Ownership

ORDER = ("jobs", "pods", "configmaps", "secrets", "persistentvolumeclaims")   # a Job takes its pods with it


@dataclass(frozen=True)
class Leftover:
    kind: str        # plural, as listed: "pods", "jobs", ...
    name: str
    uid: str
    state: str       # "Running", "Succeeded", "Complete", "Bound", ...
    allowed: bool    # the end page allows it (a finished job, a completed pod)
    job: str | None = None   # a Job's pod: the Job's name (deleted with it)

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
    for kind in ORDER:
        for obj in snapshot.get(kind, []):
            owner = ownership.owner(obj.metadata.name, obj.metadata.labels)
            if owner is None or (roster is not None and owner.username not in rows):
                continue
            row = rows.setdefault(owner.username, ParticipantLeftovers(owner.username))
            job = (obj.metadata.labels or {}).get("job-name") if kind == "pods" else None
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
    items = [i for row in rows for i in row.items if not (i.kind == "pods" and i.job and
             any(j.kind == "jobs" and j.name == i.job for j in row.items))]
    return sorted(items, key=lambda i: ORDER.index(i.kind))


def delete(conn: Connection, items: list[Leftover]) -> tuple[list[str], list[str]]:
    """Delete each item by name, only if it still has its UID. Returns (deleted, not deleted + why)."""
    deleted, kept = [], []
    ns = conn.namespace
    calls = {
        "jobs": lambda n, o: conn.batch.delete_namespaced_job(n, ns, body=o),
        "pods": lambda n, o: conn.core.delete_namespaced_pod(n, ns, body=o),
        "configmaps": lambda n, o: conn.core.delete_namespaced_config_map(n, ns, body=o),
        "secrets": lambda n, o: conn.core.delete_namespaced_secret(n, ns, body=o),
        "persistentvolumeclaims": lambda n, o: conn.core.delete_namespaced_persistent_volume_claim(n, ns, body=o),
    }
    for item in items:
        options = client.V1DeleteOptions(preconditions=client.V1Preconditions(uid=item.uid),
                                         propagation_policy="Background")
        try:
            call(conn, lambda: _raw(calls[item.kind], item.name, options), f"delete {item.ref} in {ns}")
            deleted.append(item.ref)
        except _Gone:
            kept.append(f"{item.ref}: already gone")
        except _Replaced:
            kept.append(f"{item.ref}: replaced by another object of that name since the listing; left alone")
    return deleted, kept


class _Gone(Exception):
    pass


class _Replaced(Exception):
    pass


def _raw(do, name, options):
    try:
        return do(name, options)
    except ApiException as error:
        if error.status == 404:
            raise _Gone() from None
        if error.status == 409:   # the UID precondition failed
            raise _Replaced() from None
        raise
