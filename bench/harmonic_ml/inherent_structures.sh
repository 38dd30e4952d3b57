#!/bin/bash
# Harmonic stiffness averaged over inherent structures (issue 9, exploration). The label K is
# measured by MD at 50-300 K, during which a glass leaves its minimized structure for nearby
# minima (inherent structures, Stillinger & Weber, PRA 25, 978 (1982)); K_h is taken at the one
# minimum of the file. K_IS = mean over N inherent structures of K_h, each the minimum that
# conjugate gradients reach after a short NVT run at T from the minimized sample (plain LAMMPS,
# inherent_structure.lmp; seeds independent of the label's), K_h by `glassml harmonic` on each.
# Prints the Pearson of K_h and K_IS against the label per sample and pooled. With LOSO_FROM=DIR
# (dumps sN.h.dump that bench/harmonic_ml/loso.sh made, e.g. with the best columns), also writes
# WORK/loso/sN.h.dump = those dumps with a K_IS column, for `WORK=WORK/loso loso.sh BUILD ...,K_IS`.
#
# usage: bench/harmonic_ml/inherent_structures.sh [BUILD_DIR]
#   env N (structures per sample, default 3), T (K, default 300), STEPS (NVT steps of 2 fs,
#   default 1000), JOBS (parallel runs, default 2), WORK (default /tmp/glassml_is), DATA, LOSO_FROM
# CPU: ~20 s per structure (MD 1000 steps ~8 s, CG, `glassml harmonic` ~4 s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
data=${DATA:-$root/../shared/data/cuzr2000-q1e13}
work=${WORK:-/tmp/glassml_is}
n_is=${N:-3} temp=${T:-300} steps=${STEPS:-1000} jobs=${JOBS:-2}
mkdir -p "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
glassml=$build/src/cli/glassml
one() {  # sample k: one inherent structure and its K_h (k = 0: the minimized sample itself)
  local s=$1 k=$2 base=$work/$1_T${temp}_k$2
  if [[ $k == 0 ]]; then
    base=$work/$1_k0
    [[ -s $base.h.dump ]] || "$glassml" --quiet harmonic "$data/$s.dump" -o "$base.h.dump" > /dev/null
    return
  fi
  [[ -s $base.h.dump ]] && return
  lmp -in "$here/inherent_structure.lmp" -var in "$data/$s.data" -var T "$temp" -var steps "$steps" \
    -var seed $((k * 7919 + temp)) -var out "$base.data" -log "$base.lammps.log" -screen none
  "$glassml" --quiet harmonic "$base.data" -o "$base.h.dump" > /dev/null
}
export -f one
export work temp steps data glassml here
for n in $(seq 1 10); do for k in $(seq 0 "$n_is"); do echo "s$n $k"; done; done |
  xargs -P "$jobs" -L1 bash -c 'one "$@"' _
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "inherent structures: N=$n_is per sample after $steps NVT steps at $temp K"
/usr/bin/python3 - "$data" "$work" "$temp" "$n_is" "${LOSO_FROM:-}" <<'PY'
import glob, os, sys
import numpy as np
data, work, temp, n_is, loso_from = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
def columns(path, names):
    lines = open(path).read().split("\n")
    head = lines[8].split()[2:]
    rows = [l.split() for l in lines[9:] if l.strip()]
    return {int(r[0]): [r[head.index(c)] for c in names] for r in rows}
pooled = {"K": [], "K_h": [], "K_IS": []}
print("| sample | K_h | K_IS | mean K_h | mean K_IS | mean K (eV/A^2) |\n|---|---|---|---|---|---|")
for n in range(1, 11):
    s = f"s{n}"
    label = columns(f"{data}/{s}.dump", ["K"])
    ids = sorted(label)
    kh = columns(f"{work}/{s}_k0.h.dump", ["K_h"])
    acc = {}
    for k in range(1, n_is + 1):
        for i, (v,) in columns(f"{work}/{s}_T{temp}_k{k}.h.dump", ["K_h"]).items():
            acc.setdefault(i, []).append(float(v))
    K = np.array([float(label[i][0]) for i in ids])
    H = np.array([float(kh[i][0]) for i in ids])
    IS = np.array([np.mean(acc[i]) for i in ids])
    print(f"| {s} | {np.corrcoef(K, H)[0, 1]:.3f} | {np.corrcoef(K, IS)[0, 1]:.3f} | {H.mean():.3f} | {IS.mean():.3f} | {K.mean():.3f} |")
    for key, v in (("K", K), ("K_h", H), ("K_IS", IS)): pooled[key] += list(v)
    if loso_from:
        os.makedirs(f"{work}/loso", exist_ok=True)
        lines = open(f"{loso_from}/{s}.h.dump").read().rstrip("\n").split("\n")
        lines[8] += " K_IS"
        for j in range(9, len(lines)):
            lines[j] += " %.10g" % np.mean(acc[int(lines[j].split()[0])])
        open(f"{work}/loso/{s}.h.dump", "w").write("\n".join(lines) + "\n")
K = np.array(pooled["K"])
print(f"| pooled | **{np.corrcoef(K, pooled['K_h'])[0, 1]:.3f}** | **{np.corrcoef(K, pooled['K_IS'])[0, 1]:.3f}** | | | |")
PY
