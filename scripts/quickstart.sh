#!/usr/bin/env bash
# Installs what glassml needs, builds it, and runs the quick study (examples/quick.toml): samples,
# stiffness labels, cross-validated network, predictions, ARTn activation and the report, in a few
# minutes on 2 cores (see README, "Quick start" and "Running a study"). Results go to out/quick/,
# the report to out/quick/report/. Rerunning continues where a stopped run ended.
#
#   bash scripts/quickstart.sh [OUT_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}  # MD jobs run in parallel processes beside OpenMP loops
exec "$root/build/src/cli/glassml" run "$root/examples/quick.toml" -j "$(nproc)" --out "${1:-$root/out/quick}"
