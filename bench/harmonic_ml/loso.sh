#!/bin/bash
# Learning the anharmonic part of the stiffness (issue 9): leave-one-sample-out over the ten
# reference samples (train on 9, test on 1). For each held-out sample, one `glassml train`
# prints K_h alone (line fitted on the 9), the RDF network without extra columns, and the RDF
# network with them; the summary gives Pearson all / Cu / Zr per sample and the mean.
#
# usage: bench/harmonic_ml/loso.sh [BUILD_DIR] [EXTRA_FEATURES] [-- TRAIN_OPTIONS...]
#   EXTRA_FEATURES default K_h,e_atom,pV,tauV (the best found: K_h,e_atom,pV,tauV,g0,g1,g2,g3,g4,g5,g6
#   with -- --partial); env DATA (default ../shared/data/cuzr2000-q1e13),
#   WORK (default a temporary directory; kept if given: sN.h.dump are reused when they have every
#   named column), HARMONIC_OPTIONS (default --mode-bins when the features name g0..g6, which costs
#   ~30 s CPU per sample, and --anharmonic when they name K_anh, K_anh_pt, K_anh_hot, du2_anh, K_th or dx_th,
#   the same eigendecomposition plus the soft modes' lines; and --box-strain when they name K_qh,
#   with each sample's strains from WORK/volumes.txt, which bench/harmonic_ml/thermal_volume.sh
#   writes: run it first with the same WORK); and --inherent-structures IS_N (default 6) when they
#   name K_IS (~80 s CPU more per sample).
# CPU: `glassml harmonic` ~10-50 s per sample once; then 2 networks x 10 folds (~30 s each).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
extra=${2:-K_h,e_atom,pV,tauV}
shift $(( $# < 2 ? $# : 2 ))
[[ ${1:-} == -- ]] && shift
data=${DATA:-$root/../shared/data/cuzr2000-q1e13}
work=${WORK:-}
if [[ -z $work ]]; then work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
glassml=$build/src/cli/glassml
cmake --build "$build" --target glassml -j2 > /dev/null
default_options=()
[[ ,$extra, == *,g[0-6],* ]] && default_options+=(--mode-bins)
[[ ,$extra, =~ ,(K_anh|K_anh_pt|K_anh_hot|du2_anh|K_th|dx_th), ]] && default_options+=(--anharmonic)
[[ ,$extra, == *,K_IS,* ]] && default_options+=(--inherent-structures "${IS_N:-6}")
harmonic_options=${HARMONIC_OPTIONS-${default_options[*]}}
# A dump is reused if its header names every feature column.
has_columns() {
  local header
  header=" $(sed -n 9p "$1") "
  for c in ${extra//,/ }; do [[ $header == *" $c "* ]] || return 1; done
}
# K_qh: the linear strains (V(T)/V0)^(1/3) - 1 of the label's NPT volumes (thermal_volume.sh).
strain_options() {
  [[ ,$extra, == *,K_qh,* ]] || return 0
  [[ -s $work/volumes.txt ]] || { echo "loso.sh: K_qh needs $work/volumes.txt: run bench/harmonic_ml/thermal_volume.sh with WORK=$work" >&2; exit 2; }
  printf -- "--box-strain=%s" "$(awk -v s="s$1" '$1 == s { printf "%s%.8g", (k++ ? "," : ""), ($5 / $4)^(1/3) - 1 }' "$work/volumes.txt")"
}
for n in $(seq 1 10); do
  if [[ ! -s $work/s$n.h.dump ]] || ! has_columns "$work/s$n.h.dump"; then
    strains=$(strain_options "$n")
    # shellcheck disable=SC2086
    "$glassml" --quiet harmonic $harmonic_options $strains "$data/s$n.dump" -o "$work/s$n.h.dump" > /dev/null
  fi
done
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "extra features: $extra; train options: $*"
printf '| test | K_h alone | RDF network | RDF + %s |\n|---|---|---|---|\n' "$extra"
: > "$work/rows.txt"  # this run's rows only (WORK may be reused across runs)
for t in $(seq 1 10); do
  train=()
  for n in $(seq 1 10); do [[ $n == "$t" ]] || train+=("$work/s$n.h.dump"); done
  "$glassml" --quiet train --train "${train[@]}" --test "$work/s$t.h.dump" --extra-features "$extra" \
    -o "$work/m$t.json" "$@" > "$work/train$t.txt"
  /usr/bin/python3 - "$work/m$t.metrics.json" "$t" <<'PY' | tee -a "$work/rows.txt"
import json, sys
m = json.load(open(sys.argv[1]))
def r(block):
    t = block["test"]
    return tuple((t["all"] if k == "all" else t["species"][k])["single_atom"]["pearson"] for k in ("all", "Cu", "Zr"))
cells = [r(m["baseline"]), r(m["without_extra_features"]), r(m)]
print(f"| s{sys.argv[2]} | " + " | ".join("%.3f (%.3f / %.3f)" % c for c in cells) + " |")
PY
done
/usr/bin/python3 - "$work/rows.txt" <<'PY'
import re, sys
rows = [[tuple(map(float, c)) for c in re.findall(r"([0-9.]+) \(([0-9.]+) / ([0-9.]+)\)", l)] for l in open(sys.argv[1])]
mean = [tuple(sum(r[j][k] for r in rows) / len(rows) for k in range(3)) for j in range(3)]
print("| mean | " + " | ".join("**%.3f** (%.3f / %.3f)" % c for c in mean) + " |")
PY
