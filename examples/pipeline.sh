#!/usr/bin/env bash
# The quick-start job: the most complete glassml pipeline, on built-in defaults, in a few minutes
# on 2 cores. Until `glassml run study.toml` exists, this script is the study.
#
#   examples/pipeline.sh [OUT_DIR]      (default out/quickstart)
#
# Stages (outputs in OUT_DIR):
#   1. a new Cu50Zr50 glass by LAMMPS: 1,000 atoms quenched at 1e14 K/s      -> glass.data
#   2. its atomic stiffness K from thermal vibration, 50..300 K, tau = 5 ps   -> glass.stiff.dump
#   3. its harmonic stiffness K_h from the Hessian (no MD)                    -> glass.harmonic.dump
#   4. per-atom RDF features of the ten reference samples (../shared/data)    -> reference.npy/.json
#   5. a 40-200-1 network trained on reference s1-s9, tested on s10           -> model.json, model.metrics.json
#   6. predictions for s10 and for the new glass (another cooling rate)       -> s10.pred.dump, glass.pred.dump
#   7. the report: figures (gnuplot), their data (CSV), metrics.json          -> report/report.md
# Every dump opens in OVITO as it is.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/out/quickstart}
glassml="$root/build/src/cli/glassml"
data="$root/../shared/data/cuzr2000-q1e13"
[ -x "$glassml" ] || { echo "pipeline.sh: $glassml not built (run scripts/setup.sh)" >&2; exit 1; }
[ -d "$data" ] || { echo "pipeline.sh: reference samples not found in $data" >&2; exit 1; }
mkdir -p "$out"
jobs=$(nproc)
refs=()
for s in 1 2 3 4 5 6 7 8 9 10; do refs+=("$data/s$s.dump"); done

echo "== 1. quench: 1,000 atoms of Cu50Zr50 at 1e14 K/s (LAMMPS, eam/fs Mendelev CuZr_mm)"
"$glassml" quench -o "$out/glass.data" --atoms 1000 --rate 1e14 --premelt-time 5 --melt-time 5 --seed 42
"$glassml" info "$out/glass.data"

echo "== 2. stiffness K = mean_T k_B T / <|dr|^2>, T = 50..300 K, tau = 5 ps ($jobs processes)"
"$glassml" stiffness "$out/glass.data" -o "$out/glass.stiff.dump" --tau 5 --jobs "$jobs"

echo "== 3. harmonic stiffness K_h = 1 / Tr[H+]_ii"
"$glassml" harmonic "$out/glass.stiff.dump" -o "$out/glass.harmonic.dump" --label K

echo "== 4. per-atom RDF features of the reference samples (2..10 A, 40 bins)"
"$glassml" features "${refs[@]}" -o "$out/reference.npy"

echo "== 5. train 40-200-1 (ReLU, Adam) on s1..s9, test on s10"
"$glassml" train --train "${refs[@]:0:9}" --test "${refs[9]}" -o "$out/model.json"

echo "== 6. predict s10 (held out) and the new glass (made at another cooling rate)"
"$glassml" predict "$out/model.json" "${refs[9]}" -o "$out/s10.pred.dump"
"$glassml" predict "$out/model.json" "$out/glass.stiff.dump" -o "$out/glass.pred.dump"

echo "== 7. report: parity plots, RDF of stiff/soft atoms, spatial maps, transfer to 1e14 K/s"
"$glassml" predict "$out/model.json" "${refs[@]:0:9}" -o "$out/train.pred.dump"
"$glassml" report -o "$out/report" --train "$out/train.pred.dump" --test "$out/s10.pred.dump" \
  --rate 1e14="$out/glass.pred.dump" --metrics "$out/model.metrics.json" --model "$out/model.json" \
  --title "glassml quick start: Cu50Zr50, trained on s1-s9 (1e13 K/s)"

echo "== done: results in $out (open $out/report/report.html)"
