# Helpers for cluster/up and cluster/down. Source after common.sh.
# shellcheck shell=bash

NODE_NAME=workshop-node
RUN_DIR=$STATE/run
CONTAINERD_SOCK=$RUN_DIR/containerd.sock
RUNC_ROOT=$STATE/containerd/runc
# Every long-running process up starts, in start order (down stops them in reverse).
COMPONENTS=(registry gitserver etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet)

kubectl_() { "$STATE/bin/kubectl" --kubeconfig "$STATE/kubeconfig" "$@"; }

pid_of() { local f=$RUN_DIR/$1.pid; [[ -f $f ]] && cat "$f"; }
alive() { local p; p=$(pid_of "$1") && [[ -n $p ]] && kill -0 "$p" 2>/dev/null; }

preflight() {
  local missing=()
  for t in containerd containerd-shim-runc-v2 runc ctr docker-registry skopeo umoci debootstrap curl git python3 ip mount iptables; do
    command -v "$t" >/dev/null || missing+=("$t")
  done
  [[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/loopback ]] || missing+=("CNI plugins in /usr/lib/cni")
  python3 -c 'import cryptography' 2>/dev/null || missing+=("python3-cryptography")
  ((${#missing[@]} == 0)) || die "missing: ${missing[*]} — run scripts/install-system-packages (it installs cluster/system-packages.txt)"
  [[ -d /sys/fs/cgroup/memory || -f /sys/fs/cgroup/cgroup.controllers ]] || die "no cgroup hierarchy mounted at /sys/fs/cgroup"
  for port in "$API_PORT" "$ETCD_PORT" "${REGISTRY_ADDR##*:}" "$GIT_PORT" 10248 10250 10257 10259; do
    if (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port on 127.0.0.1 is already in use (another cluster? run cluster/down)"; fi
  done
}

# start NAME CMD...: runs CMD in its own session, logging to $STATE/logs/NAME.log.
start() {
  local name=$1; shift
  log "starting $name"
  # 9>&-: the daemons must not inherit (and so keep holding) the up/down lock.
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/$name.pid"
}

fail_with_log() {
  local name=$1 why=$2
  log "ERROR: $name $why. Last lines of $STATE/logs/$name.log:"
  tail -n 40 "$STATE/logs/$name.log" >&2 || true
  log "cleaning up (run ${UP_NAME:-cluster/up} again once fixed)"
  trap - INT TERM EXIT
  "${DOWN_CMD:-$CLUSTER_DIR/down}" >&2 || true
  exit 1
}

# wait_for NAME TIMEOUT CHECK...: waits until CHECK succeeds; fails with NAME's log.
wait_for() {
  local name=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout)) n=0
  until "$@" >/dev/null 2>&1; do
    alive "$name" || fail_with_log "$name" "exited during start-up"
    ((SECONDS < deadline)) || fail_with_log "$name" "not ready after ${timeout}s (waiting for: $*)"
    n=$((n + 1)); ((n % 10 == 0)) && log "  still waiting for $name ($((deadline - SECONDS)) s left)"
    sleep 1
  done
  log "$name ready"
}

node_ready() {
  [[ $(kubectl_ get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

cluster_healthy() {
  [[ -f $STATE/kubeconfig && -x $STATE/bin/kubectl ]] || return 1
  local c; for c in "${COMPONENTS[@]}"; do alive "$c" || return 1; done
  node_ready
}

cvmfs_recipe() { { cat "$CLUSTER_DIR/cvmfs/build-tree"; git --version; } | sha256sum | cut -c1-16; }

new_git_credentials() {
  # Fresh test credentials for the private repository on every bring-up.
  local token
  token=$(python3 -c 'import secrets; print("wst_" + secrets.token_hex(20))')
  umask 077
  printf 'GIT_USER=workshop-%s\nGIT_TOKEN=%s\n' "$(python3 -c 'import secrets; print(secrets.token_hex(3))')" "$token" >"$STATE/git-credentials.env"
  umask 022
}

setup_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
  fi
  ip addr replace "$BRIDGE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

push_images() {
  local d name ref hash mark
  mkdir -p "$CACHE/registry/.pushed"
  for d in "$IMAGE_CACHE"/oci/*/; do
    name=$(basename "$d"); ref=$(cat "$d/.ref"); hash=$(cat "$d/.recipe")
    mark=$CACHE/registry/.pushed/$name
    if [[ -f $mark && $(cat "$mark") == "$hash" ]] && curl -fsS -o /dev/null \
        -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REGISTRY_ADDR/v2/${ref%:*}/manifests/${ref##*:}"; then
      continue
    fi
    log "pushing stand-in image $ref to the local registry"
    skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$d:img" "docker://$REGISTRY_ADDR/$ref" >&2
    echo "$hash" >"$mark"
  done
}

# The local registry (docker.io and registry.k8s.io mirror) of cluster/up and cluster/kind/up.
write_registry_config() {
  cat >"$STATE/registry.yml" <<EOF
# Local registry: the cluster's docker.io (and registry.k8s.io) mirror.
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $CACHE/registry}
  delete: {enabled: true}
http:
  addr: $REGISTRY_ADDR
EOF
}

# containerd's hosts.toml for every registry name, into DIR: the local registry only, no
# fallback to the real one, so nothing is ever pulled from outside.
write_registry_hosts() {
  local dir=$1 reg
  for reg in docker.io registry.k8s.io _default; do
    mkdir -p "$dir/$reg"
    cat >"$dir/$reg/hosts.toml" <<EOF
server = "http://$REGISTRY_ADDR"
[host."http://$REGISTRY_ADDR"]
  capabilities = ["pull", "resolve"]
  skip_verify = true
EOF
  done
}

write_configs() {
  write_registry_config

  write_registry_hosts "$STATE/containerd/certs.d"
  cat >"$STATE/containerd/config.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$RUN_DIR/containerd"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.10"
  enable_cdi = false
  # This host does not let processes lower their OOM score (no CAP_SYS_RESOURCE):
  # keep the score containerd asks for at or above containerd's own.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        # cgroup v1 host without systemd as PID 1: cgroupfs driver.
        SystemdCgroup = false
        Root = "$RUNC_ROOT"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$STATE/containerd/certs.d"
EOF

  # Pods get an address on the bridge and NO default route: they can reach the
  # node's bridge address (git server) and each other, and nothing else.
  cat >"$STATE/cni/net.d/10-workshop.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "workshop",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$BRIDGE_IP"}]],
        "dataDir": "$STATE/cni/ipam"
      }
    }
  ]
}
EOF

  # Pods resolve no names: the only nameserver is the pod's own loopback, where
  # nothing listens, so a look-up fails at once and sends nothing out.
  printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$STATE/resolv.conf"

  cat >"$STATE/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $BRIDGE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $STATE/pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $STATE/pki/kubelet.crt
tlsPrivateKeyFile: $STATE/pki/kubelet.key
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
# Debian's containerd 1.6 cannot report its cgroup driver; cgroup v1, no systemd.
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
resolvConf: $STATE/resolv.conf
podLogsDir: $STATE/pod-logs
# ConfigMap/Secret changes reach running pods within seconds (the tutorial's
# "wait a minute" step), instead of the default sync period of a minute.
syncFrequency: 5s
configMapAndSecretChangeDetectionStrategy: Watch
serializeImagePulls: false
# No iptables chains of the kubelet's own: teardown leaves iptables untouched.
makeIPTablesUtilChains: false
evictionHard:
  memory.available: 200Mi
  nodefs.available: 5%
  imagefs.available: 5%
  nodefs.inodesFree: 2%
imageGCHighThresholdPercent: 95
imageGCLowThresholdPercent: 90
EOF
}
