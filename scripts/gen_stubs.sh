#!/usr/bin/env bash
# Generates the type stubs of the extension module, python/presslens/_core.pyi, from the
# installed presslens._core with pybind11-stubgen (pinned in the test extras), formatted with
# the repository's ruff (pinned too), so the same build gives the same file byte for byte.
#
#   bash scripts/gen_stubs.sh           rewrite python/presslens/_core.pyi (then commit it)
#   bash scripts/gen_stubs.sh --check   fail if the committed file differs (scripts/test.sh)
#
# Needs presslens installed in the active environment (scripts/setup.sh does that): the
# stubs describe the compiled module, not the sources, so rebuild after editing bindings/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMITTED="$ROOT/python/presslens/_core.pyi"
CHECK=0
case "${1:-}" in
  "") ;;
  --check) CHECK=1 ;;
  *) echo "usage: bash scripts/gen_stubs.sh [--check]" >&2; exit 2 ;;
esac

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"  # import the installed package, not python/presslens
python -m pybind11_stubgen presslens._core --exit-code -o "$TMP/out" >"$TMP/stubgen.log" 2>&1 || {
  cat "$TMP/stubgen.log" >&2
  echo "gen_stubs: pybind11-stubgen failed on the installed presslens._core" >&2
  exit 1
}
STUB="$TMP/out/presslens/_core.pyi"
# The version is set in CMakeLists.txt only: the stub gives its type, not a second copy.
sed -i -E 's/^__version__: str = .*$/__version__: str/' "$STUB"
ruff format -q --config "$ROOT/pyproject.toml" "$STUB"
ruff check -q --fix --config "$ROOT/pyproject.toml" "$STUB"
ruff format -q --config "$ROOT/pyproject.toml" "$STUB"

if [ "$CHECK" = 1 ]; then
  if ! diff -u --label "committed python/presslens/_core.pyi" --label "generated from the build" \
      "$COMMITTED" "$STUB"; then
    echo "gen_stubs: python/presslens/_core.pyi is stale (it differs from the stubs of the" >&2
    echo "  installed presslens._core, above). Run 'bash scripts/gen_stubs.sh' and commit it." >&2
    exit 1
  fi
  echo "gen_stubs: python/presslens/_core.pyi matches the installed presslens._core"
else
  cp "$STUB" "$COMMITTED"
  echo "gen_stubs: wrote python/presslens/_core.pyi"
fi
