#!/bin/bash
# Neural-network benchmark (issue 5), one command: glassml beside PyTorch (Debian python3-torch)
# on the same data, batch size and thread count, in the same run, and prediction throughput.
#   1. one training epoch of 40-200-1 ReLU, Adam, batch 256, on 180,000 atoms (RDF features of
#      the reference samples s1-s9, replicated 10 times, standardized), 1 and 2 threads; PyTorch
#      in float32 (its default) and float64 (glassml's precision); best of EPOCHS epochs after a
#      warm-up; prints the time ratio glassml / PyTorch (target <= 0.5)
#   2. prediction including feature computation on one core (target >= 1e6 atoms/s)
#   3. with --accuracy: s1-s9 -> s10 accuracy beside scikit-learn's MLPRegressor (python3-sklearn)
#
# usage: bench/mlp/run.sh [BUILD_DIR] [--accuracy]
#   BUILD_DIR  a configured build tree (default: <repo>/build); bench_mlp and glassml are built in it
#   env PYTHON (default /usr/bin/python3), EPOCHS (default 3), THREADS (default "1 2")
# Threads are OpenMP's in both programs; OMP_WAIT_POLICY=passive (set below unless given) keeps
# idle threads from spinning, which matters when the machine is shared.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build
accuracy=no
for a in "$@"; do
  if [[ $a == --accuracy ]]; then accuracy=yes; else build=$a; fi
done
python=${PYTHON:-/usr/bin/python3}
epochs=${EPOCHS:-3}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
data=$root/../shared/data/cuzr2000-q1e13

cmake --build "$build" --target bench_mlp glassml -j2 > /dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "torch $("$python" -c 'import torch; print(torch.__version__)'); OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
for t in ${THREADS:-1 2}; do
  OMP_NUM_THREADS=$t "$build/bench/mlp/bench_mlp" train "$out" "$t" "$epochs"
  for dtype in float32 float64; do
    OMP_NUM_THREADS=$t "$python" "$here/torch_epoch.py" "$out/X.npy" "$out/Y.npy" 256 "$t" $((epochs + 1)) "$dtype" |
      tee "$out/torch_${t}_$dtype.txt"
  done
  read -r g gcpu gbusy < "$out/glassml_$t.txt"
  for dtype in float32 float64; do
    # best of the epochs after the first (warm-up)
    p=$(tail -n +2 "$out/torch_${t}_$dtype.txt" | awk '{print $6}' | sort -g | head -1)
    awk -v g="$g" -v p="$p" -v t="$t" -v d="$dtype" \
      'BEGIN { printf "RATIO threads %d: glassml %.3f s / torch %s %.3f s = %.2f\n", t, g, d, p, g / p }'
  done
done
if [[ -f $out/glassml_1.txt && -f $out/glassml_2.txt ]]; then
  read -r g1 c1 b1 < "$out/glassml_1.txt"
  read -r g2 c2 b2 < "$out/glassml_2.txt"
  awk -v g1="$g1" -v g2="$g2" -v c1="$c1" -v b2="$b2" 'BEGIN {
    printf "glassml training, 2 threads over 1: %.2fx by wall time; %.2fx on two free cores (1-thread CPU %.3f s / busier thread of 2 %.3f s)\n",
           g1 / g2, c1 / b2, c1, b2 }'
fi
"$build/bench/mlp/bench_mlp" predict
if [[ $accuracy == yes ]]; then
  g=$build/src/cli/glassml
  train=$(printf "$data/s%d.dump " 1 2 3 4 5 6 7 8 9)
  OMP_NUM_THREADS=1 "$g" -q features $train -o "$out/train.npy" > /dev/null
  OMP_NUM_THREADS=1 "$g" -q features "$data/s10.dump" -o "$out/test.npy" > /dev/null
  echo "glassml train (defaults: 40-200-1 relu, Adam, early stopping on a held-out sample), s1-s9 -> s10:"
  "$g" -q --threads 1 train --train $train --test "$data/s10.dump" -o "$out/model.json" | sed -n '/^test set/,$p'
  OMP_NUM_THREADS=1 "$python" "$here/sklearn_compare.py" "$out/train.npy" "$out/test.npy" \
    --train-dumps $train --test-dumps "$data/s10.dump"
fi
