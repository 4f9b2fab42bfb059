"""Polling with explicit timeouts: the harness waits for a condition, never for a fixed time.

A timeout raises WaitTimeout with what was awaited and the last value seen; the participant
adds the page, the snippet and the pod's logs and events to it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class WaitTimeout(AssertionError):
    pass


class Cancelled(BaseException):
    """The run is being torn down (Ctrl-C, SIGTERM, a fatal error): stop at once.
    A BaseException so that scenario code catching Exception does not swallow it.
    output: what a killed process had printed (its "kind/name created" lines still count)."""

    def __init__(self, what: str = "", output: str = ""):
        super().__init__(what)
        self.output = output


def until(
    condition: Callable[[], T],
    *,
    timeout: float,
    what: str,
    interval: float = 0.5,
    cancelled: threading.Event | None = None,
    describe: Callable[[T], str] | None = None,
) -> T:
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
                f"{type(error).__name__}: {error}"
                if error
                else describe(last)
                if describe and last is not None
                else repr(last)
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


# --- how long a ConfigMap update may take to reach a pod's volume ----------------------------

DEFAULT_SYNC_FREQUENCY = 60.0  # the kubelet's default syncFrequency (1m)


def _seconds(duration: str) -> float:
    """A Go duration as the kubelet writes it ("5s", "1m0s", "1m30s")."""
    import re

    total = 0.0
    for value, unit in re.findall(r"([\d.]+)(h|ms|m|s)", duration):
        total += float(value) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001}[unit]
    return total


def configmap_update_bound(api) -> tuple[float, str]:
    """(seconds, why) within which an update must show in a mounted ConfigMap: the kubelet
    refreshes volumes every syncFrequency, plus its cache's delay (none with the Watch strategy,
    up to a TTL of a minute otherwise): twice the period plus 15 s of slack, plus a minute
    without Watch. Read from the nodes' kubelet configuration (configz) when the account may;
    else Kubernetes' defaults, and it says so."""
    import json

    from kubernetes import client

    core = client.CoreV1Api(api)
    try:
        nodes = core.list_node(_request_timeout=10).items
        raw = (
            core.connect_get_node_proxy_with_path(nodes[0].metadata.name, "configz", _request_timeout=10)
            if nodes
            else None
        )
        config = json.loads(raw)["kubeletconfig"] if raw else None
    except Exception:  # noqa: BLE001 - a namespace-scoped account, an old API: the defaults
        config = None
    if config:
        period = _seconds(config.get("syncFrequency", "1m"))
        strategy = config.get("configMapAndSecretChangeDetectionStrategy", "Watch")
        source = (
            f"kubelet syncFrequency {config.get('syncFrequency', '1m')}, {strategy} (node {nodes[0].metadata.name})"
        )
    else:
        period, strategy = DEFAULT_SYNC_FREQUENCY, "Watch"
        source = "Kubernetes' default kubelet syncFrequency 1m (the nodes' configuration cannot be read)"
    bound = 2 * period + 15 + (0 if strategy == "Watch" else 60)
    return bound, source
