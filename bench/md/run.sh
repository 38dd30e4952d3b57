#!/bin/bash
# Overhead of `glassml stiffness` against plain LAMMPS (`lmp`) running the same protocol on the
# same sample: the reference input ../shared/data/cuzr2000-q1e13/msd.lmp (NPT 4 ps, NVT 1 ps,
# NVT 20 ps window with per-atom moments every 10 steps) at one temperature, both with the OPT
# pair kernel (eam/fs/opt; `lmp -sf opt`), alternating the two programs so they share the
# machine's load, with 1 and 2 MPI ranks. Also times plain eam/fs vs eam/fs/opt in lmp.
#
# usage: bench/md/run.sh [BUILD_DIR=build] [T=300] [REPEATS=1]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
T=${2:-300}
reps=${3:-1}
glassml=$(cd "$build" && pwd)/src/cli/glassml
data=$(cd "$here/../../../shared/data/cuzr2000-q1e13" && pwd)
sample=$data/s1.data
work=$(mktemp -d /tmp/glassml_bench_md.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMP_NUM_THREADS=1

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

run_lmp() {  # ranks, extra lmp args
  local np=$1; shift
  (cd "$work" && seconds mpirun -np "$np" lmp "$@" -in "$data/msd.lmp" -log "$work/lmp.log" -screen none \
    -var in "$sample" -var T "$T" -var seed 4321 -var nmeas 10000 -var out "$work/lmp.dump")
}
run_glassml() {  # ranks
  (cd "$work" && seconds mpirun -np "$1" "$glassml" --quiet stiffness "$sample" -o "$work/g.dump" \
    --temperatures "$T" --tau 20 --seed 4321)
}

echo "# glassml stiffness vs plain lmp (msd.lmp), s1.data (2,000 atoms), T = $T K, 12,500 steps; wall seconds"
printf "%-6s %-4s %12s %12s %8s\n" ranks rep lmp_opt_s glassml_s ratio
for np in 1 2; do
  for r in $(seq 1 "$reps"); do
    a=$(run_lmp "$np" -sf opt)
    b=$(run_glassml "$np")
    printf "%-6s %-4s %12.2f %12.2f %8.4f\n" "$np" "$r" "$a" "$b" "$(echo "$b / $a" | bc -l)"
  done
done
echo "# pair style in plain lmp, 1 rank: eam/fs vs eam/fs/opt"
p=$(run_lmp 1)
o=$(run_lmp 1 -sf opt)
printf "eam/fs %.2f s, eam/fs/opt %.2f s, speed-up %.3f\n" "$p" "$o" "$(echo "$p / $o" | bc -l)"
