#!/usr/bin/env bash
# Sets everything up and runs the main job on the bundled sample corpus: a report of every
# analysis written to ./presslens-report (summary printed), ending with the path of the
# report page to open in a browser.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC1091
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
# The summary, ending with "open in a browser:" and the path of presslens-report/index.html.
presslens report --sample --out presslens-report
