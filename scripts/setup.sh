#!/usr/bin/env bash
# Installs the Debian 12 packages glassml needs (idempotent: no apt call when all are present)
# and builds glassml in Release mode into build/.
#
#   scripts/setup.sh            runtime + build tools, build the program
#   scripts/setup.sh --tests    also what the test suite needs (GoogleTest, lmp, clang for fuzzing)
#   scripts/setup.sh --bench    also the peers of the benchmarks (NumPy, SciPy, scikit-learn, PyTorch)
#   scripts/setup.sh --no-build only install packages
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

tests=OFF bench=OFF build=1
for arg in "$@"; do
  case "$arg" in
    --tests) tests=ON ;;
    --bench) bench=ON ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

packages=(build-essential cmake pkg-config liblammps-dev lammps-data openmpi-bin libopenmpi-dev
          libeigen3-dev libcli11-dev libtomlplusplus-dev libfmt-dev nlohmann-json3-dev zlib1g-dev
          gnuplot-nox libopenblas-dev)
[ "$tests" = ON ] && packages+=(libgtest-dev lammps clang libclang-rt-14-dev libomp-14-dev python3 python3-numpy)
[ "$bench" = ON ] && packages+=(libbenchmark-dev lammps python3 python3-numpy python3-scipy python3-sklearn python3-torch bc time)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup.sh: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "setup.sh: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$build" = 1 ]; then
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release -DGLASSML_TESTS=$tests -DGLASSML_BENCH=$bench >/dev/null
  cmake --build "$root/build" -j "$(nproc)"
  echo "setup.sh: built $root/build/src/cli/glassml"
fi
