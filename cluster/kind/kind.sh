# Shared settings of the kind scripts (up, down, check-clean). Source after common.sh, with
# STATE set to the kind cluster's state directory.
# shellcheck shell=bash

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
# The cvmfs tree, where config.yaml's extraMounts expects it.
CVMFS_LINK=/tmp/workshop-cvmfs

kind=${KIND:-$("$CLUSTER_DIR/../scripts/install-tools")/kind}
if [[ -n ${KUBECTL:-} ]]; then kubectl=$KUBECTL
elif [[ -x $STATE/bin/kubectl ]]; then kubectl=$STATE/bin/kubectl
elif [[ -x $BIN_CACHE/kubectl ]]; then kubectl=$BIN_CACHE/kubectl
else kubectl=kubectl; fi

cluster_exists() { "$kind" get clusters 2>/dev/null | grep -qx "$NAME"; }
