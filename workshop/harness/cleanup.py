"""Delete what a run's usernames created, and only that; prove it by listing.

Every object the tutorial makes carries the username at the end of its name
(``c1-<username>``, ``github-secret-<username>``), and a job's pods add a suffix
(``c3-<username>-x7k2p``). So an object belongs to username U exactly when its name
contains ``-U`` followed by ``-`` or the end: never another participant's, never anything
else in a shared namespace.
"""
from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Callable

from kubernetes import client
from kubernetes.client.rest import ApiException

KINDS = ("jobs", "pods", "configmaps", "secrets", "persistentvolumeclaims")


def owner_pattern(usernames: list[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(u) for u in sorted(usernames, key=len, reverse=True))
    return re.compile(rf"-(?:{alternatives})(?:-|$)")


def listed(api: client.ApiClient, namespace: str) -> list[str]:
    """'kind/name' of every object of the KINDS in the namespace, whoever made it."""
    core, batch = client.CoreV1Api(api), client.BatchV1Api(api)
    listing = {
        "jobs": batch.list_namespaced_job,
        "pods": core.list_namespaced_pod,
        "configmaps": core.list_namespaced_config_map,
        "secrets": core.list_namespaced_secret,
        "persistentvolumeclaims": core.list_namespaced_persistent_volume_claim,
    }
    return [f"{kind}/{item.metadata.name}" for kind in KINDS for item in listing[kind](namespace).items]


def owned(api: client.ApiClient, namespace: str, usernames: list[str]) -> list[str]:
    """'kind/name' of every object in the namespace that belongs to one of the usernames."""
    pattern = owner_pattern(usernames)
    return [ref for ref in listed(api, namespace) if pattern.search(ref.split("/", 1)[1])]


def delete(api: client.ApiClient, namespace: str, names: list[str]) -> None:
    """Delete 'kind/name' objects at once: jobs with their pods, pods without grace."""
    core, batch = client.CoreV1Api(api), client.BatchV1Api(api)
    calls = {
        "jobs": lambda n: batch.delete_namespaced_job(
            n, namespace, propagation_policy="Background", grace_period_seconds=0
        ),
        "pods": lambda n: core.delete_namespaced_pod(n, namespace, grace_period_seconds=0),
        "configmaps": lambda n: core.delete_namespaced_config_map(n, namespace),
        "secrets": lambda n: core.delete_namespaced_secret(n, namespace),
        "persistentvolumeclaims": lambda n: core.delete_namespaced_persistent_volume_claim(n, namespace),
    }
    for ref in sorted(names, key=lambda r: KINDS.index(r.split("/")[0])):
        kind, name = ref.split("/", 1)
        try:
            calls[kind](name)
        except ApiException as error:
            if error.status != 404:
                raise


def delete_owned(
    api: client.ApiClient, namespace: str, usernames: list[str], timeout: float = 120
) -> list[str]:
    """Delete until a listing finds nothing of these usernames; return what is still left."""
    deadline = time.monotonic() + timeout
    left = owned(api, namespace, usernames)
    while left and time.monotonic() < deadline:
        delete(api, namespace, left)
        time.sleep(1)
        left = owned(api, namespace, usernames)
    return left


@contextlib.contextmanager
def hastening(api: client.ApiClient, namespace: str, names: Callable[[], list[str]]):
    """While the block runs, pods of the named objects that are being deleted go at once
    (grace period 0): the tutorial's `sleep 1000` ignores SIGTERM, so each deletion would
    otherwise wait 30 s. The snippet's own delete command still waits and succeeds."""
    stop = threading.Event()

    def hasten():
        core = client.CoreV1Api(api)
        while not stop.wait(0.3):
            wanted = names()
            if not wanted:
                continue
            with contextlib.suppress(Exception):
                for pod in core.list_namespaced_pod(namespace).items:
                    n = pod.metadata.name
                    if pod.metadata.deletion_timestamp and any(
                        n == o or n.startswith(o + "-") for o in wanted
                    ):
                        with contextlib.suppress(ApiException):
                            core.delete_namespaced_pod(n, namespace, grace_period_seconds=0)

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
        core.delete_namespace(namespace)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            core.read_namespace(namespace)
        except ApiException as error:
            if error.status == 404:
                break
        time.sleep(1)
    else:
        return [f"cleanup: namespace {namespace} still terminating after {timeout:.0f} s"]
    for pv in core.list_persistent_volume(label_selector=PROFILE_VOLUMES).items:
        ref = pv.spec.claim_ref
        if ref is not None and ref.namespace == namespace:
            with contextlib.suppress(ApiException):
                core.delete_persistent_volume(pv.metadata.name)
    return []
