#!/usr/bin/env bash
# The README's second command, and what CI runs: install what the tests need (Debian's
# Chromium and QGIS, the locked Python packages), then lint, type-check and test.
# Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
. scripts/_venv.sh
use_locked_venv requirements/test.lock
python -m ruff check geo tests scripts
python -m ruff format --check geo tests scripts
python -m mypy
node --test tests/js/
# The tests get no network but the loopback: a network namespace of their own where the
# system allows one (root, or user namespaces), so a browser or QGIS they start is cut off
# too. Elsewhere the in-process guard of tests/conftest.py still blocks Python's sockets.
if command -v ip >/dev/null && unshare --net true 2>/dev/null; then
    exec unshare --net sh -c 'ip link set lo up && exec python -m pytest "$@"' pytest "$@"
elif command -v ip >/dev/null && unshare --map-root-user --net true 2>/dev/null; then
    exec unshare --map-root-user --net sh -c 'ip link set lo up && exec python -m pytest "$@"' pytest "$@"
fi
echo "note: no network namespace here; only Python's own sockets are blocked" >&2
python -m pytest "$@"
