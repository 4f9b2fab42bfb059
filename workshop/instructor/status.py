"""`workshop status`: one row per participant, from the namespace's objects: the last page they
reached, what runs, what is stuck and why in plain words, and how long ago anything changed.

It only reads. The reasons come from what Kubernetes reports: a pod the scheduler cannot
place (waiting for CPU or memory), a Job whose pods the quota refuses, an image that cannot
be pulled, a container that keeps crashing or cannot start, a Job that failed, a claim that
does not bind.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from workshop import pages as site_pages
from workshop.kube.connection import ClusterProblem, call
from workshop.ownership import Owner, Ownership

# Terminal escape sequences (CSI, OSC, and the two-character ones), then every other control character.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")


def printable(text: str) -> str:
    """Text as it may be shown in a terminal: escape sequences and control characters removed
    (line breaks and tabs kept)."""
    text = _ESCAPES.sub("", text or "")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")


PAGE_TITLES = {p.slug: p.title for p in site_pages.pages()}


@dataclass
class Problem:
    object: str  # "pod/c1-alice", "job/c3-alice"
    reason: str  # plain words: "waiting for CPU", "over quota", ...
    detail: str  # what Kubernetes said
    log_tail: str = ""  # with --logs: the last lines of the container's log

    def __post_init__(self):
        # What Kubernetes and a container say is shown in the instructor's terminal: a log
        # can carry escape sequences that would move the cursor, recolour or retitle it.
        self.detail = printable(self.detail)
        self.log_tail = printable(self.log_tail)


@dataclass
class ParticipantStatus:
    username: str
    last_page: str | None = None
    last_page_title: str | None = None
    running: list[str] = field(default_factory=list)
    stuck: list[Problem] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    changed: dt.datetime | None = None

    def changed_ago(self, now: dt.datetime) -> float | None:
        return (now - self.changed).total_seconds() if self.changed else None

    def as_dict(self, now: dt.datetime) -> dict:
        data = asdict(self)
        data["changed"] = self.changed.isoformat() if self.changed else None
        data["changed_seconds_ago"] = self.changed_ago(now)
        return data


def _latest(*times) -> dt.datetime | None:
    found = [t for t in times if t is not None]
    return max(found) if found else None


def _pod_times(pod):
    times = [pod.metadata.creation_timestamp]
    times += [c.last_transition_time for c in (pod.status.conditions or [])]
    for status in (pod.status.init_container_statuses or []) + (pod.status.container_statuses or []):
        state = status.state
        if state and state.running:
            times.append(state.running.started_at)
        if state and state.terminated:
            times.append(state.terminated.finished_at)
    return times


def pod_problems(pod) -> list[tuple[str, str]]:
    """(reason, detail) of what keeps a pod from running as it should."""
    found = []
    if pod.status.phase == "Pending":
        for condition in pod.status.conditions or []:
            if condition.type == "PodScheduled" and condition.status == "False":
                message = condition.message or condition.reason or ""
                if "Insufficient cpu" in message:
                    found.append(("waiting for CPU", message))
                elif "Insufficient memory" in message:
                    found.append(("waiting for memory", message))
                elif "Insufficient ephemeral-storage" in message:
                    found.append(("waiting for disk space", message))
                elif "persistentvolumeclaim" in message.lower():
                    found.append(("waiting for its claim", message))
                else:
                    found.append(("cannot be scheduled", message))
    for status in (pod.status.init_container_statuses or []) + (pod.status.container_statuses or []):
        waiting = status.state.waiting if status.state else None
        terminated = status.state.terminated if status.state else None
        if waiting and waiting.reason in ("ErrImagePull", "ImagePullBackOff", "InvalidImageName"):
            found.append(("image not found", f"{status.image}: {waiting.message or waiting.reason}"))
        elif waiting and waiting.reason == "CrashLoopBackOff":
            found.append(("crash-looping", f"container {status.name} restarted {status.restart_count} times"))
        elif waiting and waiting.reason in ("CreateContainerConfigError", "CreateContainerError"):
            found.append(("cannot start", waiting.message or waiting.reason))
        elif terminated and terminated.exit_code and pod.status.phase == "Failed":
            found.append(("exited with an error", f"container {status.name} exit code {terminated.exit_code}"))
        elif (
            status.restart_count
            and status.last_state
            and status.last_state.terminated
            and status.last_state.terminated.exit_code
        ):
            found.append(
                (
                    "keeps failing",
                    f"container {status.name} exit code "
                    f"{status.last_state.terminated.exit_code}, restarted {status.restart_count} times",
                )
            )
    return found


def job_problems(job, events: list) -> list[tuple[str, str]]:
    for condition in (job.status.conditions or []) if job.status else []:
        if condition.type == "Failed" and condition.status == "True":
            return [("job failed", f"{condition.reason}: {condition.message}")]
        if condition.type == "Complete" and condition.status == "True":
            return []
    refused = [
        e
        for e in events
        if e.involved_object.kind == "Job"
        and e.involved_object.name == job.metadata.name
        and e.reason == "FailedCreate"
    ]
    wanted = min(job.spec.parallelism or 1, job.spec.completions or 1)
    active = (job.status.active or 0) if job.status else 0
    if refused and active < wanted:  # fewer pods than the job runs at once: the rest were refused
        message = refused[-1].message or ""
        what = "over quota" if "exceeded quota" in message else "pods cannot be created"
        return [(what, f"{active} of {wanted} pods created; {message}")]
    return []


def claim_problems(claim, events: list) -> list[tuple[str, str]]:
    if claim.status and claim.status.phase == "Pending":
        why = [
            e.message
            for e in events
            if e.involved_object.kind == "PersistentVolumeClaim"
            and e.involved_object.name == claim.metadata.name
            and e.type == "Warning"
        ]
        if why:
            return [("claim does not bind", why[-1])]
    return []


def participant_statuses(
    snapshot: dict[str, list], ownership: Ownership, roster: list[str] | None, seen_pages: dict[str, int] | None = None
) -> list[ParticipantStatus]:
    """One status per participant: the roster's (in its order), or every username found."""
    rows: dict[str, ParticipantStatus] = {u: ParticipantStatus(u) for u in roster or []}
    seen_pages = seen_pages if seen_pages is not None else {}
    events = snapshot.get("events", [])
    jobs = ownership.jobs(snapshot.get("jobs", []))  # a Job's pods are its participant's, by the Job's UID

    def row_of(obj, kind: str) -> tuple[ParticipantStatus, Owner] | None:
        owner = ownership.owner(obj, jobs)
        if owner is None or (roster is not None and owner.username not in rows):
            return None
        row = rows.setdefault(owner.username, ParticipantStatus(owner.username))
        row.objects.append(f"{kind}/{obj.metadata.name}")
        index = ownership.page_index(owner.page)
        if index > seen_pages.get(owner.username, -1):
            seen_pages[owner.username] = index
        return row, owner

    for pod in snapshot.get("pods", []):
        found = row_of(pod, "pod")
        if not found:
            continue
        row, _ = found
        row.changed = _latest(row.changed, *_pod_times(pod))
        if pod.status.phase == "Running" and not pod.metadata.deletion_timestamp:
            row.running.append(pod.metadata.name)
        row.stuck += [Problem(f"pod/{pod.metadata.name}", r, d) for r, d in pod_problems(pod)]
    for job in snapshot.get("jobs", []):
        found = row_of(job, "job")
        if not found:
            continue
        row, _ = found
        times = [job.metadata.creation_timestamp] + [c.last_transition_time for c in (job.status.conditions or [])]
        row.changed = _latest(row.changed, *times)
        row.stuck += [Problem(f"job/{job.metadata.name}", r, d) for r, d in job_problems(job, events)]
    for claim in snapshot.get("persistentvolumeclaims", []):
        found = row_of(claim, "persistentvolumeclaim")
        if found:
            row, _ = found
            row.changed = _latest(row.changed, claim.metadata.creation_timestamp)
            row.stuck += [
                Problem(f"persistentvolumeclaim/{claim.metadata.name}", r, d) for r, d in claim_problems(claim, events)
            ]
    for kind in ("configmaps", "secrets"):
        for obj in snapshot.get(kind, []):
            found = row_of(obj, kind.rstrip("s"))
            if found:
                found[0].changed = _latest(found[0].changed, obj.metadata.creation_timestamp)
    for event in events:
        owner = ownership.of_name(event.involved_object.name)
        if owner and owner.username in rows:
            rows[owner.username].changed = _latest(
                rows[owner.username].changed, event.last_timestamp or event.event_time
            )
    slugs = list(PAGE_TITLES)
    for row in rows.values():
        index = seen_pages.get(row.username)
        if index is not None and index >= 0:
            row.last_page = slugs[index]
            row.last_page_title = PAGE_TITLES[row.last_page]
    return sorted(rows.values(), key=lambda r: (roster.index(r.username) if roster else 0, r.username))


def add_log_tails(conn, statuses: list[ParticipantStatus], snapshot: dict[str, list], lines: int = 10) -> None:
    """The last lines of the log of each stuck pod (a failed job: its newest pod, by the Job's
    UID from the snapshot's jobs)."""
    pods = {
        p.metadata.name: p
        for p in call(
            conn, lambda: conn.core.list_namespaced_pod(conn.namespace), f"list pods in {conn.namespace}"
        ).items
    }
    jobs = {j.metadata.name: j.metadata.uid for j in snapshot.get("jobs", [])}
    for status in statuses:
        for problem in status.stuck:
            kind, name = problem.object.split("/", 1)
            candidates = [
                p
                for p in pods.values()
                if p.metadata.name == name
                or (kind == "job" and any(ref.uid == jobs.get(name) for ref in p.metadata.owner_references or []))
            ]
            if not candidates:
                continue
            pod = max(candidates, key=lambda p: p.metadata.creation_timestamp)
            try:
                log = call(
                    conn,
                    lambda name=pod.metadata.name: conn.core.read_namespaced_pod_log(
                        name, conn.namespace, tail_lines=lines
                    ),
                    f"read the log of {pod.metadata.name}",
                    tolerate_forbidden=True,
                )
            except ClusterProblem as error:  # a container that never started has no log yet
                log = f"(no log: {error})"
            problem.log_tail = printable((log or "").rstrip())
