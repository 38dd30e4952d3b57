#!/bin/bash
# Harmonic stiffness benchmark (issue 9): K_h of a 2,000-atom reference sample by glassml
# (default Hessian: central differences of the table forces, h = 1e-3 Å; dense pseudo-inverse
# blocks; also the LAMMPS finite-difference Hessian and the sparse method) beside NumPy/SciPy
# (eigh, and Cholesky inverse) on the same Hessian in the same run; prints the ratio and the
# agreement. Then the whole command, `glassml harmonic`, timed end to end (CPU time). With
# --which, the K_h table over Hessian definitions (steps 1e-4 ... 1e-2 Å, analytic, C² spline;
# with the LAMMPS one unless --no-fd) and the NumPy-only independent check of the LAMMPS
# finite-difference Hessian (independent_check.py, NumPy on OpenBLAS). With --scaling, the sparse method on the sample replicated 2x1x1 (4,000
# atoms) beside the dense one. With --large, `glassml harmonic --method sparse` on the sample
# replicated 2x2x2 (16,000 atoms; CPU time and peak memory; ~10 GB, long). Results go in
# docs/BENCHMARKS.md.
#
# usage: bench/harmonic/run.sh [BUILD_DIR] [--no-fd] [--scaling] [--large] [--which]
#   env PYTHON (default /usr/bin/python3, must import numpy and scipy), SAMPLE (default s1.dump)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build
fd=--fd
scaling=no
large=no
which=no
for arg in "$@"; do
  case $arg in
    --no-fd) fd= ;;
    --scaling) scaling=yes ;;
    --large) large=yes ;;
    --which) which=yes ;;
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
main_fd=$fd; [[ $which == yes ]] && main_fd=   # --which runs the LAMMPS one
"$build/bench/harmonic/bench_harmonic" "$sample" "$out" $main_fd --method both | tee "$out/glassml.txt"
"$python" "$here/pseudo_inverse_numpy.py" "$out"
dense=$(sed -n 's/^dense pseudo-inverse blocks: \([0-9.]*\) s/\1/p' "$out/glassml.txt")
read -r peig pchol < "$out/peer_s.txt"
awk -v g="$dense" -v e="$peig" -v c="$pchol" 'BEGIN {
  printf "ratio pseudo-inverse blocks, numpy/scipy : glassml dense = %.1fx (eigh), %.1fx (cholesky inverse)\n", e / g, c / g }'
echo "end to end: glassml harmonic $(basename "$sample") (read, LAMMPS check, default Hessian, dense, write):"
/usr/bin/time -f "  %e s wall, %U s user, %S s sys, %M kB peak memory" "$build/src/cli/glassml" --quiet harmonic "$sample" -o "$out/out.dump" | sed 's/^/  /'
if [[ $which == yes ]]; then
  echo "which Hessian: K_h over definitions"
  mkdir -p "$out/which"
  "$build/bench/harmonic/bench_harmonic" "$sample" "$out/which" $fd --method dense --steps 1e-4,3e-4,1e-3,3e-3,1e-2 | sed 's/^/  /'
  if [[ -n $fd ]]; then
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
      "$python" "$here/independent_check.py" "$out/which" | sed 's/^/  /'
  fi
fi
if [[ $scaling == yes ]]; then
  "$python" "$here/replicate.py" "$sample" 2 1 1 "$out/x2.data"
  echo "scaling: 4,000 atoms (sample replicated 2x1x1)"
  "$build/bench/harmonic/bench_harmonic" "$out/x2.data" "$out" --method both --no-npy | sed 's/^/  /'
fi
if [[ $large == yes ]]; then
  "$python" "$here/replicate.py" "$sample" 2 2 2 "$out/x8.data"
  echo "large: 16,000 atoms (sample replicated 2x2x2), glassml harmonic --method sparse:"
  /usr/bin/time -f "  %e s wall, %U s user, %S s sys, %M kB peak memory" \
    "$build/src/cli/glassml" --quiet harmonic "$out/x8.data" --method sparse -o "$out/x8.dump" | sed 's/^/  /'
fi
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "benchmark wall time: ${elapsed} s"
