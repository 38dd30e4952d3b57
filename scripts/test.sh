#!/usr/bin/env bash
# Installs what the tests need, builds glassml with its tests (and, with clang, the libFuzzer
# targets in build-fuzz/), and runs the whole suite with ctest.
#
#   scripts/test.sh               the suite (Release build in build/)
#   scripts/test.sh --sanitize    the suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
#   extra arguments after -- go to ctest (e.g. scripts/test.sh -- -R io)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc)

sanitize=0
ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) sanitize=1 ;;
    --) shift; ctest_args=("$@"); break ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

"$root/scripts/setup.sh" --tests --no-build

# Open MPI refuses to start as root unless told it may (CI and fresh machines run as root).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# Idle OpenMP threads sleep instead of spinning: with MD tests in parallel on 2 cores, spinning
# made 2-thread loops up to 10x slower (the runtime reads this before main, so it is set here).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

fuzz_dir=""
if command -v clang++ >/dev/null; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-fuzz" -DGLASSML_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$root/build-fuzz" -j "$jobs"
  fuzz_dir="$root/build-fuzz"
fi

if [ "$sanitize" = 1 ]; then
  build="$root/build-asan"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGLASSML_SANITIZE=ON -DGLASSML_BENCH=OFF \
        -DGLASSML_TESTS=ON -DGLASSML_FUZZ_DIR="$fuzz_dir" >/dev/null
  # Open MPI and LAMMPS keep global allocations until exit: leaks there are not ours.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  build="$root/build"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGLASSML_TESTS=ON -DGLASSML_FUZZ_DIR="$fuzz_dir" >/dev/null
fi
cmake --build "$build" -j "$jobs"
cd "$build"
ctest --output-on-failure -j "$jobs" "${ctest_args[@]}"
