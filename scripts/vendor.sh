#!/usr/bin/env bash
# Fetch the vendored front-end libraries: the exact files of a published release from
# the npm registry, checked against the registry's integrity hash, with their licence
# and version written beside them. Rerun to verify or update (change the pins below).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=geo/assets/vendor

# name version file-in-package sha512-integrity (from `npm view NAME@VERSION dist.integrity`)
packages=(
  "supercluster 9.1.0 dist/supercluster.min.js sha512-WMhsJPm8Tf9f5mKxJ1D0mB5tbCMOFi8wTrm/LGnsJHGg8xkeNT/TWDZuFauOGRISnclbYgnxD7g3xJAfQO3FLg=="
)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dest"
for entry in "${packages[@]}"; do
  read -r name version file integrity <<<"$entry"
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  tarball="$tmp/$name-$version.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$got" != "$integrity" ]; then
    echo "$name@$version: integrity mismatch ($got)" >&2
    exit 1
  fi
  mkdir -p "$tmp/$name"
  tar -xzf "$tarball" -C "$tmp/$name"
  cp "$tmp/$name/package/$file" "$dest/$(basename "$file")"
  cp "$tmp/$name/package/LICENSE" "$dest/$name.LICENSE"
  printf '%s %s %s %s\n' "$name" "$version" "$file" "$integrity" >"$dest/$name.VERSION"
  echo "vendored $name@$version ($file)"
done
