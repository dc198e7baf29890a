#!/usr/bin/env bash
# Non-blocking early warning: the suite against the newest releases of every dependency
# (ignoring the lock), in a throw-away virtual environment. A failure here means an
# upstream release will break us at the next `bash scripts/lock.sh`; CI does not run it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
# shellcheck disable=SC1091
. "$venv/bin/activate"
python -m pip install -q --upgrade pip
python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
python -m pip list --format=freeze | sed 's/^/  /'
python -m ruff check geo tests scripts
python -m mypy
python -m pytest "$@"
