#!/usr/bin/env bash
# Debian packages the tests drive for real: Chromium (what a reader sees) and QGIS
# (what GIS staff get), and Node for the front end's unit tests. Installs only what is missing, so a second run costs nothing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)  # the front end's unit tests (node --test)
/usr/bin/python3 -c "import qgis.core" >/dev/null 2>&1 || need+=(qgis python3-qgis)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${need[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}"
