"""Which objects carry a run's usernames' names, and deleting them at once.

Every object the tutorial makes is named by a template of the snippets (``c1-<username>``,
``github-secret-<username>``, workshop.username.name_uses), and a Job's pods carry the Job's
name in their ``job-name`` label. An object carries username U's name exactly when its name is
a template filled with U (or, for a pod, its job-name is): ``c1-anna-smith`` is not anna's, nor
is ``config1-annax``. This is what the run refuses to start on (names it is about to use are
taken); what it *deletes* is decided by UID (workshop.harness.ledger), never by name alone.
"""
from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from functools import lru_cache

from kubernetes import client
from kubernetes.client.rest import ApiException

from workshop.placeholders import USERNAME
from workshop.username import name_uses

KINDS = ("jobs", "pods", "configmaps", "secrets", "persistentvolumeclaims")
REQUEST_TIMEOUT = 10   # seconds for one API call


@lru_cache(maxsize=1)
def name_templates() -> frozenset[str]:
    """Every object name the snippets build around <username> (not the bare name itself)."""
    return frozenset(u.template for u in name_uses() if u.template != USERNAME.token)


def names_of(usernames: list[str]) -> set[str]:
    return {t.replace(USERNAME.token, u) for t in name_templates() for u in usernames}


def _listing(api: client.ApiClient):
    core, batch = client.CoreV1Api(api), client.BatchV1Api(api)
    return {
        "jobs": batch.list_namespaced_job,
        "pods": core.list_namespaced_pod,
        "configmaps": core.list_namespaced_config_map,
        "secrets": core.list_namespaced_secret,
        "persistentvolumeclaims": core.list_namespaced_persistent_volume_claim,
    }


def listed(api: client.ApiClient, namespace: str) -> list[str]:
    """'kind/name' of every object of the KINDS in the namespace, whoever made it."""
    listing = _listing(api)
    return [f"{kind}/{item.metadata.name}" for kind in KINDS
            for item in listing[kind](namespace, _request_timeout=REQUEST_TIMEOUT).items]


def owned(api: client.ApiClient, namespace: str, usernames: list[str]) -> list[str]:
    """'kind/name' of every object in the namespace that carries one of the usernames' names."""
    names = names_of(usernames)
    listing = _listing(api)
    found = []
    for kind in KINDS:
        for item in listing[kind](namespace, _request_timeout=REQUEST_TIMEOUT).items:
            job = (item.metadata.labels or {}).get("job-name") if kind == "pods" else None
            if item.metadata.name in names or job in names:
                found.append(f"{kind}/{item.metadata.name}")
    return found


@contextlib.contextmanager
def hastening(api: client.ApiClient, namespace: str, is_ours: Callable[[object], bool]):
    """While the block runs, the run's own pods (is_ours(pod): by UID, see the ledger) that
    are being deleted go at once (grace period 0): the tutorial's `sleep 1000` ignores
    SIGTERM, so each deletion would otherwise wait 30 s. Another tenant's pod, even one named
    like ours, is never touched. The snippet's own delete command still waits and succeeds."""
    stop = threading.Event()

    def hasten():
        core = client.CoreV1Api(api)
        while not stop.wait(0.3):
            with contextlib.suppress(Exception):
                for pod in core.list_namespaced_pod(namespace, _request_timeout=REQUEST_TIMEOUT).items:
                    if pod.metadata.deletion_timestamp and is_ours(pod):
                        with contextlib.suppress(ApiException):
                            core.delete_namespaced_pod(
                                pod.metadata.name, namespace,
                                body=client.V1DeleteOptions(
                                    grace_period_seconds=0, preconditions=client.V1Preconditions(uid=pod.metadata.uid)),
                                _request_timeout=REQUEST_TIMEOUT,
                            )

    thread = threading.Thread(target=hasten, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


PROFILE_VOLUMES = "workshop.site/profile=cvmfs"   # label of the site profile's per-namespace volume


def delete_namespace(api: client.ApiClient, namespace: str, timeout: float = 120) -> list[str]:
    """Delete a namespace made for a run, then the site profile's cvmfs volume bound to it
    (cluster-scoped, Retain: the namespace's deletion leaves it). Returns problems."""
    core = client.CoreV1Api(api)
    with contextlib.suppress(ApiException):
        core.delete_namespace(namespace, _request_timeout=REQUEST_TIMEOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            core.read_namespace(namespace, _request_timeout=REQUEST_TIMEOUT)
        except ApiException as error:
            if error.status == 404:
                break
        time.sleep(1)
    else:
        return [f"cleanup: namespace {namespace} still terminating after {timeout:.0f} s"]
    for pv in core.list_persistent_volume(label_selector=PROFILE_VOLUMES, _request_timeout=REQUEST_TIMEOUT).items:
        ref = pv.spec.claim_ref
        if ref is not None and ref.namespace == namespace:
            with contextlib.suppress(ApiException):
                core.delete_persistent_volume(pv.metadata.name, _request_timeout=REQUEST_TIMEOUT)
    return []
