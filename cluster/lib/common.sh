# Shared settings for the cluster scripts. Source it; do not run it.
# shellcheck shell=bash disable=SC2034 # its variables are for the scripts that source it

# One pinned Kubernetes release (see cluster/README.md for why 1.34).
K8S_VERSION=v1.34.3
K8S_STAGING_VERSION=v0.34.3
# Kubernetes 1.34 is built and tested against etcd 3.6.
ETCD_VERSION=v3.6.5
# What kubeadm $K8S_VERSION deploys (cmd/kubeadm/app/constants): the kind node image
# carries these images under the names kubeadm asks for.
ETCD_IMAGE_TAG=3.6.5-0
PAUSE_VERSION=3.10.1
COREDNS_VERSION=v1.12.1
# kind: the same release online (the workflow) and here (cluster/kind).
KIND_VERSION=v0.31.0

CLUSTER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The cluster's state (kubeconfig, kubectl, logs, pid files, the private repository's test
# credentials). Not a cache: kind/down deletes it.
STATE=${WORKSHOP_CLUSTER_STATE:-/var/lib/workshop-cluster-kind}
CACHE=${WORKSHOP_CACHE:-$HOME/.cache/workshop-k8s}
BIN_CACHE=$CACHE/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION
IMAGE_CACHE=$CACHE/images

# Addresses: everything is on loopback or on the network this cluster creates. The nodes'
# network (kind/kind.sh) is NODE_SUBNET; this host is HOST_IP on it, where the stand-in images'
# git rewrite (images/build-images) sends clones, and where the registry listens.
NODE_SUBNET=10.244.0.0/24
HOST_IP=10.244.0.1
REGISTRY_ADDR=$HOST_IP:5000
# Where kind/up fills the registry before serving it read-only at REGISTRY_ADDR (loopback only).
REGISTRY_FILL_ADDR=127.0.0.1:5002
GIT_PORT=8418

log() { printf '[cluster %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# One kind/up or kind/down at a time on a machine (a down that up runs itself, on
# failure or Ctrl-C, already holds the lock).
take_lock() {
  [[ -n ${WORKSHOP_CLUSTER_LOCKED:-} ]] && return 0
  local lock="${STATE%/}.lock"
  mkdir -p "$(dirname "$lock")"
  exec 9>"$lock"
  if ! flock -n 9; then
    log "another kind/up or kind/down is running; waiting for it"
    flock -w 900 9 || die "gave up waiting for $lock"
  fi
  export WORKSHOP_CLUSTER_LOCKED=1
}
