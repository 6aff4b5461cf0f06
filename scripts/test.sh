#!/usr/bin/env bash
# Sets everything up and runs every test: formatting checks, the GoogleTest suite (ctest,
# warnings as errors), pytest (parity, seeds, hostile input, the notebooks executed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PRESSLENS_WERROR=ON
# shellcheck disable=SC1091
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

echo "== format: clang-format, ruff"
mapfile -t CXX_FILES < <(find cpp bindings tests/cpp benchmarks/cpp -name '*.cpp' -o -name '*.hpp' | sort)
clang-format --dry-run -Werror "${CXX_FILES[@]}"
ruff check .
ruff format --check .

echo "== C++: GoogleTest under ctest (the C++ benchmarks are compiled too, not run)"
cmake -S . -B build/tests -G Ninja -DCMAKE_BUILD_TYPE=Release -DPRESSLENS_BUILD_TESTS=ON \
  -DPRESSLENS_BUILD_BENCHMARKS=ON -DPRESSLENS_BUILD_PYTHON=OFF -DPRESSLENS_WERROR=ON >/dev/null
cmake --build build/tests -j "$(nproc)"
ctest --test-dir build/tests --output-on-failure -j "$(nproc)"

echo "== Python: _core.pyi against the installed _core, then pytest (notebooks included)"
bash "$ROOT/scripts/gen_stubs.sh" --check
cd "$ROOT/tests"  # import the installed package, not python/presslens
python -m pytest -c "$ROOT/pyproject.toml" --rootdir "$ROOT" "$ROOT/tests/python"

echo "== C++: GoogleTest under AddressSanitizer + UndefinedBehaviorSanitizer"
cd "$ROOT"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPRESSLENS_BUILD_TESTS=ON \
  -DPRESSLENS_BUILD_PYTHON=OFF -DPRESSLENS_SANITIZE=ON -DPRESSLENS_WERROR=ON >/dev/null
cmake --build build/asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build/asan --output-on-failure -j "$(nproc)"

echo "== fuzz: replay kept inputs, then a short round per target (scripts/fuzz.sh N for more)"
clang-format --dry-run -Werror tests/fuzz/*.cpp tests/fuzz/*.hpp
PRESSLENS_JOBS="$(nproc)" bash scripts/fuzz.sh "${PRESSLENS_FUZZ_SECONDS:-8}"
