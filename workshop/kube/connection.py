"""The one way the project's tools reach a cluster: a kubeconfig, a context, a namespace, and one
timeout policy for every API call.

Why one policy: an API server that accepts the connection and never answers (frozen, or behind a
proxy that lost it) must not hold an instructor's command or a test run forever. Every call that
names no timeout of its own gets CONNECT_TIMEOUT to connect and READ_TIMEOUT for the answer; a
watch names its own, longer read timeout. urllib3's retries are off: a frozen server costs one
timeout per call, and the callers that must keep trying (the harness's cleanup) loop themselves.

Errors an instructor meets (no cluster, a forbidden call, a namespace that does not exist) become
one ClusterProblem line that says what was tried, against which server, and what to do; its
``exit_code`` is what a command exits with.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import urllib3
from kubernetes import client
from kubernetes import config as kube_config
from kubernetes.client.rest import ApiException
from kubernetes.config.config_exception import ConfigException

CONNECT_TIMEOUT = 5.0  # seconds to open the connection (TCP and TLS)
READ_TIMEOUT = 15.0  # seconds for the answer to one request
DEFAULT_TIMEOUT = (CONNECT_TIMEOUT, READ_TIMEOUT)

EXIT_NO_CLUSTER = 3
EXIT_FORBIDDEN = 4
EXIT_NO_NAMESPACE = 5


class ClusterProblem(RuntimeError):
    """A problem with the cluster connection; `exit_code` is what the command exits with."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


class TimeoutApiClient(client.ApiClient):
    """An API client whose calls that name no timeout get the default one, and that counts them.

    The generated API methods always pass ``_request_timeout`` (None when the caller gave none),
    so the default is put in here, where every request passes."""

    def __init__(self, configuration: client.Configuration, timeout=DEFAULT_TIMEOUT):
        super().__init__(configuration)
        self.timeout = timeout
        self.requests = 0  # API requests made (lists, reads, watches, deletes)

    def call_api(self, method, url, header_params=None, body=None, post_params=None, _request_timeout=None):
        self.requests += 1
        return super().call_api(
            method,
            url,
            header_params,
            body,
            post_params,
            _request_timeout if _request_timeout is not None else self.timeout,
        )


def api_client(
    kubeconfig: str, context: str | None = None, *, pool: int | None = None, retries: int | bool = False
) -> TimeoutApiClient:
    """A client for the kubeconfig's context, with the timeout policy and (by default) no urllib3
    retries. Raises ClusterProblem when the kubeconfig or the context cannot be used."""
    cfg = client.Configuration()
    try:
        kube_config.load_kube_config(config_file=kubeconfig, context=context, client_configuration=cfg)
    except (ConfigException, OSError, ValueError, TypeError) as error:
        raise ClusterProblem(f"{kubeconfig}: {error}; check --context and the kubeconfig", EXIT_NO_CLUSTER) from None
    cfg.retries = retries
    if pool:
        cfg.connection_pool_maxsize = pool
    return TimeoutApiClient(cfg)


@dataclass
class Connection:
    api: client.ApiClient
    namespace: str

    @property
    def core(self) -> client.CoreV1Api:
        return client.CoreV1Api(self.api)

    @property
    def batch(self) -> client.BatchV1Api:
        return client.BatchV1Api(self.api)

    @property
    def host(self) -> str:
        return self.api.configuration.host

    @property
    def requests(self) -> int:
        return getattr(self.api, "requests", 0)


def kubeconfig_path(kubeconfig: str | None) -> str:
    """--kubeconfig, else $WORKSHOP_KUBECONFIG, $KUBECONFIG, ~/.kube/config."""
    return (
        kubeconfig
        or os.environ.get("WORKSHOP_KUBECONFIG")
        or os.environ.get("KUBECONFIG")
        or str(Path.home() / ".kube" / "config")
    )


def connect(kubeconfig: str | None, context: str | None, namespace: str | None) -> Connection:
    """Load the kubeconfig (default: $KUBECONFIG or ~/.kube/config) and check that the
    namespace (default: the context's) exists and can be read."""
    path = kubeconfig_path(kubeconfig)
    if not Path(path).is_file():
        raise ClusterProblem(f"no kubeconfig at {path}: pass --kubeconfig FILE (or set KUBECONFIG)", EXIT_NO_CLUSTER)
    api = api_client(path, context)
    try:
        contexts, active = kube_config.list_kube_config_contexts(config_file=path)
    except ConfigException as error:
        raise ClusterProblem(f"{path}: {error}; check --context and the kubeconfig", EXIT_NO_CLUSTER) from None
    chosen = next((c for c in contexts if c["name"] == context), None) if context else active
    namespace = namespace or ((chosen or {}).get("context") or {}).get("namespace") or "default"
    conn = Connection(api, namespace)
    missing = f"namespace {namespace!r} does not exist on {conn.host}: pass --namespace with the workshop's namespace"
    call(
        conn,
        lambda: conn.core.read_namespace(namespace),
        f"read namespace {namespace}",
        missing=missing,
        exit_if_missing=EXIT_NO_NAMESPACE,
        tolerate_forbidden=True,
    )
    # A namespace-scoped account may not read the namespace object: listing its pods proves access.
    call(
        conn,
        lambda: conn.core.list_namespaced_pod(namespace, limit=1),
        f"list pods in {namespace}",
        missing=missing,
        exit_if_missing=EXIT_NO_NAMESPACE,
    )
    return conn


def call(
    conn: Connection,
    do,
    what: str,
    *,
    missing: str | None = None,
    exit_if_missing: int = EXIT_NO_NAMESPACE,
    tolerate_forbidden: bool = False,
):
    """Run one API call; a failure becomes a ClusterProblem naming what was tried.
    With tolerate_forbidden, a 403 returns None (the caller says what it could not check)."""
    try:
        return do()
    except ApiException as error:
        if error.status == 403:
            if tolerate_forbidden:
                return None
            raise ClusterProblem(
                f"forbidden: the account may not {what} ({reason(error)}); ask the cluster's "
                "administrator for that right in this namespace",
                EXIT_FORBIDDEN,
            ) from None
        if error.status == 404 and missing:
            raise ClusterProblem(missing, exit_if_missing) from None
        if error.status == 401:
            raise ClusterProblem(
                f"the cluster at {conn.host} refused the credentials of the kubeconfig "
                f"({reason(error)}); log in again or pass another --kubeconfig",
                EXIT_NO_CLUSTER,
            ) from None
        raise ClusterProblem(f"could not {what}: {error.status} {reason(error)}", EXIT_NO_CLUSTER) from None
    except urllib3.exceptions.NewConnectionError as error:  # refused (urllib3 files it under timeouts)
        raise ClusterProblem(
            f"could not {what}: no cluster answers at {conn.host} ({type(error).__name__}): is it "
            "up, and is this the right --kubeconfig / --context?",
            EXIT_NO_CLUSTER,
        ) from None
    except (urllib3.exceptions.TimeoutError, TimeoutError) as error:
        raise ClusterProblem(
            f"could not {what}: the cluster at {conn.host} did not answer in time "
            f"({type(error).__name__}): is its API server up and not overloaded?",
            EXIT_NO_CLUSTER,
        ) from None
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise ClusterProblem(
            f"could not {what}: no cluster answers at {conn.host} ({type(error).__name__}): is it "
            "up, and is this the right --kubeconfig / --context?",
            EXIT_NO_CLUSTER,
        ) from None


def reason(error: ApiException) -> str:
    """The API server's own message of a refused call, else the HTTP reason."""
    try:
        return json.loads(error.body or "{}").get("message") or error.reason
    except ValueError:
        return error.reason or ""
