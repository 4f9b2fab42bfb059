"""Hastening: while a snippet deletes, the run's own pods that are being deleted go at once.

The tutorial's ``sleep 1000`` ignores SIGTERM, so each deletion would otherwise wait its 30 s of
grace; the harness deletes such a pod again with grace period 0, by UID (see the ledger), so
another tenant's pod, even one named like ours, is never touched. The snippet's own delete
command still waits and succeeds as the reader's does.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from kubernetes import client
from kubernetes.client.rest import ApiException

from workshop.kube.connection import DEFAULT_TIMEOUT


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
                for pod in core.list_namespaced_pod(namespace, _request_timeout=DEFAULT_TIMEOUT).items:
                    if pod.metadata.deletion_timestamp and is_ours(pod):
                        with contextlib.suppress(ApiException):
                            core.delete_namespaced_pod(
                                pod.metadata.name,
                                namespace,
                                body=client.V1DeleteOptions(
                                    grace_period_seconds=0, preconditions=client.V1Preconditions(uid=pod.metadata.uid)
                                ),
                                _request_timeout=DEFAULT_TIMEOUT,
                            )

    thread = threading.Thread(target=hasten, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
