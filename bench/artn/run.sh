#!/bin/bash
# ARTn local mode benchmark (issue 6): the cost of one event in local mode (`glassml activate
# --local`, a cluster cut around the event) at 2,000 atoms (reference glass s1) and 16,000 atoms
# (s1 replicated 2x2x2, bench/harmonic/replicate.py), beside the whole-sample mode (`--no-local`,
# what a user gets without local mode) at both sizes; same atoms, same --seed. Prints force calls,
# CPU s per force call and CPU s per event, and the ratios. Then the accuracy of the cluster:
# errors of forces and energy differences vs the whole sample as a function of the buffer
# (bench_cluster), and with --barriers the same events (explicit pushes) on clusters of several
# active radii beside the whole sample. Results go in docs/BENCHMARKS.md ("## ARTn").
#
# usage: bench/artn/run.sh [BUILD_DIR] [--atoms ID,ID,...] [--barriers]
#   env PYTHON (default /usr/bin/python3), SAMPLE (default s1.dump of the reference data)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build
atoms=1,200,500,700,1000,1200,1500,1800
barriers=no
while [[ $# -gt 0 ]]; do
  case $1 in
    --atoms) atoms=$2; shift ;;
    --barriers) barriers=yes ;;
    *) build=$1 ;;
  esac
  shift
done
python=${PYTHON:-/usr/bin/python3}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
sample=${SAMPLE:-$root/../shared/data/cuzr2000-q1e13/s1.dump}

cmake --build "$build" --target bench_cluster glassml -j2 > /dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" "$root/bench/harmonic/replicate.py" "$sample" 1 1 1 "$out/n2000.data"
"$python" "$root/bench/harmonic/replicate.py" "$sample" 2 2 2 "$out/n16000.data"

# One campaign: activate the atoms once each; CPU time of the whole command; force calls from the CSV.
campaign() {  # name data mode
  local name=$1 data=$2 mode=$3
  /usr/bin/time -f "%U %S" -o "$out/$name.time" "$build/src/cli/glassml" --quiet activate "$data" -o "$out/$name.act.dump" \
    --atoms "$atoms" --events 1 --seed 1 "$mode" > /dev/null
  local csv=$out/$name.events.csv cpu median
  cpu=$(awk '{ print $1 + $2 }' "$out/$name.time")
  median=$(tail -n +2 "$csv" | cut -d, -f9 | sort -n | awk '{ c[NR] = $1 } END { print c[int((NR + 1) / 2)] }')
  awk -F, -v name="$name" -v t="$cpu" -v median="$median" 'NR > 1 { n++; calls += $9; ok += ($3 == "success") }
    END {
      printf "%-12s %3d events %3d ok  force calls %7d (median %5d)  %8.1f CPU s  %6.2f ms/call  %7.2f CPU s/event\n",
             name, n, ok, calls, median, t, 1e3 * t / calls, t / n
      print name, t / n, 1e3 * t / calls > "/dev/stderr" }' "$csv" 2>> "$out/summary.txt"
}
echo "cost per event, --atoms $atoms --events 1 --seed 1 (CPU time of the whole glassml activate command):"
campaign local-2000 "$out/n2000.data" --local
campaign local-16000 "$out/n16000.data" --local
campaign whole-2000 "$out/n2000.data" --no-local
campaign whole-16000 "$out/n16000.data" --no-local
awk '{ e[$1] = $2; c[$1] = $3 } END {
  printf "ratio local 16,000 / 2,000 atoms: %.2f per event, %.2f per force call\n", e["local-16000"] / e["local-2000"], c["local-16000"] / c["local-2000"]
  printf "ratio whole 16,000 / 2,000 atoms: %.2f per event, %.2f per force call\n", e["whole-16000"] / e["whole-2000"], c["whole-16000"] / c["whole-2000"]
  printf "ratio whole / local at 16,000 atoms: %.1fx per event, %.1fx per force call\n", e["whole-16000"] / e["local-16000"], c["whole-16000"] / c["local-16000"]
  printf "ratio whole / local at 2,000 atoms: %.1fx per event, %.1fx per force call\n", e["whole-2000"] / e["local-2000"], c["whole-2000"] / c["local-2000"] }' "$out/summary.txt"

echo
extra=()
[[ $barriers == yes ]] && extra=(--barriers --seeds 2 --active-radii 8,10,12,14,16)
"$build/bench/artn/bench_cluster" "$out/n16000.data" "$out/n2000.data" --atoms "$atoms" \
  --active-radii 14 --buffers 0,2,4,6,7.6,9,10,12,15.2 "${extra[@]}"
