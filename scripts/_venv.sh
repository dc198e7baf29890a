# Sourced by build.sh and test.sh: enter a virtual environment and install a lock into it.
# Uses the active one if there is one, else ./.venv (created on first use), so the
# commands never touch the system's Python. Installs exactly the locked files (hashes
# checked), then the project itself without resolving anything.
use_locked_venv() {
    local lock=$1
    if [ -z "${VIRTUAL_ENV:-}" ]; then
        [ -x .venv/bin/python ] || python3 -m venv .venv
        # shellcheck disable=SC1091
        . .venv/bin/activate
    fi
    python -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
    python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
}
