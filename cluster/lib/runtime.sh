# Helpers for the host services of cluster/kind/up (the registry, the git server: processes
# with a pid file and a log in $STATE) and what they serve. Source after common.sh.
# shellcheck shell=bash

RUN_DIR=$STATE/run

# The host services are Debian's start-stop-daemon's: it writes the pid file, detaches the
# process into its own session with its log, and signals a pid file's process only when that
# process still runs the program it started (a pid file that outlived a reboot names another
# process: it is left alone). The program's path is kept beside the pid file.

# start NAME PROGRAM ARGS...: PROGRAM (an absolute path) as a daemon, logging to $STATE/logs/NAME.log.
start() {
  local name=$1 exe=$2; shift 2
  log "starting $name"
  echo "$exe" >"$RUN_DIR/$name.exe"
  # 9>&-: the daemons must not inherit (and so keep holding) the up/down lock.
  start-stop-daemon --start --background --make-pidfile --pidfile "$RUN_DIR/$name.pid" \
    --output "$STATE/logs/$name.log" --exec "$exe" -- "$@" </dev/null 9>&-
}

# alive NAME: the service's pid file names a process that runs its program.
alive() {
  [[ -f $RUN_DIR/$1.pid && -f $RUN_DIR/$1.exe ]] || return 1
  start-stop-daemon --status --pidfile "$RUN_DIR/$1.pid" --exec "$(cat "$RUN_DIR/$1.exe")"
}

# stop NAME [SECONDS]: TERM, then KILL after SECONDS (default 5), only if the pid file's process
# runs the service's program; the pid file goes either way. Harmless when it is not running.
stop() {
  local name=$1 grace=${2:-5} pidfile=$RUN_DIR/$1.pid exe
  [[ -f $pidfile ]] || return 0
  exe=$(cat "$RUN_DIR/$name.exe" 2>/dev/null) || exe=""
  if [[ -n $exe ]] && start-stop-daemon --stop --quiet --pidfile "$pidfile" --exec "$exe" \
      --retry "TERM/$grace/KILL/5" --remove-pidfile; then
    log "  stopped $name"
  fi
  rm -f "$pidfile" "$RUN_DIR/$name.exe"
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

# push_images ADDR: every stand-in image into the registry at ADDR, unless the registry already
# holds that very image: the digest of its manifest there is compared with the one built here,
# so an image changed in the registry's store (it outlives kind/down in the cache) is replaced.
push_images() {
  local addr=$1 d ref want have
  for d in "$IMAGE_CACHE"/oci/*/; do
    ref=$(cat "$d/.ref")
    want=sha256:$(skopeo inspect --raw "oci:$d:img" | sha256sum | cut -d' ' -f1)
    have=$(curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
      "http://$addr/v2/${ref%:*}/manifests/${ref##*:}" 2>/dev/null | tr -d '\r' \
      | awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}')
    [[ $have == "$want" ]] && continue
    log "pushing stand-in image $ref to the local registry${have:+ (it held another image under that name: $have)}"
    skopeo --insecure-policy copy -q --preserve-digests --dest-tls-verify=false "oci:$d:img" "docker://$addr/$ref" >&2
  done
}

# write_registry_config FILE ADDR READONLY: the local registry, the docker.io (and
# registry.k8s.io) mirror of the stand-in images. kind/up fills it through a writable one on
# loopback, then serves it read-only to the nodes: no pod can push or delete an image.
write_registry_config() {
  cat >"$1" <<EOF
# Local registry: the cluster's docker.io (and registry.k8s.io) mirror.
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $CACHE/registry}
  maintenance:
    readonly: {enabled: $3}
http:
  addr: $2
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
