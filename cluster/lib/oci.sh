# shellcheck shell=bash disable=SC2034 # SUITE, MIRROR: for the scripts that source it
# OCI images packed from a root filesystem made on this machine: the one way both the stand-in
# images (images/build-images) and the images the kind node preloads (kind/build-node-image)
# are made. umoci needs no daemon and no registry; amd64/linux, Docker's default PATH.
# Part of both recipes: a change here rebuilds both.

# The Debian release and mirror every image is made of (DEBIAN_MIRROR: a mirror of one's own).
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# debootstrap_root ROOT LOG [PACKAGES]: Debian $SUITE minbase (plus PACKAGES, comma-separated) in
# ROOT from $MIRROR, every signature checked against Debian's archive keyring; the log in LOG,
# whose tail is shown when it fails.
debootstrap_root() {
  local root=$1 log_file=$2 packages=${3:-}
  debootstrap --variant=minbase --force-check-gpg --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    --cache-dir="$IMAGE_CACHE/debs" ${packages:+--include="$packages"} "$SUITE" "$root" "$MIRROR" >"$log_file" 2>&1 \
    || { tail -20 "$log_file" >&2; die "debootstrap of $SUITE${packages:+ + $packages} failed (log: $log_file)"; }
}

# oci_pack LAYOUT ROOTFS AUTHOR [umoci config flags...]: the image LAYOUT:img
oci_pack() {
  local layout=$1 root=$2 author=$3; shift 3
  umoci init --layout "$layout"
  umoci new --image "$layout:img"
  umoci insert --image "$layout:img" "$root" / >/dev/null
  umoci config --image "$layout:img" "$@" --architecture amd64 --os linux \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --author "$author"
  umoci gc --layout "$layout"
}
