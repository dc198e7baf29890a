#!/usr/bin/env bash
# The README's test command, and what CI runs: install everything, lint, type-check, test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
python3 -m pip install -q -e '.[test]'
python3 -m ruff check geo tests scripts
python3 -m ruff format --check geo tests scripts
python3 -m mypy
python3 -m pytest "$@"
