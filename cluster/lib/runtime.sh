# Helpers for the host services of cluster/kind/up (the registry, the git server: processes
# with a pid file and a log in $STATE) and what they serve. Source after common.sh.
# shellcheck shell=bash

RUN_DIR=$STATE/run

pid_of() { local f=$RUN_DIR/$1.pid; [[ -f $f ]] && cat "$f"; }
alive() { local p; p=$(pid_of "$1") && [[ -n $p ]] && kill -0 "$p" 2>/dev/null; }

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
  log "cleaning up (run cluster/kind/up again once fixed)"
  trap - INT TERM EXIT
  "$CLUSTER_DIR/kind/down" >&2 || true
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

cvmfs_recipe() { { cat "$CLUSTER_DIR/cvmfs/build-tree"; git --version; } | sha256sum | cut -c1-16; }

new_git_credentials() {
  # Fresh test credentials for the private repository on every bring-up.
  local token
  token=$(python3 -c 'import secrets; print("wst_" + secrets.token_hex(20))')
  umask 077
  printf 'GIT_USER=workshop-%s\nGIT_TOKEN=%s\n' "$(python3 -c 'import secrets; print(secrets.token_hex(3))')" "$token" >"$STATE/git-credentials.env"
  umask 022
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

# The local registry: the docker.io (and registry.k8s.io) mirror serving the stand-in images.
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
