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
python -m pytest "$@"
