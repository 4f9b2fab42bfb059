"""What this run created, by UID, and deleting exactly that.

A name says little on a shared cluster: another tenant may have an object called like a
participant's (``c1-anna-smith`` beside ``anna``), or make one under the very same name after
the run deleted its own. So the harness records the UID of every object a participant's
kubectl reports as created, the moment it reports it, and deletes by name *with that UID as
a precondition*: the API server refuses (409) to delete an object of that name with another
UID, and the harness then leaves it alone. A Job's pods, made by the Job controller, are the
run's when their ownerReferences name a recorded Job's UID.

Every API call here has a request timeout: an API server that accepts the connection and never
answers must not hold the cleanup forever.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from kubernetes import client
from kubernetes.client.rest import ApiException

from workshop.kube import kinds
from workshop.kube.connection import DEFAULT_TIMEOUT

REQUEST_TIMEOUT = DEFAULT_TIMEOUT  # explicit: a caller may hand in a client of its own
KINDS = tuple(k.plural for k in kinds.MADE)  # the order to delete in: a Job takes its pods with it


class DeletionFailed(RuntimeError):
    """Some deletions of a pass failed (each was tried); the message names each and why."""


@dataclass(frozen=True)
class Recorded:
    kind: str  # one of KINDS
    name: str
    uid: str

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.name}"


class Ledger:
    def __init__(self, api: client.ApiClient, namespace: str, on_change=None):
        """on_change(items): called (outside the lock's reach of readers) after each change,
        with everything recorded: the run keeps a copy on disk for a later sweep."""
        self.namespace = namespace
        self._on_change = on_change
        self._api = api
        self._core = client.CoreV1Api(api)
        self._lock = threading.Lock()
        self._items: dict[tuple[str, str], Recorded] = {}  # (kind, name) -> the run's object
        self._ever: set[tuple[str, str]] = set()  # every (kind, name) recorded, even if gone since
        self.refused: list[Recorded] = []  # deletions the UID precondition stopped: not ours

    # --- reading ---------------------------------------------------------------------------

    def _read(self, kind: str, name: str):
        try:
            return kinds.BY_PLURAL[kind].read(self._api, name, self.namespace, _request_timeout=REQUEST_TIMEOUT)
        except ApiException as error:
            if error.status == 404:
                return None
            raise

    def record(self, kubectl_kind: str, name: str) -> Recorded | None:
        """Remember the object kubectl just reported as created (its UID as it is now)."""
        found_kind = kinds.of_kubectl(kubectl_kind)
        if found_kind is None or found_kind not in kinds.MADE:
            return None
        kind = found_kind.plural
        found = self._read(kind, name)
        if found is None:
            return None
        item = Recorded(kind, name, found.metadata.uid)
        with self._lock:
            self._items[(kind, name)] = item
            self._ever.add((kind, name))
        self._changed()
        return item

    def adopt_unrecorded(self, names: set[str], since: float) -> list[Recorded]:
        """At the end of a run: objects under the run's own names that the run made but never
        saw reported (a snippet killed between kubectl's request and its "created" line).
        Taken only when created after the run started (since: epoch seconds) under a name the
        run never recorded: a name it did record and whose object is gone now belongs to
        whoever made the new one."""
        taken = []
        for kind in KINDS:
            for obj in kinds.BY_PLURAL[kind].list(self._api, self.namespace, _request_timeout=REQUEST_TIMEOUT):
                meta = obj.metadata
                if meta.name not in names or (kind, meta.name) in self._ever:
                    continue
                if meta.creation_timestamp and meta.creation_timestamp.timestamp() < since - 5:
                    continue
                taken.append(Recorded(kind, meta.name, meta.uid))
        if taken:
            self.adopt(taken)
            with self._lock:
                self._ever |= {(i.kind, i.name) for i in taken}
            self._changed()
        return taken

    def adopt(self, items: list[Recorded]) -> None:
        """Take over items recorded by an earlier process (a sweep of an unfinished run)."""
        with self._lock:
            for item in items:
                self._items[(item.kind, item.name)] = item
                self._ever.add((item.kind, item.name))

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change(self.recorded())

    def recorded(self) -> list[Recorded]:
        with self._lock:
            return list(self._items.values())

    def uids(self) -> set[str]:
        return {item.uid for item in self.recorded()}

    def owns(self, obj) -> bool:
        """Whether an object read from the API is one the run recorded, or a pod of one of its Jobs."""
        uids = self.uids()
        meta = obj.metadata
        return meta.uid in uids or any(ref.uid in uids for ref in meta.owner_references or [])

    def _pods_of_jobs(self, jobs: list[Recorded]) -> list[Recorded]:
        if not jobs:
            return []
        uids = {j.uid for j in jobs}
        names = {j.name for j in jobs}
        found = []
        for name in names:
            pods = self._core.list_namespaced_pod(
                self.namespace, label_selector=f"job-name={name}", _request_timeout=REQUEST_TIMEOUT
            ).items
            for pod in pods:
                if any(ref.uid in uids for ref in pod.metadata.owner_references or []):
                    found.append(Recorded("pods", pod.metadata.name, pod.metadata.uid))
        return found

    def left(self, items: list[Recorded] | None = None) -> list[Recorded]:
        """Which of the items (default: all recorded) still exist as the run's own object, and
        the pods of its Jobs."""
        items = self.recorded() if items is None else items
        still = []
        for item in items:
            found = self._read(item.kind, item.name)
            if found is not None and found.metadata.uid == item.uid:
                still.append(item)
        return still + self._pods_of_jobs([i for i in items if i.kind == "jobs"])

    # --- deleting --------------------------------------------------------------------------

    def delete(self, items: list[Recorded]) -> None:
        """Delete each item by name, only if the object of that name still has its UID. Every
        item is tried: one that fails (a 403, a timeout) does not keep the others from going;
        then DeletionFailed names each failure."""
        failed = []
        for item in sorted(items, key=lambda i: KINDS.index(i.kind)):
            body = client.V1DeleteOptions(
                preconditions=client.V1Preconditions(uid=item.uid),
                propagation_policy="Background" if item.kind == "jobs" else None,
                grace_period_seconds=0 if item.kind in ("jobs", "pods") else None,
            )
            try:
                kinds.BY_PLURAL[item.kind].delete(
                    self._api, item.name, self.namespace, body=body, _request_timeout=REQUEST_TIMEOUT
                )
            except ApiException as error:
                if error.status == 409:  # the name now belongs to another object: not ours
                    with self._lock:
                        self.refused.append(item)
                        self._items.pop((item.kind, item.name), None)
                    self._changed()
                elif error.status != 404:
                    failed.append(f"{item.ref}: {error.status} {error.reason}")
            except Exception as error:  # noqa: BLE001 - a timeout, a refused connection: try the others
                failed.append(f"{item.ref}: {type(error).__name__}: {str(error)[:120]}")
        if failed:
            raise DeletionFailed(f"{len(failed)} of {len(items)} deletions failed: " + "; ".join(failed))
