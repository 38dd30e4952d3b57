#!/bin/bash
# Per-atom RDF benchmark (issue 3): glassml beside a NumPy/SciPy implementation (cKDTree with
# boxsize + NumPy histogramming, rdf_scipy.py) on the same 19,652-atom input in the same run,
# then the cost at 2,000, 19,652, 100,000 and 1,000,000 atoms (time, atoms/s, 2-thread speedup,
# peak memory; one process per size). Results go in docs/BENCHMARKS.md.
#
# usage: bench/rdf/run.sh [BUILD_DIR] [--no-scaling]
#   Times: best of repeated calls of compute_rdf_features (cell list included, reading excluded).
#   "CPU" is the process CPU time (immune to waiting for a core on a shared machine); the
#   2-thread "busiest" is the CPU time of the busier thread, i.e. the wall time on two free cores.
#   BUILD_DIR  a configured build tree (default: <repo>/build); bench_rdf is built in it
#   env PYTHON (default /usr/bin/python3, must import numpy and scipy), SAMPLE (default s1.data),
#       SIZES (default "2000 19652 100000 1000000")
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
scaling=yes
[[ "${2:-}" == "--no-scaling" || "${1:-}" == "--no-scaling" ]] && scaling=no
[[ "$build" == "--no-scaling" ]] && build=$root/build
python=${PYTHON:-/usr/bin/python3}
# OpenMP threads that busy-wait at barriers waste the cores of a shared machine (measured here:
# 2 threads twice as slow as 1 under load with active waiting); sleep instead unless told otherwise.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
sample=${SAMPLE:-$root/../shared/data/cuzr2000-q1e13/s1.data}

cmake --build "$build" --target bench_rdf -j2 > /dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
"$build/bench/rdf/bench_rdf" paper "$sample" "$out"
"$python" "$here/rdf_scipy.py" "$out"
read -r g1 g2 gcpu < "$out/glassml_ms.txt"
read -r pw pcpu < "$out/scipy_ms.txt"
awk -v g1="$g1" -v g2="$g2" -v gc="$gcpu" -v pw="$pw" -v pc="$pcpu" 'BEGIN {
  printf "ratio numpy/scipy : glassml = %.1fx (best wall, 1 thread), %.1fx (best wall, 2 threads), %.1fx (best CPU time, 1 thread)\n",
         pw / g1, pw / g2, pc / gc }'
if [[ $scaling == yes ]]; then
  echo "sizes (sample replicated n x n x n and trimmed; best of 15 calls, 5 from 100k, 3 from 500k atoms):"
  "$build/bench/rdf/bench_rdf" size-header
  for n in ${SIZES:-2000 19652 100000 1000000}; do "$build/bench/rdf/bench_rdf" size "$sample" "$n"; done
fi
