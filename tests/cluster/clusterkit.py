"""Helpers for the cluster tests: where the cluster is, and running pods and Jobs on it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "cluster"
STATE = Path(os.environ.get("WORKSHOP_CLUSTER_STATE", "/var/lib/workshop-cluster-kind"))
# Online (the workflow): real images and GitHub. Offline, on either cluster: the stand-ins.
ONLINE = bool(os.environ.get("WORKSHOP_ONLINE"))
# The scripts that make and unmake the cluster under test.
UP, DOWN, CHECK_CLEAN = CLUSTER / "kind" / "up", CLUSTER / "kind" / "down", CLUSTER / "check-clean"
K8S_MINOR = "1.34"


def kubectl_path() -> str:
    if os.environ.get("KUBECTL"):
        return os.environ["KUBECTL"]
    local = STATE / "bin" / "kubectl"
    return str(local) if local.exists() else "kubectl"


@dataclass
class PodResult:
    phase: str
    logs: str
    pod: object


@dataclass
class Kube:
    core: object
    batch: object
    kubeconfig: str

    def run_pod(self, namespace: str, spec: dict, timeout: float = 180, container: str | None = None) -> PodResult:
        """Creates a pod (restartPolicy Never) and waits until it has finished."""
        name = spec["metadata"]["name"]
        spec.setdefault("apiVersion", "v1")
        spec.setdefault("kind", "Pod")
        spec["spec"].setdefault("restartPolicy", "Never")
        self.core.create_namespaced_pod(namespace, spec)
        pod = self.wait_pod(namespace, name, ("Succeeded", "Failed"), timeout)
        logs = self.core.read_namespaced_pod_log(name, namespace, container=container)
        return PodResult(pod.status.phase, logs, pod)

    def wait_pod(self, namespace: str, name: str, phases, timeout: float = 180):
        deadline = time.monotonic() + timeout
        while True:
            pod = self.core.read_namespaced_pod(name, namespace)
            if pod.status.phase in phases:
                return pod
            if time.monotonic() > deadline:
                events = self.core.list_namespaced_event(namespace, field_selector=f"involvedObject.name={name}")
                msgs = "\n".join(f"{e.reason}: {e.message}" for e in events.items)
                pytest.fail(f"pod {name} still {pod.status.phase} after {timeout}s; events:\n{msgs}")
            time.sleep(1)

    def run_job(self, namespace: str, spec: dict, timeout: float = 240) -> tuple[bool, str]:
        """Creates a Job, waits for it to complete or fail; returns (succeeded, logs of its last pod)."""
        name = spec["metadata"]["name"]
        spec.setdefault("apiVersion", "batch/v1")
        spec.setdefault("kind", "Job")
        self.batch.create_namespaced_job(namespace, spec)
        deadline = time.monotonic() + timeout
        while True:
            job = self.batch.read_namespaced_job(name, namespace)
            conds = {c.type: c.status for c in (job.status.conditions or [])}
            if conds.get("Complete") == "True" or conds.get("Failed") == "True":
                break
            if time.monotonic() > deadline:
                pytest.fail(f"job {name} neither completed nor failed after {timeout}s: {job.status}")
            time.sleep(1)
        pods = self.core.list_namespaced_pod(namespace, label_selector=f"job-name={name}").items
        pods.sort(key=lambda p: p.metadata.creation_timestamp)
        logs = ""
        for c in pods[-1].spec.init_containers or []:
            logs += self.core.read_namespaced_pod_log(pods[-1].metadata.name, namespace, container=c.name)
        for c in pods[-1].spec.containers:
            logs += self.core.read_namespaced_pod_log(pods[-1].metadata.name, namespace, container=c.name)
        return conds.get("Complete") == "True", logs


def pod(name: str, image: str, command=None, args=None, **spec) -> dict:
    container = {
        "name": "main",
        "image": image,
        "resources": {"requests": {"cpu": "50m", "memory": "50Mi"}, "limits": {"memory": "200Mi"}},
    }
    if command is not None:
        container["command"] = command
    if args is not None:
        container["args"] = args
    container.update(spec.pop("container", {}))
    return {"metadata": {"name": name}, "spec": {"containers": [container], **spec}}
