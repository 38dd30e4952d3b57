#!/bin/sh
# glassml activate --jobs: the same ARTn campaign with --jobs 1 and --jobs J in one run, on a
# reference glass (default s1, 2,000 atoms Cu50Zr50, local searches). Prints CPU time (user+sys,
# the workers included), wall clock, their ratios, and whether the events tables are identical.
#
#   sh bench/activate/run.sh [SAMPLE.data] [ATOMS] [EVENTS] [J]      (defaults: s1.data 6 2 2)
#
# On a quiet machine with J free cores the wall-clock ratio should approach 1/J for many more
# searches than J (searches differ ~3x in cost, the last ones leave cores idle).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
glassml="$root/build/src/cli/glassml"
sample=$(realpath "${1:-$root/../shared/data/cuzr2000-q1e13/s1.data}")
atoms=${2:-6} events=${3:-2} jobs=${4:-2}
out=$(mktemp -d /tmp/glassml-bench-activate.XXXXXX)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=passive
echo "machine: $(nproc) cores, $(uname -r); sample $sample, --atoms $atoms --events $events; out $out"
for j in 1 "$jobs"; do
  /usr/bin/time -f "%U %S %e" -o "$out/j$j.time" \
    "$glassml" -q activate "$sample" -o "$out/j$j.act.dump" --atoms "$atoms" --events "$events" --jobs "$j" > "$out/j$j.out"
  read -r u s w < "$out/j$j.time"
  echo "--jobs $j: CPU $(echo "$u + $s" | bc) s, wall $w s; $(head -1 "$out/j$j.out")"
done
read -r u1 s1 w1 < "$out/j1.time"
read -r uj sj wj < "$out/j$jobs.time"
echo "CPU ratio (--jobs $jobs / --jobs 1): $(echo "scale=3; ($uj + $sj) / ($u1 + $s1)" | bc)"
echo "wall ratio (--jobs $jobs / --jobs 1): $(echo "scale=3; $wj / $w1" | bc)"
if cmp -s "$out/j1.events.csv" "$out/j$jobs.events.csv" && cmp -s "$out/j1.act.dump" "$out/j$jobs.act.dump"; then
  echo "events table and dump identical"
else
  echo "events tables DIFFER"; exit 1
fi
