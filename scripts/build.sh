#!/usr/bin/env bash
# The README's first command: install the locked runtime into .venv, then build the map.
# Arguments go to `geo build` (e.g. --self-contained, --base-url URL).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh
use_locked_venv requirements/runtime.lock
geo build "$@"
