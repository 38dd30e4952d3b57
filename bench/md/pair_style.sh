#!/bin/bash
# Pair kernel of Debian's LAMMPS: plain eam/fs against the OPT package's eam/fs/opt, on the same
# input (reference sample s1.data, 2,000 atoms, NVT at 300 K as in the stiffness protocol),
# alternating the two (ABBA order) so that they share the machine's load, several repeats.
# Measures CPU time (user+sys of the lmp process: steadier than wall time on a shared machine)
# and prints per repeat the ratio opt/plain, then the median ratio. (Forces agree to 1e-10 eV/A:
# tests/md/test_pair_kernels.cpp.)
#
# usage: bench/md/pair_style.sh [REPEATS=5] [STEPS=2000]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
reps=${1:-5}
steps=${2:-2000}
data=$(cd "$here/../../../shared/data/cuzr2000-q1e13" && pwd)
work=$(mktemp -d /tmp/glassml_bench_pair.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/in.lmp" <<'LMP'
units metal
atom_style atomic
atom_modify map array
boundary p p p
read_data ${in}
pair_style ${ps}
pair_coeff * * /usr/share/lammps/potentials/CuZr_mm.eam.fs Cu Zr
neighbor 1.0 bin
neigh_modify every 1 delay 0 check yes
timestep 0.002
thermo 1000
velocity all create 600 4321 dist gaussian mom yes rot yes
fix md all nvt temp 300 300 0.1
run ${n}
LMP
export OMP_NUM_THREADS=1
cpu() {  # CPU seconds of one lmp run with pair style $1
  /usr/bin/time -f "%U %S" -o "$work/t" lmp -in "$work/in.lmp" -var in "$data/s1.data" -var ps "$1" -var n "$steps" \
    -log "$work/log.$2" -screen none > /dev/null
  awk '{ printf "%.2f", $1 + $2 }' "$work/t"
}
echo "# eam/fs vs eam/fs/opt in $(lmp -h | awk '/^Large-scale/ { print; exit }')"
echo "# s1.data (2,000 atoms), NVT 300 K, $steps steps, $reps repeats, ABBA order; CPU s = user+sys"
printf "%-4s %12s %12s %10s\n" rep plain_cpu_s opt_cpu_s opt/plain
ratios=()
for r in $(seq 1 "$reps"); do
  if [ $((r % 2)) = 1 ]; then p=$(cpu eam/fs p); o=$(cpu eam/fs/opt o); else o=$(cpu eam/fs/opt o); p=$(cpu eam/fs p); fi
  ratio=$(awk -v o="$o" -v p="$p" 'BEGIN { printf "%.4f", o / p }')
  ratios+=("$ratio")
  printf "%-4s %12s %12s %10s\n" "$r" "$p" "$o" "$ratio"
done
printf "%s\n" "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
  printf "median opt/plain CPU ratio %.4f (%s is faster)\n", m, m < 1 ? "eam/fs/opt" : "eam/fs" }'
