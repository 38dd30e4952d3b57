#!/usr/bin/env bash
# The quick-start job: the most complete glassml pipeline on built-in defaults.
#   examples/pipeline.sh [OUT_DIR]      (default out/quickstart)
# Stages:
#   1. describe the reference samples (../shared/data, made with plain LAMMPS)
#   2. convert one to extended XYZ for OVITO/ASE
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/out/quickstart}
glassml="$root/build/src/cli/glassml"
data="$root/../shared/data/cuzr2000-q1e13"
mkdir -p "$out"

echo "== 1. reference samples"
"$glassml" info "$data/s1.data" "$data/s10.dump"

echo "== 2. extended XYZ for OVITO / ASE"
"$glassml" convert "$data/s10.dump" "$out/s10.xyz"
