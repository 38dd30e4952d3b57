#pragma once
// One wrapper for parallel loops over atoms (OpenMP underneath), so that every module shares
// the same thread-count setting. Bodies must write only to per-index slots: results then do
// not depend on the number of threads.
#include <cstddef>

namespace glassml {

/// Number of threads parallel loops use (default: OMP_NUM_THREADS or all cores).
int num_threads();
/// Sets the thread count for later parallel loops; n <= 0 restores the default.
void set_num_threads(int n);

/// Runs body(i) for i in [0, n), statically partitioned over the threads.
template <class Body>
void parallel_for(std::size_t n, Body&& body) {
  const long long count = static_cast<long long>(n);
#pragma omp parallel for schedule(static)
  for (long long i = 0; i < count; ++i) body(static_cast<std::size_t>(i));
}

/// Like parallel_for but with dynamic scheduling in chunks, for uneven work per index.
template <class Body>
void parallel_for_dynamic(std::size_t n, std::size_t chunk, Body&& body) {
  const long long count = static_cast<long long>(n);
  const int c = static_cast<int>(chunk ? chunk : 1);
#pragma omp parallel for schedule(dynamic, c)
  for (long long i = 0; i < count; ++i) body(static_cast<std::size_t>(i));
}

}  // namespace glassml
