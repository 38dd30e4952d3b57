#!/bin/bash
# Prediction benchmark (issue 5), one command: per-atom predictions of a 40-200-1 ReLU model
# (the default of `glassml train`) including the RDF features, on the reference samples s1-s10
# (20,000 atoms), 1 thread and 2 threads, best of 15; prints atoms/s (target >= 1e6 on one core),
# the parts (features, network) and the path before the one-pass pipeline. Results go in
# docs/BENCHMARKS.md. The program is bench_mlp's predict mode (bench/mlp/bench_mlp.cpp).
#
# usage: bench/predict/run.sh [BUILD_DIR]     (default: <repo>/build, configured)
# CPU times are the figure to compare on a shared machine; the 2-thread "busier thread" CPU time
# is the wall time two free cores would take.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
cmake --build "$build" --target bench_mlp -j2 > /dev/null
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
"$build/bench/mlp/bench_mlp" predict
