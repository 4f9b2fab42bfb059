"""Fail fast: while a snippet waits (`kubectl wait ... --timeout=5m`), say at once when the
cluster already shows that the wait cannot succeed.

Wrong docs used to show only when the page's own timeout ran out: a Job whose container fails
(a wrong directory in its command) was reported five minutes later. The page's commands stay as
the page gives them; beside a snippet that waits on an object, the harness looks at that object
every two seconds, and when it sees

- a container (init containers too) that exited with a non-zero code, or restarts after one,
- a container that cannot start (ErrImagePull, ImagePullBackOff, CrashLoopBackOff,
  CreateContainerConfigError, ...),
- a pod that the scheduler could not place for SCHEDULING_GRACE seconds,
- a Job whose Failed condition is set (over its backoff limit),

it stops the snippet and fails the page with what the cluster said (the event or the log tail).
Only objects the waiting command names are watched: a page that fails a Job on purpose
(Using a secret's c4p, before the secret exists) is not disturbed while it waits on another.
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from kubernetes import client
from kubernetes.client.rest import ApiException

POLL = 2.0
SCHEDULING_GRACE = 30.0
REQUEST_TIMEOUT = 10
CANNOT_START = {
    "ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "CreateContainerConfigError",
    "CreateContainerError", "InvalidImageName", "RunContainerError",
}
_WAITED = re.compile(r"\bkubectl\s+wait\b[^\n]*?\b(?P<kind>pods?|jobs?(?:\.batch)?)/(?P<name>[a-z0-9][a-z0-9.-]*)")


def waited_objects(script: str) -> list[tuple[str, str]]:
    """(kind, name) of each object a `kubectl wait` of the script waits on: ("job", "c3-alice")."""
    return [("job" if m["kind"].startswith("job") else "pod", m["name"]) for m in _WAITED.finditer(script)]


def _pod_problem(core: client.CoreV1Api, namespace: str, pod) -> str | None:
    name = pod.metadata.name
    statuses = (pod.status.init_container_statuses or []) + (pod.status.container_statuses or [])
    for status in statuses:
        state, last = status.state, status.last_state
        if state and state.waiting and state.waiting.reason in CANNOT_START:
            return f"pod {name}: container {status.name} cannot start: {state.waiting.reason}: {state.waiting.message or ''}".rstrip(": ")
        for terminated, previous in ((state and state.terminated, False), (last and last.terminated, True)):
            if terminated and terminated.exit_code not in (0, None):
                return (f"pod {name}: container {status.name} exited with code {terminated.exit_code}"
                        f" ({terminated.reason or 'Error'})" + _log_tail(core, namespace, name, status.name, previous))
    for condition in pod.status.conditions or []:
        if condition.type == "PodScheduled" and condition.status == "False" and condition.reason == "Unschedulable":
            age = time.time() - condition.last_transition_time.timestamp() if condition.last_transition_time else 0
            if age >= SCHEDULING_GRACE:
                return f"pod {name} cannot be scheduled ({age:.0f} s): {condition.message}"
    return None


def _log_tail(core, namespace, pod, container, previous) -> str:
    try:
        log = core.read_namespaced_pod_log(pod, namespace, container=container, previous=previous,
                                           tail_lines=8, _request_timeout=REQUEST_TIMEOUT)
    except Exception:  # noqa: BLE001 - the log is a help, not a must
        return ""
    lines = [line for line in (log or "").splitlines() if line.strip()]
    return ("; its log ends:\n" + "\n".join(f"      {line}" for line in lines)) if lines else ""


def problem_of(api: client.ApiClient, namespace: str, kind: str, name: str) -> str | None:
    core, batch = client.CoreV1Api(api), client.BatchV1Api(api)
    try:
        if kind == "job":
            job = batch.read_namespaced_job(name, namespace, _request_timeout=REQUEST_TIMEOUT)
            for condition in job.status.conditions or []:
                if condition.type == "Failed" and condition.status == "True":
                    return f"job {name} failed: {condition.reason}: {condition.message}"
            pods = core.list_namespaced_pod(namespace, label_selector=f"job-name={name}",
                                            _request_timeout=REQUEST_TIMEOUT).items
        else:
            pods = [core.read_namespaced_pod(name, namespace, _request_timeout=REQUEST_TIMEOUT)]
    except ApiException as error:
        if error.status == 404:
            return None   # not made yet: the wait itself says so if it never is
        raise
    for pod in pods:
        found = _pod_problem(core, namespace, pod)
        if found:
            return found
    return None


class Watch:
    """Watches the objects while a process runs; stop() returns the problem seen, if any."""

    def __init__(self, api: client.ApiClient, namespace: str, objects: list[tuple[str, str]],
                 kill: Callable[[], None] | None = None):
        self.api, self.namespace, self.objects = api, namespace, objects
        self.kill = kill
        self.problem: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="wk-failfast")

    def start(self, kill: Callable[[], None]) -> None:
        self.kill = kill
        if self.objects:
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(POLL):
            for kind, name in self.objects:
                try:
                    found = problem_of(self.api, self.namespace, kind, name)
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
        return self.problem
