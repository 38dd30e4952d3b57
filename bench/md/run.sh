#!/bin/bash
# Overhead of glassml's MD against plain LAMMPS (`lmp`) running the same protocol:
#  - stiffness: the reference input ../shared/data/cuzr2000-q1e13/msd.lmp (velocities at 2T,
#    NPT 4 ps, NVT 1 ps, NVT window τ with per-atom moments every 10 steps) on s1.data against
#    `glassml stiffness s1.data --temperatures T --tau τ` (which also writes its restart files);
#  - quench: the reference input sample.lmp (2,000 atoms; 3000 K 10 ps, 2000 K 10 ps, quench at
#    RATE, CG minimization) against `glassml quench -n 2000 --rate RATE` (same stages).
# Both sides use the same pair kernel (plain eam/fs, glassml's default). The two programs run
# alternately (lmp first in odd repeats, glassml first in even ones) so that they share the
# machine's load, and the figure is CPU time (user+sys): steadier than wall time on a shared
# machine. Prints each pair and the median ratio glassml/lmp per protocol.
#
# usage: bench/md/run.sh [BUILD_DIR=build] [T=300] [REPEATS=3] [TAU_PS=4] [RATE=1e14 (0: no quench)] [RANKS=1]
# On a quiet machine, the figures of docs/BENCHMARKS.md: bench/md/run.sh build 300 3 20 1e14 1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
T=${2:-300}
reps=${3:-3}
tau=${4:-4}
rate=${5:-1e14}
np=${6:-1}
nmeas=$(awk -v t="$tau" 'BEGIN { printf "%d", t / 0.002 + 0.5 }')
glassml=$(cd "$build" && pwd)/src/cli/glassml
data=$(cd "$here/../../../shared/data/cuzr2000-q1e13" && pwd)
sample=$data/s1.data
work=$(mktemp -d /tmp/glassml_bench_md.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
launch=()
[ "$np" -gt 1 ] && launch=(mpirun -np "$np")

# CPU seconds (user+sys of the command and its children) of a command run in $work.
cpu() {
  (cd "$work" && /usr/bin/time -f "%U %S" -o "$work/time.txt" "${launch[@]}" "$@" > "$work/out.txt" 2>&1) ||
    { echo "failed: $*" >&2; tail -5 "$work/out.txt" >&2; exit 1; }
  awk '{ printf "%.2f", $1 + $2 }' "$work/time.txt"
}
lmp_stiffness() { cpu lmp -in "$data/msd.lmp" -log lmp.log -screen none -var in "$sample" -var T "$T" -var seed 4321 \
                    -var nmeas "$nmeas" -var out lmp.dump; }
glassml_stiffness() { cpu "$glassml" --quiet stiffness "$sample" -o g.dump --temperatures "$T" --tau "$tau" --seed 4321; }
lmp_quench() { cpu lmp -in "$data/sample.lmp" -log lmp_q.log -screen none -var seed 11 -var rate "$rate" -var out lmp_q; }
glassml_quench() { cpu "$glassml" --quiet quench -o g_q.data -n 2000 --rate "$rate" --seed 11; }

# Force evaluations of the minimization in a LAMMPS log ("Iterations, force evaluations = I F").
min_evals() { awk '/Iterations, force evaluations/ { n = $NF } END { print n + 0 }' "$work/$1"; }

# Runs REPEATS interleaved pairs of `lmp_$1` and `glassml_$1`; prints them and the median ratio.
# The quench's CG minimization takes a different number of force evaluations on each side (its
# own glass): there the ratio is of CPU time per force evaluation (MD steps + CG evaluations).
compare() {
  local what=$1 ratios=() a b ea eb steps=0
  [ "$what" = quench ] && steps=$(awk -v r="$rate" 'BEGIN { printf "%d", 10000 + int(1950 / (r * 1e-12) / 0.002 + 0.5) }')
  printf "%-9s %-3s %10s %12s %10s %12s %8s\n" protocol rep lmp_cpu_s glassml_cpu_s lmp_evals glassml_evals ratio
  for r in $(seq 1 "$reps"); do
    if [ $((r % 2)) = 1 ]; then a=$("lmp_$what"); b=$("glassml_$what"); else b=$("glassml_$what"); a=$("lmp_$what"); fi
    ea=1 eb=1
    if [ "$what" = quench ]; then ea=$((steps + $(min_evals lmp_q.log))); eb=$((steps + $(min_evals g_q.lammps.log))); fi
    ratios+=("$(awk -v a="$a" -v b="$b" -v ea="$ea" -v eb="$eb" 'BEGIN { printf "%.4f", (b / eb) / (a / ea) }')")
    printf "%-9s %-3s %10s %12s %10s %12s %8s\n" "$what" "$r" "$a" "$b" "$ea" "$eb" "${ratios[-1]}"
  done
  printf "%s\n" "${ratios[@]}" | sort -n | awk -v w="$what" '{ a[NR] = $1 }
    END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
          printf "%s: median CPU ratio glassml/lmp %.4f (overhead %+.1f %%)\n", w, m, 100 * (m - 1) }'
}

echo "# glassml vs plain lmp ($(lmp -h | awk '/^Large-scale/ { print; exit }')), $np rank(s), $reps repeats"
echo "# stiffness: s1.data (2,000 atoms), T = $T K, tau = $tau ps ($((2500 + nmeas)) steps)"
compare stiffness
if [ "$rate" != 0 ]; then
  echo "# quench: 2,000 atoms Cu50Zr50, 3000 K 10 ps, 2000 K 10 ps, 2000 -> 50 K at $rate K/s, CG"
  compare quench
fi
