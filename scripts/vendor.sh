#!/usr/bin/env bash
# Fetch the vendored front-end libraries: the exact files of a published release from
# the npm registry, checked against the registry's integrity hash, with their licence
# and version written beside them. Rerun to verify or update (change the pins below).
# geo/assets/vendor is shipped with the map; tests/vendor is used only by the browser
# tests (axe-core, the accessibility checker they inject into the page).
set -euo pipefail
cd "$(dirname "$0")/.."

# dest name version file-in-package licence-file sha512-integrity [saved-as]
# (the integrity from `npm view NAME@VERSION dist.integrity`; saved-as defaults to the
# file's own name)
packages=(
  "geo/assets/vendor supercluster 9.1.0 dist/supercluster.min.js LICENSE sha512-WMhsJPm8Tf9f5mKxJ1D0mB5tbCMOFi8wTrm/LGnsJHGg8xkeNT/TWDZuFauOGRISnclbYgnxD7g3xJAfQO3FLg=="
  "geo/assets/vendor minisearch 7.2.0 dist/umd/index.js LICENSE.txt sha512-dqT2XBYUOZOiC5t2HRnwADjhNS2cecp9u+TJRiJ1Qp/f5qjkeT5APcGPjHw+bz89Ms8Jp+cG4AlE+QZ/QnDglg== minisearch.js"
  "tests/vendor axe-core 4.14.1 axe.min.js LICENSE sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for entry in "${packages[@]}"; do
  read -r dest name version file licence integrity saved <<<"$entry"
  saved="${saved:-$(basename "$file")}"
  mkdir -p "$dest"
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  tarball="$tmp/$name-$version.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$got" != "$integrity" ]; then
    echo "$name@$version: integrity mismatch ($got)" >&2
    exit 1
  fi
  mkdir -p "$tmp/$name"
  tar -xzf "$tarball" -C "$tmp/$name"
  cp "$tmp/$name/package/$file" "$dest/$saved"
  cp "$tmp/$name/package/$licence" "$dest/$name.LICENSE"
  printf '%s %s %s %s\n' "$name" "$version" "$file" "$integrity" >"$dest/$name.VERSION"
  echo "vendored $name@$version ($file)"
done
