#!/bin/bash
# Per-atom RDF benchmark (issue 3): glassml beside a NumPy/SciPy implementation (cKDTree with
# boxsize + NumPy histogramming, rdf_scipy.py) on the same 19,652-atom input in the same run,
# then the cost from 2,000 to 1,024,000 atoms. Results go in docs/BENCHMARKS.md.
#
# usage: bench/rdf/run.sh [BUILD_DIR] [--no-scaling]
#   BUILD_DIR  a configured build tree (default: <repo>/build); bench_rdf is built in it
#   env PYTHON (default /usr/bin/python3, must import numpy and scipy), SAMPLE (default s1.data)
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
  echo "scaling (sample replicated n x n x n; best of 9 runs, 3 above 100k atoms):"
  "$build/bench/rdf/bench_rdf" scaling "$sample"
fi
