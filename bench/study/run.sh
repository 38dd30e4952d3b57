#!/usr/bin/env bash
# The quick study from scratch (examples/quick.toml, -j 2), timed: wall clock of the whole run,
# user + system CPU of the runner and all its jobs, and the CPU time of each job from the
# runner's journal. The target (issue 8): <= 10 min wall on 2 cores, ~14 CPU-min at most.
#
#   bench/study/run.sh [OUT_DIR]          (default: a fresh temporary directory, removed after)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
glassml="$root/build/src/cli/glassml"
[ -x "$glassml" ] || { echo "run.sh: build glassml first (scripts/setup.sh)" >&2; exit 1; }
out=${1:-$(mktemp -d)/quick}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=passive
start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$out.time" "$glassml" -q run "$root/examples/quick.toml" -j 2 --out "$out" > "$out.log"
end=$(date +%s.%N)
read -r user sys < "$out.time"
echo "quick study: wall $(echo "$end - $start" | bc) s, CPU $(echo "$user + $sys" | bc) s (user + sys, runner and jobs)"
echo "CPU seconds per job (journal):"
awk -F'\t' '$2 == "finished" { split($5, f, " "); cpu = f[4]; printf "  %-22s %8.1f\n", $3, cpu; total += cpu }
            END { printf "  %-22s %8.1f\n", "total", total }' "$out/journal.tsv"
[ -n "${1:-}" ] || rm -rf "$(dirname "$out")"
