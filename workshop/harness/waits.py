"""Polling with explicit timeouts: the harness waits for a condition, never for a fixed time.

A timeout raises WaitTimeout with what was awaited and the last value seen; the participant
adds the page, the snippet and the pod's logs and events to it.
"""
from __future__ import annotations

import threading
import time
from typing import Callable, TypeVar

T = TypeVar("T")


class WaitTimeout(AssertionError):
    pass


class Cancelled(BaseException):
    """The run is being torn down (Ctrl-C, SIGTERM, a fatal error): stop at once.
    A BaseException so that scenario code catching Exception does not swallow it."""


def until(condition: Callable[[], T], *, timeout: float, what: str, interval: float = 0.5,
          cancelled: threading.Event | None = None, describe: Callable[[T], str] | None = None) -> T:
    """Call condition() until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    error: Exception | None = None
    while True:
        if cancelled is not None and cancelled.is_set():
            raise Cancelled(what)
        try:
            last = condition()
            error = None
            if last:
                return last
        except Exception as exc:  # noqa: BLE001 - a flaky API call is retried until the deadline
            error = exc
        if time.monotonic() >= deadline:
            seen = (
                f"{type(error).__name__}: {error}" if error else (describe(last) if describe else repr(last))
            )
            raise WaitTimeout(f"timed out after {timeout:.0f} s waiting for {what}; last seen: {seen}")
        time.sleep(interval)


# --- conditions on Kubernetes objects (kubernetes client objects) ---------------------------


def pod_ready(pod) -> bool:
    return any(c.type == "Ready" and c.status == "True" for c in (pod.status.conditions or []))


def job_finished(job) -> str | None:
    """'Complete' or 'Failed' once the job has finished, else None."""
    for c in (job.status.conditions or []) if job and job.status else []:
        if c.type in ("Complete", "Failed") and c.status == "True":
            return c.type
    return None


def container_has_exited(pod, container: str | None = None) -> bool:
    """The (main) container has run to an end at least once (now or in a previous restart)."""
    for status in pod.status.container_statuses or []:
        if container and status.name != container:
            continue
        if (status.state and status.state.terminated) or (status.last_state and status.last_state.terminated):
            return True
    return False
