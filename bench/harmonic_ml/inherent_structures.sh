#!/bin/bash
# Harmonic stiffness averaged over inherent structures (issue 9): `glassml harmonic
# --inherent-structures N` on the ten reference samples (md/inherent_structures.hpp: N minima, each
# reached by CG after a short NVT run at T from the minimized sample), then the Pearson of K_h and
# of K_IS against the MD label per sample and pooled, and the cost from each OUT.json.
#
# usage: bench/harmonic_ml/inherent_structures.sh [BUILD_DIR]
#   env N (structures per sample, default 6), T (K, default 300), TIME (ps per run, default 2),
#   WORK (default /tmp/glassml_is; a WORK/sN.h.dump made with the same N, T and TIME is reused, so
#   WORK can be the one of `loso.sh ... K_IS`), DATA (default ../shared/data/cuzr2000-q1e13),
#   JOBS (samples at once, default 1), EXTRA (more `glassml harmonic` options, e.g. --mode-bins).
# CPU: ~13 s per structure of 2,000 atoms (MD and CG ~8 s, Hessian and inverse ~5 s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
export DATA=${DATA:-$root/../shared/data/cuzr2000-q1e13} WORK=${WORK:-/tmp/glassml_is}
export N=${N:-6} T=${T:-300} TIME=${TIME:-2} EXTRA=${EXTRA:-} GLASSML=$build/src/cli/glassml
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
mkdir -p "$WORK"
cmake --build "$build" --target glassml -j2 > /dev/null
reusable() {  # sample: its dump was made with this N, T and TIME
  /usr/bin/python3 -c '
import json, os, sys
try: j = json.load(open(sys.argv[1]))["inherent_structures"]
except Exception: sys.exit(1)
sys.exit(0 if (j["count"], j["temperature_K"], j["duration_ps"]) == (int(os.environ["N"]), float(os.environ["T"]), float(os.environ["TIME"])) else 1)
' "$WORK/$1.h.json"
}
one() {
  reusable "$1" && [[ -s $WORK/$1.h.dump ]] && return
  # shellcheck disable=SC2086
  "$GLASSML" --quiet harmonic "$DATA/$1.dump" -o "$WORK/$1.h.dump" --inherent-structures "$N" --is-temperature "$T" \
    --is-time "$TIME" $EXTRA > /dev/null
}
export -f one reusable
seq 1 10 | sed 's/^/s/' | xargs -P "${JOBS:-1}" -I{} bash -c 'one {}'
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "inherent structures: N=$N per sample, $TIME ps NVT at $T K (glassml harmonic --inherent-structures)"
/usr/bin/python3 - <<'PY'
import json, os
import numpy as np
work = os.environ["WORK"]
def columns(path, names):
    lines = open(path).read().split("\n")
    head = lines[8].split()[2:]
    rows = [l.split() for l in lines[9:] if l.strip()]
    return np.array([[float(r[head.index(c)]) for c in names] for r in rows])
pooled = []
print("| sample | K_h | K_IS | mean K_h | mean K_IS | mean K (eV/A^2) | atoms moved > 0.5 A per structure | s MD + CG | s Hessians |")
print("|---|---|---|---|---|---|---|---|---|")
for n in range(1, 11):
    s = f"s{n}"
    v = columns(f"{work}/{s}.h.dump", ["K", "K_h", "K_IS"])
    j = json.load(open(f"{work}/{s}.h.json"))["inherent_structures"]
    moved = np.mean([e["atoms_moved_over_0.5_A"] for e in j["structures"]])
    r = np.corrcoef(v.T)
    print(f"| {s} | {r[0, 1]:.3f} | {r[0, 2]:.3f} | {v[:, 1].mean():.3f} | {v[:, 2].mean():.3f} | {v[:, 0].mean():.3f} "
          f"| {moved:.1f} | {j['seconds_md_and_minimizations']:.0f} | {j['seconds_hessians_and_inverses']:.0f} |")
    pooled.append(v)
v = np.vstack(pooled)
r = np.corrcoef(v.T)
print(f"| pooled | **{r[0, 1]:.3f}** | **{r[0, 2]:.3f}** | | | | | | |")
PY
