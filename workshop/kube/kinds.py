"""The kinds of object the tutorial makes, and how the tools list, read and delete each: one table.

The harness (what a run recorded, what a run's usernames already hold), the instructor's status
and sweep, and the workload model all speak of these five kinds; each once here, with the names
kubectl gives them (``job.batch/c3-alice created``, ``kubectl delete pvc ...``) and the client's
own methods, so that a new kind is one row, not six dispatch tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from kubernetes import client


@dataclass(frozen=True)
class Kind:
    plural: str  # as the tools key them: "pods", "persistentvolumeclaims"
    kind: str  # as the API names it: "Pod"
    group: str  # which API class serves it: "core" or "batch"
    method: str  # the client's name for it: list_namespaced_<method>, ...
    kubectl: tuple[str, ...]  # what kubectl accepts and prints for it

    def _api(self, api: client.ApiClient):
        return client.BatchV1Api(api) if self.group == "batch" else client.CoreV1Api(api)

    def lister(self, api: client.ApiClient):
        """The client's own list method (a watch reads the objects' type from its documentation)."""
        return getattr(self._api(api), f"list_namespaced_{self.method}")

    def list(self, api: client.ApiClient, namespace: str, **kwargs):
        return self.lister(api)(namespace, **kwargs).items

    def read(self, api: client.ApiClient, name: str, namespace: str, **kwargs):
        return getattr(self._api(api), f"read_namespaced_{self.method}")(name, namespace, **kwargs)

    def delete(self, api: client.ApiClient, name: str, namespace: str, **kwargs):
        return getattr(self._api(api), f"delete_namespaced_{self.method}")(name, namespace, **kwargs)


JOBS = Kind("jobs", "Job", "batch", "job", ("job", "jobs", "job.batch"))
PODS = Kind("pods", "Pod", "core", "pod", ("pod", "pods", "po"))
CONFIGMAPS = Kind("configmaps", "ConfigMap", "core", "config_map", ("configmap", "configmaps", "cm"))
SECRETS = Kind("secrets", "Secret", "core", "secret", ("secret", "secrets"))
CLAIMS = Kind(
    "persistentvolumeclaims",
    "PersistentVolumeClaim",
    "core",
    "persistent_volume_claim",
    ("persistentvolumeclaim", "persistentvolumeclaims", "pvc"),
)
EVENTS = Kind("events", "Event", "core", "event", ("event", "events", "ev"))

# What the tutorial makes, in the order to delete it: a Job takes its pods with it.
MADE = (JOBS, PODS, CONFIGMAPS, SECRETS, CLAIMS)
BY_PLURAL = {k.plural: k for k in (*MADE, EVENTS)}
BY_KUBECTL = {name: k for k in (*MADE, EVENTS) for name in k.kubectl}


def of_kubectl(name: str) -> Kind | None:
    """The kind kubectl means by a word ("job.batch", "pvc", "Pod"), or None."""
    return BY_KUBECTL.get(name.lower())
