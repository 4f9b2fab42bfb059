# Stand-in images: name in the registry, Debian packages, entrypoint/cmd, and
# what sh is. Sourced by build-images. Each behaves like the original only
# where the tutorial depends on it (see cluster/README.md).
# shellcheck shell=bash disable=SC2034 # its variables are for the scripts that source it

# name|registry path|extra Debian packages (comma separated)|entrypoint JSON|cmd JSON|sh
STANDINS=(
  # rockylinux:8 — its sh is bash (the tutorial uses `let`); no git, no python.
  "rockylinux-8|library/rockylinux:8|procps|[]|[\"/bin/bash\"]|bash"
  # cicirello/pyaction:latest — python3 and git.
  "pyaction|cicirello/pyaction:latest|python3,git|[]|[\"/bin/bash\"]|dash"
  # tensorflow/tensorflow:2.13.0 — python (and python3), no git.
  "tensorflow|tensorflow/tensorflow:2.13.0|python3,python-is-python3|[]|[\"/bin/bash\"]|dash"
  # alpine/git — entrypoint is git.
  "alpine-git|alpine/git:latest|git|[\"git\"]|[\"--help\"]|dash"
)
