#pragma once
// CPU clocks for benchmarks on a shared machine, where wall time includes waiting for a core.
//   process_cpu_ms(): CPU time of the whole process (all threads).
//   per_thread_cpu_ms(threads, work): CPU time each OpenMP pool thread spends while work() runs
//   (each thread reads its own clock in a parallel region before and after; the pool's threads
//   persist between regions, and with OMP_WAIT_POLICY=passive an idle thread sleeps instead of
//   spinning). On free cores the wall time would be the largest of them: a speedup estimate that
//   waiting for a core cannot spoil.
#include <omp.h>

#include <ctime>
#include <vector>

namespace glassml::bench {

inline double process_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return 1e3 * double(t.tv_sec) + 1e-6 * double(t.tv_nsec);
}

template <class Work>
std::vector<double> per_thread_cpu_ms(int threads, Work&& work) {
  std::vector<double> before(threads, 0.0), after(threads, 0.0);
  auto read = [&](std::vector<double>& out) {
#pragma omp parallel num_threads(threads)
    {
      timespec t{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
      out[omp_get_thread_num()] = 1e3 * double(t.tv_sec) + 1e-6 * double(t.tv_nsec);
    }
  };
  read(before);
  work();
  read(after);
  for (int t = 0; t < threads; ++t) after[t] -= before[t];
  return after;
}

}  // namespace glassml::bench
