#!/usr/bin/env bash
# Makes the debian:bookworm-slim base image on hosts that cannot pull from a registry:
# a minimal Debian root built with debootstrap from Debian's own mirror, imported into the engine.
# Does nothing when the image is already there.
set -euo pipefail
image=${1:-debian:bookworm-slim}
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image already present"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
rm -f "$root.log"
# Drop apt caches and docs the way the official slim image does, to keep layers small.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
tar -C "$root" -c . | docker import - "$image" >/dev/null
echo "base image $image imported"
