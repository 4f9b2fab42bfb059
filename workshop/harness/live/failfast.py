"""Fail fast: while a snippet waits (`kubectl wait ... --timeout=5m`), say at once when the
cluster already shows that the wait cannot succeed.

Wrong docs used to show only when the page's own timeout ran out: a Job whose container fails
(a wrong directory in its command) was reported five minutes later. The page's commands stay as
the page gives them; beside a snippet that waits on an object, the harness looks at that object
every two seconds, and when it sees

- a container (init containers too) that exited with a non-zero code, or restarts after one,
- a container that cannot start (ErrImagePull, ImagePullBackOff, CrashLoopBackOff,
  CreateContainerConfigError, ...),
- a pod that the scheduler could not place for SCHEDULING_GRACE seconds, for a reason that
  waiting does not mend (a selector, a taint, a claim, more than any node has),
- a Job whose Failed condition is set (over its backoff limit),

it stops the snippet and fails the page with what the cluster said (the event or the log tail).

A pod that the scheduler leaves pending only for want of room ("Insufficient cpu") although it
would fit an empty node is queueing, not wrong: the nodes are fuller than the budget knew
(another tenant's pods, which a namespace-scoped account cannot see, or pods that started after
the run measured the nodes). Failing the page then would blame the docs for the cluster's load,
so the snippet goes on waiting, bounded by its own timeout, and the watch keeps what it saw (the
wait and who held the room) for the report and for the failure message if the wait runs out.
Only objects the waiting command names are watched: a page that fails a Job on purpose
(Using a secret's c4p, before the secret exists) is not disturbed while it waits on another.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kubernetes import client
from kubernetes.client.rest import ApiException
from kubernetes.utils.quantity import parse_quantity

from workshop.capacity import amount
from workshop.harness.live import waits
from workshop.workload import pod_requests

POLL = 2.0
SCHEDULING_GRACE = 30.0
REQUEST_TIMEOUT = 10
CANNOT_START = {
    "ErrImagePull",
    "ImagePullBackOff",
    "CrashLoopBackOff",
    "CreateContainerConfigError",
    "CreateContainerError",
    "InvalidImageName",
    "RunContainerError",
}
_REASONS = re.compile(r"nodes are available: (?P<reasons>.*?)(?:\.\s|\.?$)")
_ROOM = re.compile(r"^\d+ (?:Insufficient (?P<resource>\S+)|(?P<pods>Too many pods))$")
HOLDERS_SHOWN = 6
_WAITED = re.compile(r"\bkubectl\s+wait\b[^\n]*?\b(?P<kind>pods?|jobs?(?:\.batch)?)/(?P<name>[a-z0-9][a-z0-9.-]*)")
_FOR = re.compile(r"--for[= ](?P<condition>\S+)")
_READY_COUNT = re.compile(r"jsonpath=\{\.status\.ready\}=(?P<count>\d+)")


@dataclass(frozen=True)
class Awaited:
    """An object a `kubectl wait` of a snippet waits on, and what for (quotes as bash drops them)."""

    kind: str  # "pod" or "job"
    name: str
    condition: str  # "condition=Ready", "condition=complete", "jsonpath={.status.ready}=10", ...


def awaited(script: str) -> list[Awaited]:
    found = []
    for match in _WAITED.finditer(script):
        line = script[script.rfind("\n", 0, match.start()) + 1 : script.find("\n", match.end()) % (len(script) + 1)]
        condition = _FOR.search(line)
        kind = "job" if match["kind"].startswith("job") else "pod"
        found.append(
            Awaited(kind, match["name"], condition["condition"].replace("'", "").replace('"', "") if condition else "")
        )
    return found


def waited_objects(script: str) -> list[tuple[str, str]]:
    """(kind, name) of each object a `kubectl wait` of the script waits on: ("job", "c3-alice")."""
    return [(a.kind, a.name) for a in awaited(script)]


def never_comes(condition: str, obj) -> str | None:
    """Why what a wait waits for can never come, as the object (a Job or a Pod) is now; else None.
    A wrong page is then reported at once, not when the snippet's --timeout runs out."""
    kind, name = type(obj).__name__, obj.metadata.name
    if kind == "V1Job":
        spec = obj.spec
        ready = _READY_COUNT.fullmatch(condition)
        if ready:
            parallelism = spec.parallelism if spec.parallelism is not None else 1
            most = min(parallelism, spec.completions) if spec.completions is not None else parallelism
            if int(ready["count"]) > most:
                return (
                    f"job {name} can never have {ready['count']} pods ready: it runs at most {most} at once "
                    f"(parallelism {spec.parallelism}, completions {spec.completions})"
                )
            state = waits.job_finished(obj)
            if state:
                return f"job {name} has finished ({state}): its pods will never be {ready['count']} ready"
        if condition.lower() == "condition=complete" and spec.suspend:
            return f"job {name} is suspended: it cannot complete"
    if kind == "V1Pod" and condition.lower() == "condition=ready" and obj.status.phase in ("Succeeded", "Failed"):
        return f"pod {name} has ended ({obj.status.phase}): it can never become Ready"
    return None


def shortages(message: str) -> list[str] | None:
    """The resources the scheduler found short on the nodes, when shortage is all it found:
    "0/1 nodes are available: 1 Insufficient cpu. preemption: ..." -> ["cpu"]. None when a node
    was refused for anything else (a selector, a taint, a volume), or the message is not that."""
    match = _REASONS.search(message or "")
    if not match:
        return None
    found = []
    for reason in (r.strip() for r in match["reasons"].split(",")):
        room = _ROOM.match(reason)
        if not room:
            return None
        found.append(room["resource"] or "pods")
    return found or None


@dataclass
class RoomWait:
    """A pod that waited for room on the nodes (see the module's docstring)."""

    pod: str
    message: str  # the scheduler's
    since: float  # time.time() when it was first found unschedulable
    holders: str  # who held the short resources then, as far as the account may see
    until: float | None = None  # when it was seen scheduled

    def seconds(self) -> float:
        return (self.until or time.time()) - self.since

    def describe(self) -> str:
        return (
            f"pod {self.pod} waited {self.seconds():.0f} s for room on the nodes "
            f"({self.message.split('. ')[0]}); {self.holders}"
        )


def room_holders(core: client.CoreV1Api, resources: list[str]) -> str:
    """The pods that hold most of the short resources: what an instructor asks first."""
    try:
        pods = core.list_pod_for_all_namespaces(
            field_selector="status.phase!=Succeeded,status.phase!=Failed", _request_timeout=REQUEST_TIMEOUT
        ).items
    except ApiException as error:
        if error.status in (401, 403):
            return "the account may not list other namespaces' pods, so who holds the room is not known"
        raise
    placed = [pod for pod in pods if pod.spec.node_name]
    said = []
    for resource in resources:
        if resource == "pods":
            said.append(f"{len(placed)} pods on the nodes")
            continue
        held = sorted(((pod_requests(pod).get(resource, 0.0), pod) for pod in placed), key=lambda h: -h[0])
        held = [(asked, pod) for asked, pod in held if asked > 0]
        total = sum(asked for asked, _ in held)
        shown = ", ".join(
            f"{pod.metadata.namespace}/{pod.metadata.name} {amount(resource, asked)}"
            for asked, pod in held[:HOLDERS_SHOWN]
        )
        more = f" and {len(held) - HOLDERS_SHOWN} more" if len(held) > HOLDERS_SHOWN else ""
        said.append(f"requested by pods on the nodes: {amount(resource, total)} ({shown}{more})")
    return "; ".join(said)


def _fits_an_empty_node(core: client.CoreV1Api, pod, nodes: list | None) -> bool:
    """Would the pod fit one schedulable node with nothing else on it? Where the account may not
    read nodes, it is taken to fit (the budget and the quota bound it already)."""
    if nodes is None:
        return True
    need = pod_requests(pod)
    for node in nodes:
        if node.spec.unschedulable:
            continue
        room = {k: float(parse_quantity(v)) for k, v in (node.status.allocatable or {}).items()}
        if all(room.get(r, 0.0) + 1e-9 >= v for r, v in need.items() if v):
            return True
    return False


def _pod_problem(core: client.CoreV1Api, namespace: str, pod, room: Room | None = None) -> str | None:
    name = pod.metadata.name
    statuses = (pod.status.init_container_statuses or []) + (pod.status.container_statuses or [])
    for status in statuses:
        state, last = status.state, status.last_state
        if state and state.waiting and state.waiting.reason in CANNOT_START:
            why = f"{state.waiting.reason}: {state.waiting.message or ''}".rstrip(": ")
            return f"pod {name}: container {status.name} cannot start: {why}"
        for terminated, previous in ((state and state.terminated, False), (last and last.terminated, True)):
            if terminated and terminated.exit_code not in (0, None):
                return (
                    f"pod {name}: container {status.name} exited with code {terminated.exit_code}"
                    f" ({terminated.reason or 'Error'})" + _log_tail(core, namespace, name, status.name, previous)
                )
    for condition in pod.status.conditions or []:
        if condition.type == "PodScheduled" and condition.status == "False" and condition.reason == "Unschedulable":
            age = time.time() - condition.last_transition_time.timestamp() if condition.last_transition_time else 0
            if age < SCHEDULING_GRACE:
                return None
            short = shortages(condition.message)
            if room is not None and short and _fits_an_empty_node(core, pod, room.nodes(core)):
                room.waiting(core, name, condition, short)
                return None
            return f"pod {name} cannot be scheduled ({age:.0f} s): {condition.message}"
        if condition.type == "PodScheduled" and condition.status == "True" and room is not None:
            room.placed(name)
    return None


class Room:
    """What a watch learns of the nodes' room: their allocatable (read once) and the pods that
    waited for room, with who held it when they were first found waiting."""

    def __init__(self):
        self._nodes: list | None | bool = False  # False: not read yet; None: may not be read
        self.waits: dict[str, RoomWait] = {}

    def nodes(self, core: client.CoreV1Api) -> list | None:
        if self._nodes is False:
            try:
                self._nodes = core.list_node(_request_timeout=REQUEST_TIMEOUT).items
            except ApiException as error:
                if error.status not in (401, 403):
                    raise
                self._nodes = None
        return self._nodes if isinstance(self._nodes, list) else None

    def waiting(self, core: client.CoreV1Api, pod: str, condition, short: list[str]) -> None:
        if pod not in self.waits:
            since = condition.last_transition_time.timestamp() if condition.last_transition_time else time.time()
            self.waits[pod] = RoomWait(pod, condition.message or "", since, room_holders(core, short))

    def placed(self, pod: str) -> None:
        wait = self.waits.get(pod)
        if wait and wait.until is None:
            wait.until = time.time()


def _log_tail(core, namespace, pod, container, previous) -> str:
    try:
        log = core.read_namespaced_pod_log(
            pod, namespace, container=container, previous=previous, tail_lines=8, _request_timeout=REQUEST_TIMEOUT
        )
    except Exception:  # noqa: BLE001 - the log is a help, not a must
        return ""
    lines = [line for line in (log or "").splitlines() if line.strip()]
    return ("; its log ends:\n" + "\n".join(f"      {line}" for line in lines)) if lines else ""


def problem_of(
    api: client.ApiClient, namespace: str, kind: str, name: str, room: Room | None = None, condition: str = ""
) -> str | None:
    core, batch = client.CoreV1Api(api), client.BatchV1Api(api)
    try:
        if kind == "job":
            job = batch.read_namespaced_job(name, namespace, _request_timeout=REQUEST_TIMEOUT)
            for job_condition in job.status.conditions or []:
                if job_condition.type == "Failed" and job_condition.status == "True":
                    return f"job {name} failed: {job_condition.reason}: {job_condition.message}"
            never = never_comes(condition, job)
            if never:
                return never
            pods = core.list_namespaced_pod(
                namespace, label_selector=f"job-name={name}", _request_timeout=REQUEST_TIMEOUT
            ).items
        else:
            pods = [core.read_namespaced_pod(name, namespace, _request_timeout=REQUEST_TIMEOUT)]
            never = never_comes(condition, pods[0])
            if never:
                return never
    except ApiException as error:
        if error.status == 404:
            return None  # not made yet: the wait itself says so if it never is
        raise
    for pod in pods:
        found = _pod_problem(core, namespace, pod, room)
        if found:
            return found
    return None


class Watch:
    """Watches the objects while a process runs; stop() returns the problem seen, if any."""

    def __init__(
        self,
        api: client.ApiClient,
        namespace: str,
        objects: list[Awaited],
        kill: Callable[[], None] | None = None,
    ):
        self.api, self.namespace, self.objects = api, namespace, objects
        self.kill = kill
        self.problem: str | None = None
        self.room = Room()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="wk-failfast")

    def start(self, kill: Callable[[], None]) -> None:
        self.kill = kill
        if self.objects:
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(POLL):
            for wanted in self.objects:
                try:
                    found = problem_of(self.api, self.namespace, wanted.kind, wanted.name, self.room, wanted.condition)
                except Exception:  # noqa: BLE001 - an API hiccup is no verdict on the docs
                    continue
                if found:
                    self.problem = found
                    if self.kill:
                        self.kill()
                    return

    def stop(self) -> str | None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=REQUEST_TIMEOUT * 2)
        for wait in self.room.waits.values():
            if wait.until is None:  # the snippet ended with the pod still pending, or unseen since
                wait.until = time.time()
        return self.problem

    def room_waits(self) -> list[RoomWait]:
        """The pods that waited for room while the snippet ran (call after stop)."""
        return list(self.room.waits.values())
