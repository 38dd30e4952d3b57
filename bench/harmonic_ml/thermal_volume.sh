#!/bin/bash
# Quasi-harmonic stiffness of the thermally expanded glass (issue 9): K_qh = mean over T of K_h at
# V(T), against the MD label K, which is the mean over T of k_B T / msd_T with each msd_T measured
# in NVT after NPT at 0 bar, i.e. at V(T), while K_h is taken at the minimized (0 K) box.
#  1. V(T), T = 50..300 K, for every sample: the label's own NPT stage (npt_volume.lmp: msd.lmp's
#     2,000 steps, same seed, Debian's lmp), one LAMMPS run at a time (~12 s each on this machine);
#     volumes in WORK/volumes.txt (kept: rows already there are not run again).
#  2. Linear strains e_T = (V(T)/V0)^(1/3) - 1 (V = the last NPT step's, the box the label's NVT run
#     had, or with VOLUME=mean the average over the last 2 ps), then
#     `glassml harmonic HARMONIC_OPTIONS --box-strain e_50,...,e_300 sN.dump -o WORK/sN.h.dump`.
#  3. Pearson of K_h and K_qh against K per sample, per species and pooled.
# usage: bench/harmonic_ml/thermal_volume.sh [BUILD_DIR]
#   env DATA (default ../shared/data/cuzr2000-q1e13), WORK (default /tmp/glassml_qh), SAMPLES
#   (default "1 2 ... 10"), VOLUME (end | mean, default end), HARMONIC_OPTIONS (e.g. --mode-bins
#   --anharmonic, so that WORK/sN.h.dump serve bench/harmonic_ml/loso.sh with K_qh and those columns),
#   STRAIN_SIGN (default 1; -1: the control, the same strains as compressions, with WORK elsewhere
#   and WORK/volumes.txt copied there).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
data=${DATA:-$root/../shared/data/cuzr2000-q1e13}
work=${WORK:-/tmp/glassml_qh}
samples=${SAMPLES:-$(seq 1 10)}
volume=${VOLUME:-end}
sign=${STRAIN_SIGN:-1}
[[ $volume == end || $volume == mean ]] || { echo "VOLUME=$volume: end or mean" >&2; exit 2; }
mkdir -p "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
glassml=$build/src/cli/glassml
cmake --build "$build" --target glassml -j1 > /dev/null
touch "$work/volumes.txt"
for n in $samples; do
  for T in 50 100 150 200 250 300; do
    grep -q "^s$n QH $T " "$work/volumes.txt" && continue
    rm -f "$work/v.txt"
    lmp -in "$here/npt_volume.lmp" -log "$work/npt_s$n.T$T.log" -screen none -var in "$data/s$n.data" -var T $T \
      -var seed $((n * 1000 + T)) -var out "$work/v.txt"
    echo "s$n $(cat "$work/v.txt")" >> "$work/volumes.txt"
  done
  strains=$(awk -v s="s$n" -v sign="$sign" -v col=$([[ $volume == end ]] && echo 5 || echo 6) \
    '$1 == s { printf "%s%.8g", (k++ ? "," : ""), sign * (($col / $4)^(1/3) - 1) }' "$work/volumes.txt")
  echo "s$n strains ($volume volume): $strains"
  # shellcheck disable=SC2086
  "$glassml" --quiet harmonic ${HARMONIC_OPTIONS:-} --box-strain="$strains" "$data/s$n.dump" -o "$work/s$n.h.dump" > /dev/null
done
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$work" $samples <<'PY'
import sys
import numpy as np
work, samples = sys.argv[1], sys.argv[2:]
def read(path):
    with open(path) as f:
        lines = f.readlines()
    names = lines[8].split()[2:]
    rows = [l.split() for l in lines[9:]]
    return {c: np.array([r[i] for r in rows]) for i, c in enumerate(names)}
def r(x, y): return np.corrcoef(x, y)[0, 1]
print("| sample | K_h all / Cu / Zr | K_qh all / Cu / Zr | mean K_h | mean K_qh | mean K |")
print("|---|---|---|---|---|---|")
pool = {k: [] for k in ("K_h", "K_qh", "K", "element")}
for n in samples:
    d = read(f"{work}/s{n}.h.dump")
    f = {k: d[k].astype(float) for k in ("K_h", "K_qh", "K")}
    e = d["element"]
    for k in pool: pool[k].append(d[k] if k == "element" else f[k])
    cells = ["%.3f / %.3f / %.3f" % tuple(r(f[c][m], f["K"][m]) for m in (e == e, e == "Cu", e == "Zr")) for c in ("K_h", "K_qh")]
    print(f"| s{n} | " + " | ".join(cells) + " | %.4f | %.4f | %.4f |" % (f["K_h"].mean(), f["K_qh"].mean(), f["K"].mean()))
p = {k: np.concatenate(v) for k, v in pool.items()}
e = p["element"]
cells = ["%.3f / %.3f / %.3f" % tuple(r(p[c].astype(float)[m], p["K"].astype(float)[m]) for m in (e == e, e == "Cu", e == "Zr")) for c in ("K_h", "K_qh")]
print("| pooled | " + " | ".join(cells) + " | %.4f | %.4f | %.4f |" % tuple(p[c].astype(float).mean() for c in ("K_h", "K_qh", "K")))
PY
