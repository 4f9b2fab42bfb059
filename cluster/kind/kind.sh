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
# Where config.yaml's extraMounts find the cvmfs tree and the node's files (kind/files): inside
# the state directory, root's alone (0700), never a fixed path in the shared /tmp, where another
# local user could put their own API server authentication or kubeadm patches first.
CVMFS_LINK=$STATE/mounts/cvmfs
NODE_FILES=$STATE/mounts/node-files

# The host sysctls a node's kubelet sets (pkg/kubelet/cm: setupKernelTunables): a kind node is
# privileged, and these are not namespaced, so they change on the host. up keeps their values,
# down puts them back, check-clean compares them.
KUBELET_SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys
  kernel.keys.root_maxbytes)
host_sysctls() { local k; for k in "${KUBELET_SYSCTLS[@]}"; do echo "$k=$(sysctl -n "$k" 2>/dev/null)"; done; }

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

# kind_traces: a line for each trace of the cluster on this host: what kind/down removes and
# cluster/check-clean looks for (processes and iptables rules are check-clean's own). No line:
# nothing is left.
kind_traces() {
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    local n; n=$(docker ps -aq --filter "label=io.x-k8s.kind.cluster=$NAME" | wc -l)
    ((n)) && echo "node container(s): $n of kind cluster $NAME"
    docker network inspect "$NETWORK" >/dev/null 2>&1 && echo "network $NETWORK (Docker)"
  fi
  ip link show "$NETWORK_BRIDGE" >/dev/null 2>&1 && echo "bridge $NETWORK_BRIDGE"
  # (Once the bridge is gone, `ip rule` shows the rule as "iif wskind0 [detached]".)
  ip rule show priority "$ROUTE_TABLE" | grep "lookup $ROUTE_TABLE\b" | sed 's/^/routing rule: /'
  ip route show table "$ROUTE_TABLE" 2>/dev/null | grep -q '^unreachable default' && echo "route of table $ROUTE_TABLE"
  awk -v m="$CVMFS_LINK" '$5 == m {f=1} END {exit !f}' /proc/self/mountinfo && echo "mount $CVMFS_LINK"
  [[ -L $CVMFS_LINK ]] && echo "link $CVMFS_LINK"
  awk -v s="$STATE" '$5 == s || index($5, s "/") == 1 {print "mount " $5}' /proc/self/mountinfo
  [[ -e $NODE_FILES ]] && echo "node files $NODE_FILES"
  [[ -e $STATE ]] && echo "state directory $STATE"
  return 0
}
