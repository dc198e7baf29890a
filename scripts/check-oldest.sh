#!/usr/bin/env bash
# Non-blocking check that pyproject.toml's lower bounds are honest: the suite against the
# OLDEST release of every direct dependency its ranges allow (uv --resolution
# lowest-direct), in a throw-away virtual environment. CI does not run it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
python3 -m pip install -q "uv>=0.5"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m uv pip compile pyproject.toml requirements/build.in --extra test \
    --resolution lowest-direct --python-version 3.11 --quiet -o "$work/oldest.txt"
python3 -m venv "$work/venv"
# shellcheck disable=SC1091
. "$work/venv/bin/activate"
python -m pip install -q -r "$work/oldest.txt"
python -m pip install -q --no-deps --no-build-isolation -e .
python -m pip list --format=freeze | sed 's/^/  /'
# Lint tools at their oldest disagree with today's code style; the behaviour is what counts.
python -m pytest "$@"
