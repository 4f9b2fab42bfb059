"""The instructor tools' connection to the cluster: the same --kubeconfig/--context/--namespace
as the harness, every call with a timeout, and the errors an instructor meets (no cluster, a
forbidden call, a namespace that does not exist) turned into one line that says what to do."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import urllib3
from kubernetes import client, config as kube_config
from kubernetes.client.rest import ApiException
from kubernetes.config.config_exception import ConfigException

REQUEST_TIMEOUT = 15   # seconds for one API call; a watch sets its own, longer one

EXIT_NO_CLUSTER = 3
EXIT_FORBIDDEN = 4
EXIT_NO_NAMESPACE = 5


class ClusterProblem(RuntimeError):
    """A problem with the cluster connection; `exit_code` is what the command exits with."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Connection:
    api: client.ApiClient
    namespace: str
    requests: int = 0   # API requests made through it (lists, reads, watches, deletes)

    @property
    def core(self) -> client.CoreV1Api:
        return client.CoreV1Api(self.api)

    @property
    def batch(self) -> client.BatchV1Api:
        return client.BatchV1Api(self.api)


def connect(kubeconfig: str | None, context: str | None, namespace: str | None) -> Connection:
    """Load the kubeconfig (default: $KUBECONFIG or ~/.kube/config) and check that the
    namespace (default: the context's) exists and can be read."""
    path = kubeconfig or os.environ.get("WORKSHOP_KUBECONFIG") or os.environ.get("KUBECONFIG") \
        or str(Path.home() / ".kube" / "config")
    if not Path(path).is_file():
        raise ClusterProblem(f"no kubeconfig at {path}: pass --kubeconfig FILE (or set KUBECONFIG)", EXIT_NO_CLUSTER)
    cfg = client.Configuration()
    try:
        kube_config.load_kube_config(config_file=path, context=context, client_configuration=cfg)
        contexts, active = kube_config.list_kube_config_contexts(config_file=path)
    except ConfigException as error:
        raise ClusterProblem(f"{path}: {error}; check --context and the kubeconfig", EXIT_NO_CLUSTER) from None
    chosen = next((c for c in contexts if c["name"] == context), None) if context else active
    namespace = namespace or ((chosen or {}).get("context") or {}).get("namespace") or "default"
    cfg.retries = False
    conn = Connection(client.ApiClient(cfg), namespace)
    _count_requests(conn)
    call(conn, lambda: conn.core.read_namespace(namespace), f"read namespace {namespace}",
         missing=f"namespace {namespace!r} does not exist on {cfg.host}: pass --namespace with the workshop's namespace",
         exit_if_missing=EXIT_NO_NAMESPACE, tolerate_forbidden=True)
    # A namespace-scoped account may not read the namespace object: listing its pods proves access.
    call(conn, lambda: conn.core.list_namespaced_pod(namespace, limit=1, _request_timeout=REQUEST_TIMEOUT),
         f"list pods in {namespace}",
         missing=f"namespace {namespace!r} does not exist on {cfg.host}: pass --namespace with the workshop's namespace",
         exit_if_missing=EXIT_NO_NAMESPACE)
    return conn


def _count_requests(conn: Connection) -> None:
    original = conn.api.call_api

    def counted(*args, **kwargs):
        conn.requests += 1
        kwargs.setdefault("_request_timeout", REQUEST_TIMEOUT)
        return original(*args, **kwargs)

    conn.api.call_api = counted


def call(conn: Connection, do, what: str, *, missing: str | None = None, exit_if_missing: int = EXIT_NO_NAMESPACE,
         tolerate_forbidden: bool = False):
    """Run one API call; a failure becomes a ClusterProblem naming what was tried.
    With tolerate_forbidden, a 403 returns None (the caller says what it could not check)."""
    try:
        return do()
    except ApiException as error:
        if error.status == 403:
            if tolerate_forbidden:
                return None
            raise ClusterProblem(f"forbidden: the account may not {what} ({_reason(error)}); ask the cluster's "
                                 "administrator for that right in this namespace", EXIT_FORBIDDEN) from None
        if error.status == 404 and missing:
            raise ClusterProblem(missing, exit_if_missing) from None
        if error.status == 401:
            raise ClusterProblem(f"the cluster refused the credentials of the kubeconfig ({_reason(error)}); "
                                 "log in again or pass another --kubeconfig", EXIT_NO_CLUSTER) from None
        raise ClusterProblem(f"could not {what}: {error.status} {_reason(error)}", EXIT_NO_CLUSTER) from None
    except (urllib3.exceptions.HTTPError, OSError) as error:
        host = conn.api.configuration.host
        raise ClusterProblem(f"no cluster answers at {host} ({type(error).__name__}): is it up, and is this the "
                             "right --kubeconfig / --context?", EXIT_NO_CLUSTER) from None


def _reason(error: ApiException) -> str:
    try:
        return json.loads(error.body or "{}").get("message") or error.reason
    except ValueError:
        return error.reason or ""
