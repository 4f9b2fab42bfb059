#!/usr/bin/env python3
"""Creates the cluster's certificates and kubeconfigs (offline, once per state dir).

Usage: pki.py STATE_DIR NODE_NAME NODE_IP API_PORT SERVICE_IP
Writes STATE/pki/*.crt|*.key, STATE/pki/sa.{key,pub}, STATE/pki/etcd/* and STATE/*.kubeconfig.
Every private key and kubeconfig is created 0600 (never readable by others, not even for the
moment between a write and a chmod), in a 0700 directory. etcd has its own CA: only the API
server's etcd client certificate is signed by it, so no other certificate of the cluster (the
kubelet's, the admin's) can reach etcd.
Uses the `cryptography` package (Debian: python3-cryptography).
"""
import base64
import datetime
import ipaddress
import os
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

state, node, node_ip, api_port, service_ip = Path(sys.argv[1]), *sys.argv[2:6]
pki = state / "pki"
pki.mkdir(mode=0o700, parents=True, exist_ok=True)
pki.chmod(0o700)
(pki / "etcd").mkdir(mode=0o700, exist_ok=True)
now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
later = now + datetime.timedelta(days=365)


def key():
    return ec.generate_private_key(ec.SECP256R1())


def pem_key(k):
    return k.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def name(cn, org=None):
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if org:
        attrs.insert(0, x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    return x509.Name(attrs)


def private(path, data: bytes):
    """Write a secret file that is 0600 from its first byte (an old one is made 0600 first)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)


def write(stem, cert, k):
    (pki / f"{stem}.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private(pki / f"{stem}.key", pem_key(k))


def new_ca(cn):
    k = key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name(cn))
        .issuer_name(name(cn))
        .public_key(k.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(later + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .sign(k, hashes.SHA256())
    )
    return cert, k


ca, ca_key = new_ca("workshop-cluster-ca")
write("ca", ca, ca_key)


def issue(stem, cn, org=None, server_names=(), client=True, server=False, by=None):
    signer, signer_key = by or (ca, ca_key)
    k = key()
    usages = ([ExtendedKeyUsageOID.CLIENT_AUTH] if client else []) + (
        [ExtendedKeyUsageOID.SERVER_AUTH] if server else []
    )
    b = (
        x509.CertificateBuilder()
        .subject_name(name(cn, org))
        .issuer_name(signer.subject)
        .public_key(k.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
    )
    if server_names:
        sans = [
            x509.IPAddress(ipaddress.ip_address(n)) if n[0].isdigit() else x509.DNSName(n)
            for n in server_names
        ]
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    write(stem, b.sign(signer_key, hashes.SHA256()), k)


api_names = [
    "127.0.0.1",
    node_ip,
    service_ip,
    "localhost",
    "kubernetes",
    "kubernetes.default",
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
]
issue("apiserver", "kube-apiserver", server_names=api_names, client=False, server=True)
issue("apiserver-kubelet-client", "kube-apiserver-kubelet-client", "system:masters")
issue(
    "kubelet", f"system:node:{node}", "system:nodes", server_names=[node_ip, node, "127.0.0.1"], server=True
)
issue("admin", "workshop-admin", "system:masters")
issue("controller-manager", "system:kube-controller-manager")
issue("scheduler", "system:kube-scheduler")

etcd_ca = new_ca("workshop-etcd-ca")
write("etcd/ca", *etcd_ca)
issue("etcd/server", "workshop-etcd", server_names=["127.0.0.1", "localhost"], client=False, server=True,
      by=etcd_ca)
issue("etcd/peer", "workshop-etcd-peer", server_names=["127.0.0.1", "localhost"], server=True, by=etcd_ca)
issue("apiserver-etcd-client", "kube-apiserver-etcd-client", by=etcd_ca)
issue("etcd/healthcheck-client", "workshop-etcd-healthcheck", by=etcd_ca)

sa = key()
private(pki / "sa.key", pem_key(sa))
(pki / "sa.pub").write_bytes(
    sa.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
)


def b64(p):
    return base64.b64encode((pki / p).read_bytes()).decode()


def kubeconfig(path, user, stem):
    private(path, f"""apiVersion: v1
kind: Config
clusters:
- name: workshop
  cluster:
    server: https://127.0.0.1:{api_port}
    certificate-authority-data: {b64("ca.crt")}
users:
- name: {user}
  user:
    client-certificate-data: {b64(stem + ".crt")}
    client-key-data: {b64(stem + ".key")}
contexts:
- name: workshop
  context: {{cluster: workshop, user: {user}, namespace: default}}
current-context: workshop
""".encode())


kubeconfig(state / "kubeconfig", "workshop-admin", "admin")
kubeconfig(state / "controller-manager.kubeconfig", "controller-manager", "controller-manager")
kubeconfig(state / "scheduler.kubeconfig", "scheduler", "scheduler")
kubeconfig(state / "kubelet.kubeconfig", "kubelet", "kubelet")
