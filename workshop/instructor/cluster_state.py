"""The namespace's objects as the instructor tools see them: listed once, then kept current with
the API's watch (no listing every second), or listed once for a snapshot (``--once``).

Six kinds: pods, jobs, ConfigMaps, Secrets, claims and events. One watch per kind is a long
request the server answers for minutes; it is renewed when the server ends it (every
WATCH_SECONDS), and the kind is listed again only when the server says the watch is too old.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import urllib3
from kubernetes import watch
from kubernetes.client.rest import ApiException

from workshop.kube import kinds
from workshop.kube.connection import CONNECT_TIMEOUT, Connection, call

WATCH_SECONDS = 240
OPTIONAL = {"secrets", "configmaps", "events", "persistentvolumeclaims", "jobs"}  # all but pods


def listers(conn: Connection) -> dict[str, tuple[Callable, str]]:
    """kind -> (the client's own list method, namespace). The method itself, not a wrapper: the
    watch reads the type of the objects to build from its documentation."""
    return {kind.plural: (kind.lister(conn.api), conn.namespace) for kind in (*kinds.MADE, kinds.EVENTS)}


class ClusterState:
    def __init__(self, conn: Connection):
        self.conn = conn
        self.objects: dict[str, dict[str, object]] = {kind: {} for kind in listers(conn)}
        self.lock = threading.Lock()
        self.version = 0  # bumped on every change, so a view knows when to redraw
        self.errors: list[str] = []
        self.not_allowed: set[str] = set()  # kinds the account may not list
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def list_all(self) -> None:
        """One list per kind (6 requests)."""
        for kind, lister in listers(self.conn).items():
            self._relist(kind, lister)

    def _relist(self, kind: str, lister) -> str | None:
        """List one kind; None when the account may not (the built-in `view` role cannot list
        secrets): the kind is left out, and said so in `errors`. Pods are never optional."""
        method, ns = lister
        items = call(self.conn, lambda: method(ns), f"list {kind} in {ns}", tolerate_forbidden=kind in OPTIONAL)
        if items is None:
            self.not_allowed.add(kind)
            self._note(f"not shown: the account may not list {kind} in {self.conn.namespace}")
            return None
        with self.lock:
            self.objects[kind] = {item.metadata.name: item for item in items.items}
            self.version += 1
        return items.metadata.resource_version

    def watch(self) -> None:
        """List every kind, then keep it current in the background until stop()."""
        for kind, lister in listers(self.conn).items():
            version = self._relist(kind, lister)
            if version is None:
                continue
            thread = threading.Thread(
                target=self._follow, args=(kind, lister, version), daemon=True, name=f"watch-{kind}"
            )
            thread.start()
            self._threads.append(thread)

    def _follow(self, kind: str, lister, version: str) -> None:
        while not self._stop.is_set():
            try:
                method, ns = lister
                stream = watch.Watch().stream(
                    method,
                    ns,
                    resource_version=version,
                    timeout_seconds=WATCH_SECONDS,
                    allow_watch_bookmarks=True,
                    _request_timeout=(CONNECT_TIMEOUT, WATCH_SECONDS + 30),
                )
                for event in stream:
                    if self._stop.is_set():
                        return
                    obj, what = event["object"], event["type"]
                    if what == "BOOKMARK":  # only a newer version to go on from (the client gives a dict)
                        raw = obj if isinstance(obj, dict) else event.get("raw_object") or {}
                        version = (raw.get("metadata") or {}).get("resourceVersion") or version
                        continue
                    version = obj.metadata.resource_version or version
                    with self.lock:
                        if what == "DELETED":
                            self.objects[kind].pop(obj.metadata.name, None)
                        else:
                            self.objects[kind][obj.metadata.name] = obj
                        self.version += 1
            except ApiException as error:
                if error.status == 410:  # the server no longer has our version: list again
                    relisted = self._relist(kind, lister)
                    if relisted is None:  # the account may no longer list it: said in errors
                        return
                    version = relisted
                    continue
                self._note(f"watch of {kind}: {error.status} {error.reason}")
                self._stop.wait(5)
            except (urllib3.exceptions.HTTPError, OSError) as error:
                self._note(f"watch of {kind}: {type(error).__name__}; retrying")
                self._stop.wait(5)
            except Exception as error:  # noqa: BLE001 - the view must say it, not lose the kind silently
                self._note(f"watch of {kind} failed: {type(error).__name__}: {error}; retrying")
                self._stop.wait(5)

    def _note(self, message: str) -> None:
        with self.lock:
            self.errors = (self.errors + [message])[-5:]
            self.version += 1

    def stop(self) -> None:
        self._stop.set()

    def snapshot(self) -> dict[str, list]:
        with self.lock:
            return {kind: list(items.values()) for kind, items in self.objects.items()}
