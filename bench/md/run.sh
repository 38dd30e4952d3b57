#!/bin/bash
# Overhead of `glassml stiffness` against plain LAMMPS (`lmp`) running the same protocol on the
# same sample: the reference input ../shared/data/cuzr2000-q1e13/msd.lmp (NPT 4 ps, NVT 1 ps,
# NVT 20 ps window with per-atom moments every 10 steps) at one temperature, both with the
# plain eam/fs kernel (glassml's default: Debian's eam/fs/opt is slower), alternating the two
# programs so they share the machine's load, with 1 and 2 MPI ranks. Also times plain eam/fs
# vs eam/fs/opt in lmp.
#
# Prints wall and CPU (user+sys) seconds: on a shared machine the CPU time is the steadier.
#
# usage: bench/md/run.sh [BUILD_DIR=build] [T=300] [REPEATS=1] [TAU_PS=20]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
T=${2:-300}
reps=${3:-1}
tau=${4:-20}
nmeas=$(echo "$tau / 0.002" | bc)
glassml=$(cd "$build" && pwd)/src/cli/glassml
data=$(cd "$here/../../../shared/data/cuzr2000-q1e13" && pwd)
sample=$data/s1.data
work=$(mktemp -d /tmp/glassml_bench_md.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMP_NUM_THREADS=1

# "wall cpu" seconds of a command (CPU of all its processes: mpirun waits for its ranks).
seconds() {
  /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work/time.txt"
}

run_lmp() {  # ranks, extra lmp args
  local np=$1; shift
  (cd "$work" && seconds mpirun -np "$np" lmp "$@" -in "$data/msd.lmp" -log "$work/lmp.log" -screen none \
    -var in "$sample" -var T "$T" -var seed 4321 -var nmeas $nmeas -var out "$work/lmp.dump")
}
run_glassml() {  # ranks
  (cd "$work" && seconds mpirun -np "$1" "$glassml" --quiet stiffness "$sample" -o "$work/g.dump" \
    --temperatures "$T" --tau "$tau" --seed 4321)
}

echo "# glassml stiffness vs plain lmp (msd.lmp), s1.data (2,000 atoms), T = $T K, tau = $tau ps ($((2500 + nmeas)) steps)"
printf "%-5s %-3s %10s %10s %10s %10s %8s %8s\n" ranks rep lmp_wall_s glm_wall_s lmp_cpu_s glm_cpu_s wall_ratio cpu_ratio
for np in 1 2; do
  for r in $(seq 1 "$reps"); do
    if [ $((r % 2)) = 1 ]; then a=$(run_lmp "$np"); b=$(run_glassml "$np");
    else b=$(run_glassml "$np"); a=$(run_lmp "$np"); fi
    read -r aw ac <<< "$a"; read -r bw bc_ <<< "$b"
    printf "%-5s %-3s %10.2f %10.2f %10.2f %10.2f %8.4f %8.4f\n" "$np" "$r" "$aw" "$bw" "$ac" "$bc_" \
      "$(echo "$bw / $aw" | bc -l)" "$(echo "$bc_ / $ac" | bc -l)"
  done
done
echo "# pair style in plain lmp, 1 rank: eam/fs vs eam/fs/opt (wall, cpu)"
read -r pw pc <<< "$(run_lmp 1)"
read -r ow oc <<< "$(run_lmp 1 -sf opt)"
printf "eam/fs %.2f s (cpu %.2f), eam/fs/opt %.2f s (cpu %.2f), speed-up wall %.3f cpu %.3f\n" "$pw" "$pc" "$ow" "$oc" \
  "$(echo "$pw / $ow" | bc -l)" "$(echo "$pc / $oc" | bc -l)"
