# shellcheck shell=bash
# OCI images packed from a root filesystem made on this machine: the one way both the stand-in
# images (images/build-images) and the images the kind node preloads (kind/build-node-image)
# are made. umoci needs no daemon and no registry; amd64/linux, Docker's default PATH.
# Part of both recipes: a change here rebuilds both.

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
