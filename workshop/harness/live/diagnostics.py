"""What a failure message shows of the cluster: the state of the participant's pods, the tail
of their logs and their events, so that a failing page can be understood from the report.

Only the run's own pods are shown (by UID, the ledger's: the pods it made and its Jobs' pods):
another tenant's ``c1-<user>-x`` has a name like a participant's Job's pod, and its logs do not
belong in the run's report."""

from __future__ import annotations

import contextlib

from kubernetes import client
from kubernetes.client.rest import ApiException


def _belongs(pod, names: list[str], ledger) -> bool:
    """A pod the run owns (by UID) that is one of the named objects or a pod of a named Job."""
    if not ledger.owns(pod):
        return False
    job = next((ref.name for ref in pod.metadata.owner_references or [] if ref.kind == "Job"), None)
    return pod.metadata.name in names or job in names


def describe(api: client.ApiClient, namespace: str, ledger, names: list[str], pods_shown: int = 4) -> str:
    """Pods of the named objects (a pod, or a job's pods) that the run owns (ledger.owns):
    state, log tails, last events."""
    if not names:
        return ""
    core = client.CoreV1Api(api)
    out = []
    try:
        pods = [pod for pod in core.list_namespaced_pod(namespace).items if _belongs(pod, names, ledger)]
        for pod in pods[:pods_shown]:
            out.append(f"  pod {pod.metadata.name}: {pod.status.phase}; " + ", ".join(_states(pod)))
            containers = [c.name for c in (pod.spec.init_containers or [])] + [c.name for c in pod.spec.containers]
            for container in containers:
                with contextlib.suppress(ApiException):
                    log = core.read_namespaced_pod_log(pod.metadata.name, namespace, container=container, tail_lines=15)
                    if log and log.strip():  # a container that has not started has no log (None)
                        out.append(f"    logs of {container} (tail):")
                        out += [f"      {line}" for line in log.splitlines()]
        objects = {pod.metadata.name for pod in pods[:pods_shown]} | set(names)
        events = [e for e in core.list_namespaced_event(namespace).items if e.involved_object.name in objects]
        events.sort(key=lambda e: e.metadata.creation_timestamp.timestamp())
        if events:
            out.append("  events (last 10):")
            out += [
                f"    {e.involved_object.kind}/{e.involved_object.name}: {e.type} {e.reason}: {e.message}"
                for e in events[-10:]
            ]
    except Exception as error:  # noqa: BLE001 - diagnostics must never hide the real failure
        out.append(f"  (diagnostics failed: {error})")
    return "\n".join(out)


def _states(pod) -> list[str]:
    states = []
    for status in (pod.status.init_container_statuses or []) + (pod.status.container_statuses or []):
        state = status.state.to_dict() if status.state else {}
        what: tuple[str, dict] = next(((k, v) for k, v in state.items() if v), ("unknown", {}))
        reason = (what[1] or {}).get("reason") or ""
        states.append(f"{status.name}={what[0]}{'/' + reason if reason else ''} restarts={status.restart_count}")
    return states
