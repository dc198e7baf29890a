#!/usr/bin/env bash
# Regenerate the locks from pyproject.toml (run after changing a dependency; commit both).
# uv resolves for every platform at once and records each file's hash.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q "uv>=0.5"
opts=(--universal --python-version 3.11 --generate-hashes --quiet)
python3 -m uv pip compile pyproject.toml requirements/build.in "${opts[@]}" \
    --custom-compile-command "bash scripts/lock.sh" -o requirements/runtime.lock
python3 -m uv pip compile pyproject.toml requirements/build.in --extra test "${opts[@]}" \
    --custom-compile-command "bash scripts/lock.sh" -o requirements/test.lock
