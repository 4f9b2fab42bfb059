# Shared settings of the kind scripts (kind/up, kind/down, and cluster/check-clean). Source
# after common.sh, with STATE set to the kind cluster's state directory.
# shellcheck shell=bash disable=SC2034 # a library: the scripts that source it use these

NAME=workshop
NODE=$NAME-control-plane
# Offline, the nodes' own Docker network: the address the stand-in images' git rewrite names
# (BRIDGE_IP, the local cluster's bridge address) is this host's end of it, and the registry
# listens there too. Internal: Docker gives its containers no route out.
NETWORK=workshop-kind
NETWORK_BRIDGE=wskind0
NODE_SUBNET=$POD_CIDR
HOST_IP=$BRIDGE_IP
REGISTRY_ADDR=$HOST_IP:5000
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

# What runtime.sh's fail_with_log runs and names when a service does not come up.
DOWN_CMD=$CLUSTER_DIR/kind/down
UP_NAME=cluster/kind/up

cluster_exists() { "$kind" get clusters 2>/dev/null | grep -qx "$NAME"; }
