#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cpp) with clang, ASan and UBSan in
# build/fuzz, replays the kept inputs (tests/fuzz/corpus/<target>, tests/fuzz/regressions/
# <target>), then fuzzes each target for SECONDS (default 300).
#
#   bash scripts/fuzz.sh            # 5 minutes per target
#   bash scripts/fuzz.sh 8          # the short round of scripts/test.sh
#   bash scripts/fuzz.sh 3600 fuzz_corpus fuzz_segment   # an hour on two targets
#   bash scripts/fuzz.sh 0          # replay only
#
# New coverage-increasing inputs go to build/fuzz/work/<target> (not committed; merge the
# useful ones into tests/fuzz/corpus/<target> with `-merge=1`; fuzz_large's is emptied at the
# start of each round). A failure leaves its input in build/fuzz/artifacts/<target>/; once
# fixed, copy it to tests/fuzz/regressions/<target>/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_PER_TARGET="${1:-300}"
shift || true
JOBS="${PRESSLENS_JOBS:-2}"

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is needed (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPRESSLENS_BUILD_FUZZERS=ON -DPRESSLENS_BUILD_PYTHON=OFF -DPRESSLENS_WERROR=ON >/dev/null
mapfile -t TARGETS < <(find tests/fuzz -maxdepth 1 -name 'fuzz_*.cpp' -exec basename {} .cpp \; | sort)
[ $# -gt 0 ] && TARGETS=("$@")
cmake --build build/fuzz -j "$JOBS" --target "${TARGETS[@]}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
status=0
for t in "${TARGETS[@]}"; do
  seeds="tests/fuzz/corpus/$t"
  regressions="tests/fuzz/regressions/$t"
  work="build/fuzz/work/$t"
  artifacts="build/fuzz/artifacts/$t/"
  # fuzz_large runs every analysis on up to 1 MB per input (1-3 s under ASan) and nearly every
  # input adds coverage; libFuzzer runs its whole work folder before fuzzing, so that folder
  # would make every later round longer: it starts empty each round.
  [ "$t" = fuzz_large ] && rm -rf "$work"
  mkdir -p "$seeds" "$regressions" "$work" "$artifacts"
  n_kept=$(find "$seeds" "$regressions" -type f | wc -l)
  log="build/fuzz/$t.log"
  # Replay every kept input once (a fixed bug must stay fixed).
  if ! "build/fuzz/$t" -runs=0 -artifact_prefix="$artifacts" "$seeds" "$regressions" \
    >"$log" 2>&1; then
    echo "fuzz: $t FAILED replaying its kept inputs; see $log" >&2
    tail -30 "$log" >&2
    status=1
    continue
  fi
  if [ "$SECONDS_PER_TARGET" -gt 0 ]; then
    if ! "build/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -max_len=8192 -timeout=20 \
      -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$artifacts" \
      "$work" "$seeds" "$regressions" >>"$log" 2>&1; then
      echo "fuzz: $t FAILED; input saved in $artifacts; see $log" >&2
      grep -E "invariant violated|ERROR: |runtime error" "$log" | head -5 >&2 || true
      status=1
      continue
    fi
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  echo "fuzz: $t ok ($n_kept kept inputs replayed, ${runs:-0} runs in ${SECONDS_PER_TARGET}s)"
done
exit $status
