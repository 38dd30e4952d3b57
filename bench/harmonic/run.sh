#!/bin/bash
# Harmonic stiffness benchmark (issue 9): K_h of a 2,000-atom reference sample by glassml
# (analytic EAM Hessian + dense pseudo-inverse blocks; also the LAMMPS finite-difference Hessian
# and the sparse method) beside NumPy/SciPy (eigh, and Cholesky inverse) on the same Hessian in
# the same run; prints the ratio and the agreement. Then the whole command, `glassml harmonic`,
# timed end to end. With --scaling, the sparse method on the sample replicated 2x1x1 (4,000
# atoms) beside the dense one. Results go in docs/BENCHMARKS.md.
#
# usage: bench/harmonic/run.sh [BUILD_DIR] [--no-fd] [--scaling]
#   env PYTHON (default /usr/bin/python3, must import numpy and scipy), SAMPLE (default s1.dump)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build
fd=--fd
scaling=no
for arg in "$@"; do
  case $arg in
    --no-fd) fd= ;;
    --scaling) scaling=yes ;;
    *) build=$arg ;;
  esac
done
python=${PYTHON:-/usr/bin/python3}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
sample=${SAMPLE:-$root/../shared/data/cuzr2000-q1e13/s1.dump}

cmake --build "$build" --target bench_harmonic glassml -j2 > /dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
"$build/bench/harmonic/bench_harmonic" "$sample" "$out" $fd --method both | tee "$out/glassml.txt"
"$python" "$here/pseudo_inverse_numpy.py" "$out"
dense=$(sed -n 's/^dense pseudo-inverse blocks: \([0-9.]*\) s/\1/p' "$out/glassml.txt")
read -r peig pchol < "$out/peer_s.txt"
awk -v g="$dense" -v e="$peig" -v c="$pchol" 'BEGIN {
  printf "ratio pseudo-inverse blocks, numpy/scipy : glassml dense = %.1fx (eigh), %.1fx (cholesky inverse)\n", e / g, c / g }'
echo "end to end: glassml harmonic $(basename "$sample") (read, LAMMPS check, analytic Hessian, dense, write):"
/usr/bin/time -f "  %e s wall, %M kB peak memory" "$build/src/cli/glassml" --quiet harmonic "$sample" -o "$out/out.dump" | sed 's/^/  /'
if [[ $scaling == yes ]]; then
  "$python" - "$sample" "$out/x2.data" <<'PY'
import sys
# The sample replicated twice along x, as a LAMMPS data file (orthogonal box).
lines = open(sys.argv[1]).read().split('\n')
bounds = [list(map(float, lines[i].split())) for i in range(5, 8)]
head = lines.index([l for l in lines if l.startswith('ITEM: ATOMS')][0])
cols = lines[head].split()[2:]
rows = [l.split() for l in lines[head + 1:] if l.strip()]
lx = bounds[0][1] - bounds[0][0]
ix, it, ixx = cols.index('id'), cols.index('type'), cols.index('x')
with open(sys.argv[2], 'w') as f:
    f.write(f"replicated 2x1x1\n\n{2 * len(rows)} atoms\n2 atom types\n\n")
    f.write(f"{bounds[0][0]!r} {bounds[0][0] + 2 * lx!r} xlo xhi\n{bounds[1][0]!r} {bounds[1][1]!r} ylo yhi\n")
    f.write(f"{bounds[2][0]!r} {bounds[2][1]!r} zlo zhi\n\nMasses\n\n1 63.546\n2 91.224\n\nAtoms # atomic\n\n")
    n = 0
    for rep in range(2):
        for r in rows:
            n += 1
            f.write(f"{n} {r[it]} {float(r[ixx]) + rep * lx!r} {r[ixx + 1]} {r[ixx + 2]}\n")
PY
  echo "scaling: 4,000 atoms (sample replicated 2x1x1)"
  "$build/bench/harmonic/bench_harmonic" "$out/x2.data" "$out" --method both --no-npy | sed 's/^/  /'
fi
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "benchmark wall time: ${elapsed} s"
