"""The local cluster's own hardening (cluster/up, cluster/lib/pki.py): nobody but root reads a
private key or a kubeconfig; etcd answers only TLS clients with a certificate of its own CA (not
plain HTTP, not a client without a certificate, not the cluster CA's admin); the API server
answers no anonymous request. All on loopback. (kind hardens its own node: local cluster only.)"""
from __future__ import annotations

import re
import ssl
import stat
import urllib.error
import urllib.request

import pytest

from clusterkit import CLUSTER, KIND, STATE

pytestmark = [pytest.mark.skipif(KIND != "local", reason="the local cluster's own files and ports (cluster/up)"),
              pytest.mark.usefixtures("kubeconfig")]   # no cluster: skipped (failed under CI=true) as the others
PKI = STATE / "pki"
ETCD_PORT = int(re.search(r"^ETCD_PORT=(\d+)$", (CLUSTER / "lib" / "common.sh").read_text(), re.M)[1])
API_PORT = int(re.search(r"^API_PORT=(\d+)$", (CLUSTER / "lib" / "common.sh").read_text(), re.M)[1])


def _tls(ca, cert=None, key=None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(ca))
    if cert:
        context.load_cert_chain(str(cert), str(key))
    return context


def _get(url: str, context: ssl.SSLContext | None = None) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=5, context=context) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ssl.SSLError, ConnectionError, OSError) as error:
        return None, str(error)


def test_every_private_key_and_kubeconfig_is_for_root_alone():
    secrets = [*PKI.rglob("*.key"), *STATE.glob("*.kubeconfig"), STATE / "kubeconfig", STATE / "git-credentials.env"]
    assert len(secrets) > 10, f"found only {secrets}"
    loose = [f"{p} {stat.filemode(p.stat().st_mode)}" for p in secrets if p.stat().st_mode & 0o077]
    assert not loose, f"readable by others: {loose}"
    for directory in (PKI, PKI / "etcd"):
        assert directory.stat().st_mode & 0o077 == 0, f"{directory} is open to others"


def test_etcd_speaks_only_to_its_own_ca_clients():
    url = f"https://127.0.0.1:{ETCD_PORT}/health"
    status, said = _get(f"http://127.0.0.1:{ETCD_PORT}/health")
    assert status is None, f"plain HTTP answered: {status} {said}"
    status, said = _get(url, _tls(PKI / "etcd" / "ca.crt"))
    assert status is None and "certificate required" in said, f"a client without a certificate: {status} {said}"
    status, said = _get(url, _tls(PKI / "etcd" / "ca.crt", PKI / "admin.crt", PKI / "admin.key"))
    # etcd ends the handshake: the alert ("unknown ca") or, when it closes first, an EOF.
    assert status is None and ("unknown ca" in said or "EOF" in said), \
        f"the cluster CA's admin reached etcd: {status} {said}"
    status, said = _get(url, _tls(PKI / "etcd" / "ca.crt", PKI / "etcd" / "healthcheck-client.crt",
                                  PKI / "etcd" / "healthcheck-client.key"))
    assert status == 200 and '"health":"true"' in said, said


def test_the_api_server_answers_no_anonymous_request():
    for path in ("/version", "/healthz", "/api/v1/namespaces"):
        status, said = _get(f"https://127.0.0.1:{API_PORT}{path}", _tls(PKI / "ca.crt"))
        assert status == 401, f"{path} without credentials: {status} {said[:200]}"
