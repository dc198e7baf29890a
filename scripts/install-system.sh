#!/usr/bin/env bash
# Debian packages the tests drive for real: Chromium (what a reader sees), QGIS
# (what GIS staff get), GDAL's Python utilities (the GeoPackage validator), Node (the
# front end's unit tests) and iproute2 (the tests' loopback-only network namespace).
# Installs only what is missing, so a second run costs nothing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)  # the front end's unit tests (node --test)
command -v ip >/dev/null 2>&1 || need+=(iproute2)  # the tests' loopback-only namespace
/usr/bin/python3 -c "import qgis.core" >/dev/null 2>&1 || need+=(qgis python3-qgis)
# GDAL's own GeoPackage validator (osgeo_utils.samples.validate_gpkg).
/usr/bin/python3 -c "import osgeo_utils.samples.validate_gpkg" >/dev/null 2>&1 || need+=(python3-gdal)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${need[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}"
