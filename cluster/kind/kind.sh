# Shared settings of the kind scripts (kind/up, kind/down, and cluster/check-clean). Source
# after common.sh.
# shellcheck shell=bash disable=SC2034 # a library: the scripts that source it use these

NAME=workshop
NODE=$NAME-control-plane
# Offline, the nodes' own Docker network, NODE_SUBNET: this host is HOST_IP on it, where the
# stand-in images' git rewrite sends clones and where the registry listens (common.sh).
NETWORK=workshop-kind
NETWORK_BRIDGE=wskind0
# The routing table (and rule priority) that makes every packet this host would forward out of
# that network unreachable.
ROUTE_TABLE=3244
# Where config.yaml's extraMounts expect the cvmfs tree and the node's files (kind/files).
CVMFS_LINK=/tmp/workshop-cvmfs
NODE_FILES=/tmp/workshop-kind-files

# find_tools: sets $kind (KIND, else the one scripts/install-tools builds) and $kubectl
# (KUBECTL, else the cluster's own, else PATH's).
find_tools() {
  kind=${KIND:-$("$CLUSTER_DIR/../scripts/install-tools")/kind}
  if [[ -n ${KUBECTL:-} ]]; then kubectl=$KUBECTL
  elif [[ -x $STATE/bin/kubectl ]]; then kubectl=$STATE/bin/kubectl
  elif [[ -x $BIN_CACHE/kubectl ]]; then kubectl=$BIN_CACHE/kubectl
  else kubectl=kubectl; fi
}

cluster_exists() { "$kind" get clusters 2>/dev/null | grep -qx "$NAME"; }
