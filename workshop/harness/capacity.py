"""A CPU budget, so that concurrent scenarios do not leave each other's pods Pending.

The tutorial's pods request real CPU (a pi job asks for a whole core; the indexed job of the
persistent-storage page asks for ten pods of 0.1). On a small node, participants that start
such pods at the same time can each get part of what they need and wait for the rest for
ever (ten pods must all be Ready before the page's ``kubectl wait`` returns). So before a
snippet creates pods from a manifest, the participant takes the manifest's CPU requests from
this budget, and gives them back when the objects are deleted or have finished.

The budget is the nodes' allocatable CPU minus what other pods already request. When the
nodes cannot be listed (a namespace-scoped account on a teaching cluster), it is what the
namespace's ResourceQuota still allows (requests.cpu, or cpu: hard minus used); with neither,
there is no budget and nothing waits. ``source`` says which it was, for the run to report.
"""
from __future__ import annotations

import threading
import time

import yaml
from kubernetes import client
from kubernetes.utils import parse_quantity


def manifest_cpu(text: str) -> dict[str, int]:
    """{object name: millicores its pods request at once} for the documents of a manifest."""
    found = {}
    for doc in yaml.safe_load_all(text):
        if not isinstance(doc, dict):
            continue
        spec = doc.get("spec") or {}
        pod_spec, pods = spec, 1
        if doc.get("kind") == "Job":
            pod_spec = (spec.get("template") or {}).get("spec") or {}
            pods = min(spec.get("parallelism", 1), spec.get("completions", 1) or 1)
        elif doc.get("kind") != "Pod":
            continue
        main = sum(_cpu(c) for c in pod_spec.get("containers", []))
        init = max((_cpu(c) for c in pod_spec.get("initContainers", [])), default=0)
        found[doc["metadata"]["name"]] = max(main, init) * pods
    return found


def _cpu(container: dict) -> int:
    value = ((container.get("resources") or {}).get("requests") or {}).get("cpu")
    return int(parse_quantity(str(value)) * 1000) if value is not None else 0


class CpuBudget:
    def __init__(self, millicores: int | None):
        self.source = "given"
        self.total = millicores
        self.free = millicores
        self.held: dict[str, int] = {}
        self.waited: list[tuple[str, float]] = []
        self._cond = threading.Condition()

    @classmethod
    def from_cluster(cls, api: client.ApiClient, owner=None, namespace: str | None = None) -> "CpuBudget":
        core = client.CoreV1Api(api)
        try:
            nodes = [n for n in core.list_node().items if not n.spec.unschedulable]
            pods = core.list_pod_for_all_namespaces(
                field_selector="status.phase!=Succeeded,status.phase!=Failed"
            ).items
        except client.ApiException as error:
            if error.status not in (401, 403):
                raise
            return cls.from_quota(api, namespace, why=f"the nodes cannot be read ({error.status} {error.reason})")
        allocatable = sum(int(parse_quantity(n.status.allocatable["cpu"]) * 1000) for n in nodes)
        used = 0
        for pod in pods:
            if owner and owner(pod.metadata.name):
                continue
            used += sum(_cpu(c.to_dict()) for c in pod.spec.containers)
        budget = cls(max(allocatable - used, 0))
        budget.source = f"the nodes' allocatable CPU less other pods' requests: {budget.total} millicores"
        return budget

    @classmethod
    def from_quota(cls, api: client.ApiClient, namespace: str | None, why: str) -> "CpuBudget":
        """What the namespace's ResourceQuota leaves of CPU requests (the tightest if several)."""
        free = None
        if namespace:
            quotas = client.CoreV1Api(api).list_namespaced_resource_quota(namespace).items
            for quota in quotas:
                hard, used = (quota.status.hard or {}), (quota.status.used or {})
                for key in ("requests.cpu", "cpu"):
                    if key in hard:
                        left = int(parse_quantity(hard[key]) * 1000) - int(parse_quantity(used.get(key, "0")) * 1000)
                        free = left if free is None else min(free, left)
        budget = cls(None if free is None else max(free, 0))
        budget.source = (f"{why}; the namespace's ResourceQuota leaves {budget.total} millicores of CPU requests"
                         if free is not None else f"{why}, and the namespace has no CPU quota: no CPU budget "
                         "(pods the cluster cannot place stay Pending until the page's wait gives up)")
        return budget

    def acquire(self, key: str, millicores: int, timeout: float, cancelled: threading.Event) -> None:
        if self.total is None or millicores <= 0 or key in self.held:
            return
        amount = min(millicores, self.total)
        started = time.monotonic()
        with self._cond:
            while self.free < amount and time.monotonic() - started < timeout and not cancelled.is_set():
                self._cond.wait(0.5)
            # After the timeout, go ahead anyway: the cluster's scheduler has the last word.
            self.free -= amount
            self.held[key] = amount
        waited = time.monotonic() - started
        if waited > 0.5:
            self.waited.append((key, waited))

    def release(self, key: str) -> None:
        with self._cond:
            amount = self.held.pop(key, 0)
            if amount:
                self.free += amount
                self._cond.notify_all()
