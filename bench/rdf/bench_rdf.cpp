// Benchmark of the per-atom RDF (issue 3). Two modes:
//
//   bench_rdf paper   SAMPLE OUTDIR   the paper's 19,652-atom sample (SAMPLE replicated 3x3x3,
//                                     trimmed to the cube holding the 19,652 atoms nearest the
//                                     origin), 40 bins, r <= 10 A, on 1 and 2 threads. Writes
//                                     the sample and our features to OUTDIR for the NumPy/SciPy
//                                     peer (rdf_scipy.py), which run.sh times in the same run.
//   bench_rdf size SAMPLE ATOMS       SAMPLE replicated n x n x n and trimmed to ATOMS atoms: CPU
//                                     and wall time on 1 thread, on 2 threads, and peak memory
//                                     (one size per process, so that the peak is this size's).
//
// Times are the best and the median of repeated calls of compute_rdf_features (cell-list build
// included, file reading excluded).
#include <omp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "../common/thread_cpu.hpp"
#include "core/parallel.hpp"
#include "io/npy.hpp"
#include "io/structure_file.hpp"
#include "structure/cell_list.hpp"
#include "structure/rdf.hpp"

namespace {

using namespace glassml;

/// The configuration repeated n times along each cell vector.
Configuration replicate(const Configuration& c, int n) {
  Configuration r = c;
  r.box.lx *= n, r.box.ly *= n, r.box.lz *= n, r.box.xy *= n, r.box.xz *= n, r.box.yz *= n;
  r.id.clear(), r.type.clear(), r.position.clear(), r.image.clear(), r.columns.clear();
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      for (int e = 0; e < n; ++e) {
        const Vec3 shift = c.box.to_cartesian({double(a), double(b), double(e)});
        for (std::size_t i = 0; i < c.size(); ++i) {
          r.id.push_back(static_cast<std::int64_t>(r.id.size() + 1));
          r.type.push_back(c.type[i]);
          r.position.push_back(c.box.wrap(c.position[i]) + shift);
        }
      }
  return r;
}

/// The `keep` atoms nearest the origin corner in the max-norm, as a periodic cube (orthogonal
/// input only). The cut faces are not a perfect glass surface; for timing only the density matters.
Configuration trim_cube(const Configuration& c, std::size_t keep) {
  std::vector<std::pair<double, std::size_t>> reach;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Vec3 d = c.box.wrap(c.position[i]) - c.box.lo;
    reach.emplace_back(std::max({d.x, d.y, d.z}), i);
  }
  std::sort(reach.begin(), reach.end());
  const double side = 0.5 * (reach[keep - 1].first + reach[keep].first);
  Configuration t = c;
  t.box = Box::orthogonal(c.box.lo, c.box.lo + Vec3{side, side, side});
  t.id.clear(), t.type.clear(), t.position.clear(), t.image.clear(), t.columns.clear();
  std::vector<std::size_t> kept;
  for (std::size_t k = 0; k < keep; ++k) kept.push_back(reach[k].second);
  std::sort(kept.begin(), kept.end());
  for (std::size_t i : kept) {
    t.id.push_back(static_cast<std::int64_t>(t.id.size() + 1));
    t.type.push_back(c.type[i]);
    t.position.push_back(c.box.wrap(c.position[i]));
  }
  return t;
}

struct Timing {
  double best_ms, median_ms;  ///< wall clock
  double best_cpu_ms;         ///< CPU time of the process (all threads): immune to waiting for a
                              ///< core on a shared machine
};

double cpu_ms() { return bench::process_cpu_ms(); }

Timing time_rdf(const Configuration& c, const structure::RdfSettings& s, int threads, int reps) {
  set_num_threads(threads);
  std::vector<double> ms, cpu;
  for (int r = 0; r < reps; ++r) {
    const double c0 = cpu_ms();
    const auto t0 = std::chrono::steady_clock::now();
    const auto m = structure::compute_rdf_features(c, s);
    const auto t1 = std::chrono::steady_clock::now();
    cpu.push_back(cpu_ms() - c0);
    if (m.rows != c.size()) std::abort();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  set_num_threads(0);
  std::sort(ms.begin(), ms.end());
  return {ms.front(), ms[ms.size() / 2], *std::min_element(cpu.begin(), cpu.end())};
}

/// CPU time of each of `threads` pool threads in one call (bench/common/thread_cpu.hpp).
std::vector<double> per_thread_cpu_ms(const Configuration& c, const structure::RdfSettings& s, int threads) {
  set_num_threads(threads);
  const auto t = bench::per_thread_cpu_ms(threads, [&] {
    if (structure::compute_rdf_features(c, s).rows != c.size()) std::abort();
  });
  set_num_threads(0);
  return t;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

void paper(const std::string& sample, const std::string& outdir) {
  const Configuration c = trim_cube(replicate(io::read_structure(sample), 3), 19652);
  const structure::RdfSettings s;
  // Neighbour statistics: what the kernel has to do.
  const structure::CellList cells(c.box, c.position, s.r_max);
  std::size_t within = 0;
  for (std::size_t i = 0; i < c.size(); ++i) cells.for_each_neighbor(i, [&](std::size_t, const Vec3&, double) { ++within; });
  const double cell_volume = c.box.volume() / double(cells.num_cells());
  fmt::print("sample: {} atoms, cube {:.3f} A, rho {:.5f} /A^3; {:.1f} neighbours within 10 A per atom;\n"
             "        cell list {}x{}x{}, {} stencil cells -> {:.0f} candidate distances per atom (half of them per pair)\n",
             c.size(), c.box.lx, double(c.size()) / c.box.volume(), double(within) / double(c.size()), cells.cells_per_axis()[0],
             cells.cells_per_axis()[1], cells.cells_per_axis()[2], cells.num_stencil_cells(),
             double(cells.num_stencil_cells()) * cell_volume * double(c.size()) / c.box.volume());
  const Timing one = time_rdf(c, s, 1, 30), two = time_rdf(c, s, 2, 30);
  fmt::print("glassml 1 thread : wall best {:.2f} ms, median {:.2f} ms; CPU best {:.2f} ms\n", one.best_ms, one.median_ms,
             one.best_cpu_ms);
  fmt::print("glassml 2 threads: wall best {:.2f} ms, median {:.2f} ms; CPU best {:.2f} ms (both threads); "
             "speedup {:.2f}x (best wall)\n",
             two.best_ms, two.median_ms, two.best_cpu_ms, one.best_ms / two.best_ms);
  // Best of 30 of the busiest thread's CPU time: the wall time two free cores would need.
  double busiest = 1e300, other = 0.0;
  for (int r = 0; r < 30; ++r) {
    const auto t = per_thread_cpu_ms(c, s, 2);
    const double hi = std::max(t[0], t[1]);
    if (hi < busiest) busiest = hi, other = std::min(t[0], t[1]);
  }
  fmt::print("glassml 2 threads, CPU per thread (best call): busiest {:.2f} ms, other {:.2f} ms -> on two free cores "
             "~{:.2f} ms, speedup ~{:.2f}x over 1 thread's CPU time\n",
             busiest, other, busiest, one.best_cpu_ms / busiest);
  // Input and result for the NumPy/SciPy peer: positions relative to the box origin.
  std::vector<double> pos;
  for (const Vec3& r : c.position) pos.insert(pos.end(), {r.x - c.box.lo.x, r.y - c.box.lo.y, r.z - c.box.lo.z});
  io::write_npy(outdir + "/positions.npy", pos.data(), c.size(), 3);
  const double box[3] = {c.box.lx, c.box.ly, c.box.lz};
  io::write_npy(outdir + "/box.npy", box, 1, 3);
  const auto m = structure::compute_rdf_features(c, s);
  io::write_npy(outdir + "/features.npy", m.data.data(), m.rows, m.cols);
  std::FILE* f = std::fopen((outdir + "/glassml_ms.txt").c_str(), "w");
  if (f) {
    fmt::print(f, "{} {} {}\n", one.best_ms, two.best_ms, one.best_cpu_ms);
    std::fclose(f);
  }
}

/// Resident memory now, MB (from /proc/self/statm).
double rss_mb() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return double(resident) * double(sysconf(_SC_PAGESIZE)) / 1048576.0;
}

/// One size per process, so that the peak RSS is that size's: SAMPLE replicated n x n x n with
/// the smallest n that holds `atoms`, trimmed to that many atoms.
void size(const std::string& sample, std::size_t atoms) {
  const Configuration base = io::read_structure(sample);
  int n = 1;
  while (base.size() * std::size_t(n * n * n) < atoms) ++n;
  Configuration c = replicate(base, n);
  if (c.size() > atoms) c = trim_cube(c, atoms);
  const structure::RdfSettings s;
  const double before = rss_mb();
  const int reps = c.size() < 100000 ? 15 : c.size() < 500000 ? 5 : 3;
  const Timing one = time_rdf(c, s, 1, reps);
  const Timing two = time_rdf(c, s, 2, reps);
  double busiest = 1e300;
  for (int r = 0; r < reps; ++r) {
    const auto t = per_thread_cpu_ms(c, s, 2);
    busiest = std::min(busiest, std::max(t[0], t[1]));
  }
  const double peak = peak_rss_mb();
  fmt::print("{:>9} {:>10.2f} {:>10.2f} {:>9.1f} {:>10.3g} {:>10.2f} {:>11.2f} {:>8.2f} {:>10.1f} {:>10.1f} {:>10.1f}\n", c.size(),
             one.best_cpu_ms, one.best_ms, 1e6 * one.best_cpu_ms / double(c.size()), 1e3 * double(c.size()) / one.best_cpu_ms,
             two.best_ms, busiest, one.best_cpu_ms / busiest, double(c.size()) * 40 * 8 / 1048576.0, before, peak);
}

void size_header() {
  fmt::print("{:>9} {:>10} {:>10} {:>9} {:>10} {:>10} {:>11} {:>8} {:>10} {:>10} {:>10}\n", "atoms", "1thr CPU", "1thr wall",
             "ns/atom", "atoms/s", "2thr wall", "2thr busiest", "speedup", "output MB", "input RSS", "peak RSS");
  fmt::print("{:>9} {:>10} {:>10} {:>9} {:>10} {:>10} {:>11} {:>8} {:>10} {:>10} {:>10}\n", "", "ms", "ms", "(CPU)", "(CPU)", "ms",
             "thread CPU", "(CPU)", "", "MB", "MB");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "paper" && argc == 4) {
    paper(argv[2], argv[3]);
  } else if (mode == "size" && argc == 4) {
    size(argv[2], std::stoul(argv[3]));
  } else if (mode == "size-header") {
    size_header();
  } else {
    std::fprintf(stderr, "usage: bench_rdf paper SAMPLE OUTDIR | bench_rdf size SAMPLE ATOMS | bench_rdf size-header\n");
    return 2;
  }
  return 0;
}
