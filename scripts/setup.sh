#!/usr/bin/env bash
# Installs everything presslens needs on Debian 12 / Python 3.10+, then builds and installs
# presslens itself. Sourced by demo.sh and test.sh; safe to run again (only what is missing
# is installed). Uses the active virtual environment, or creates ./.venv.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Installs the Debian packages given that are not installed yet (with sudo when not root).
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# 1. System packages: the C++ libraries (headers only) and the formatter.
apt_install g++ libeigen3-dev nlohmann-json3-dev libgtest-dev clang-format
# Headless Chromium for the report's browser test (tests/python/test_report_browser.py,
# skipped without it); a failed install only skips that test.
apt_install chromium || echo "setup: chromium not installed; the browser test will be skipped"

# 2. Python environment.
if [ -z "${VIRTUAL_ENV:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  # shellcheck disable=SC1091
  source .venv/bin/activate
fi
python -m pip install -q --upgrade pip
python -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.11" "cmake>=3.20" ninja

# 3. presslens, built in build/py (incremental on re-runs), with its test extras.
echo "setup: building presslens (C++ core + extension)"
python -m pip install -q --no-build-isolation -Cbuild-dir=build/py ".[test,plot]"

# 4. Hardening (scripts/test.sh, scripts/fuzz.sh): clang with libFuzzer and its sanitizer
#    runtimes, for the fuzz targets in tests/fuzz.
apt_install clang libclang-rt-14-dev
