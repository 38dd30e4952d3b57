// Per-atom pair-distance histograms (rdf_histogram.hpp).
#include "structure/rdf_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include <omp.h>

#include "core/parallel.hpp"
#include "structure/rdf_kernel.hpp"

namespace glassml::structure::detail {
namespace {

/// c[k] = float(p[k] + d) per axis, slot[k] = first + k. Compiled twice, for AVX-512 and for the
/// baseline, the version chosen when the program loads (GCC function multiversioning).
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx512f", "default")))
#endif
void copy_shifted(const double* __restrict px, const double* __restrict py, const double* __restrict pz, std::size_t len,
                  double dx, double dy, double dz, std::uint32_t first, float* __restrict cx, float* __restrict cy,
                  float* __restrict cz, std::uint32_t* __restrict slot) {
  for (std::size_t k = 0; k < len; ++k) {
    cx[k] = static_cast<float>(px[k] + dx);
    cy[k] = static_cast<float>(py[k] + dy);
    cz[k] = static_cast<float>(pz[k] + dz);
    slot[k] = first + static_cast<std::uint32_t>(k);
  }
}

/// The atoms of one cell followed by those of its half stencil: float coordinates relative to
/// the cell's first atom, images applied; runs remember each block's slots and image shift.
struct CellCandidates {
  struct Run {
    std::size_t begin;  ///< first candidate of the run
    Vec3 shift;         ///< image shift of its slots
  };
  std::vector<float> x, y, z;
  std::vector<std::uint32_t> slot;
  std::vector<Run> runs;
  std::size_t size = 0;

  void build(const CellList& cells, std::size_t cell) {
    const Vec3 o = cells.slot_position(cells.cell_begin(cell));
    size = 0;
    runs.clear();
    auto append = [&](std::size_t begin, std::size_t end, const Vec3& shift) {
      const std::size_t len = end - begin;
      reserve(size + len);
      runs.push_back({size, shift});
      const Vec3 d = shift - o;
      copy_shifted(cells.slot_x() + begin, cells.slot_y() + begin, cells.slot_z() + begin, len, d.x, d.y, d.z,
                   static_cast<std::uint32_t>(begin), x.data() + size, y.data() + size, z.data() + size, slot.data() + size);
      size += len;
    };
    append(cells.cell_begin(cell), cells.cell_end(cell), Vec3{});
    cells.for_each_half_stencil_run(cell, append);
  }
  /// Room for n candidates plus the 16 lanes a vector loop may read past them.
  void reserve(std::size_t n) {
    if (x.size() >= n + 16) return;
    const std::size_t cap = 2 * n + 16;
    x.resize(cap), y.resize(cap), z.resize(cap), slot.resize(cap);
  }
  const Vec3& shift_of(std::size_t candidate) const {
    auto it = std::upper_bound(runs.begin(), runs.end(), candidate, [](std::size_t c, const Run& r) { return c < r.begin; });
    return std::prev(it)->shift;
  }
};

/// Kernel outputs for one atom.
struct AtomScratch {
  std::vector<std::uint32_t> hit, sure_idx, sure_bin, unsure_idx;
  std::vector<float> hit_r2;
  void reserve(std::size_t n) {
    if (hit.size() >= n + 16) return;
    const std::size_t cap = 2 * n + 16;
    hit.resize(cap), sure_idx.resize(cap), sure_bin.resize(cap), unsure_idx.resize(cap), hit_r2.resize(cap);
  }
};

/// The reference bin of the pair (slot si, candidate c) in double precision, or -1 when the pair
/// is not within [r_min, r_cut): r² = (dx² + dy²) + dz², x = (sqrt(r²) − r_min)/Δr, clamped at
/// the last bin against rounding at r_max.
int exact_bin(const CellList& cells, const CellCandidates& cand, std::size_t si, std::size_t c, const HistogramLayout& l) {
  const Vec3 shift = cand.shift_of(c);
  const Vec3 pi = cells.slot_position(si), pj = cells.slot_position(cand.slot[c]);
  const double qx = pi.x - shift.x, qy = pi.y - shift.y, qz = pi.z - shift.z;
  const double dx = pj.x - qx, dy = pj.y - qy, dz = pj.z - qz;
  const double r2 = dx * dx + dy * dy + dz * dz;
  if (!(r2 < cells.cutoff() * cells.cutoff())) return -1;
  const double x = (std::sqrt(r2) - l.r_min) * (1.0 / l.dr);
  if (x < 0.0) return -1;
  return static_cast<int>(std::min(x, static_cast<double>(l.num_bins - 1)));
}

template <class Count, bool kPartial>
void count_cells(const CellList& cells, const HistogramLayout& l, std::size_t c0, std::size_t c1, std::vector<Count>& counts) {
  const BinKernel kernel = bin_kernel();
  const BinKernelParams params =
      make_bin_kernel_params(cells.cutoff(), l.r_min, l.dr, l.num_bins, cells.stencil_diameter());
  const std::size_t row = l.row(), nb = l.num_bins;
  const std::uint8_t* block = kPartial ? l.block_of_slot->data() : nullptr;
  Count* c = counts.data();
  // Per-thread buffers kept between calls (they grow to the largest cell's needs, a few KB).
  thread_local CellCandidates cand;
  thread_local AtomScratch a;
  // Both histograms of a pair: atom i's (column block of j) and atom j's (column block of i).
  auto add = [&](std::size_t si, std::size_t sj, std::size_t bin) {
    if constexpr (kPartial) {
      ++c[si * row + block[sj] * nb + bin];
      ++c[sj * row + block[si] * nb + bin];
    } else {
      ++c[si * row + bin];
      ++c[sj * row + bin];
    }
  };
  for (std::size_t cell = c0; cell < c1; ++cell) {
    const std::size_t a0 = cells.cell_begin(cell), na = cells.cell_end(cell) - a0;
    if (na == 0) continue;
    cand.build(cells, cell);
    a.reserve(cand.size);
    for (std::size_t k = 0; k < na; ++k) {
      const std::size_t si = a0 + k;
      const BinKernelResult r = kernel(cand.x.data(), cand.y.data(), cand.z.data(), k + 1, cand.size, cand.x[k], cand.y[k],
                                       cand.z[k], params, {a.hit.data(), a.hit_r2.data()}, a.sure_idx.data(),
                                       a.sure_bin.data(), a.unsure_idx.data());
      const std::uint32_t* idx = a.sure_idx.data();
      const std::uint32_t* bin = a.sure_bin.data();
      const std::uint32_t* slot = cand.slot.data();
      if constexpr (kPartial) {
        for (std::size_t h = 0; h < r.sure; ++h) add(si, slot[idx[h]], bin[h]);
      } else {
        Count* ci = c + si * row;
        for (std::size_t h = 0; h < r.sure; ++h) {
          ++ci[bin[h]];
          ++c[std::size_t{slot[idx[h]]} * row + bin[h]];
        }
      }
      for (std::size_t h = 0; h < r.unsure; ++h) {
        const std::size_t cj = a.unsure_idx[h];
        const int b = exact_bin(cells, cand, si, cj, l);
        if (b >= 0) add(si, slot[cj], static_cast<std::size_t>(b));
      }
    }
  }
}

}  // namespace

bool counts_fit_in_16_bits(const CellList& cells) {
  std::size_t most = 0;
  for (std::size_t c = 0; c < cells.num_cells(); ++c) most = std::max(most, cells.cell_end(c) - cells.cell_begin(c));
  // An atom's neighbours lie in the cells of its full stencil.
  return cells.size() <= 65536 || most * cells.num_stencil_cells() <= 65535;
}

template <class Count>
std::vector<std::vector<Count>> pair_histograms(const CellList& cells, const HistogramLayout& l,
                                                const std::function<void()>& side_task) {
  // One count array per thread; blocks of cells handed out dynamically, so the thread that runs
  // the side task (and any thread that loses its core for a while on a shared machine) simply
  // takes fewer blocks. Integer sums do not depend on which thread counted which pair.
  constexpr std::size_t kCellsPerBlock = 16;
  const std::size_t ncell = cells.num_cells(), nblock = (ncell + kCellsPerBlock - 1) / kCellsPerBlock;
  const int threads = std::max(1, num_threads());
  std::vector<std::vector<Count>> counts(static_cast<std::size_t>(threads));
  const bool partial = l.blocks > 1;
  // An exception (bad_alloc) must not leave a parallel region: keep the first, rethrow after.
  std::exception_ptr error;
  auto keep = [&] {
#pragma omp critical(glassml_rdf_error)
    if (!error) error = std::current_exception();
  };
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    auto& mine = counts[static_cast<std::size_t>(t)];
    try {
      mine.assign(cells.size() * l.row(), 0);  // first touch by the thread that fills it
      if (t == omp_get_num_threads() - 1 && side_task) side_task();
    } catch (...) {
      keep();
    }
#pragma omp for schedule(dynamic, 1) nowait
    for (long long b = 0; b < static_cast<long long>(nblock); ++b) {
      const std::size_t c0 = static_cast<std::size_t>(b) * kCellsPerBlock, c1 = std::min(ncell, c0 + kCellsPerBlock);
      if (mine.empty()) continue;  // its allocation failed: the call throws below
      try {
        if (partial) count_cells<Count, true>(cells, l, c0, c1, mine);
        else count_cells<Count, false>(cells, l, c0, c1, mine);
      } catch (...) {
        keep();
      }
    }
  }
  if (error) std::rethrow_exception(error);
  // A team smaller than asked for leaves arrays unused.
  std::erase_if(counts, [](const std::vector<Count>& c) { return c.empty(); });
  return counts;
}

template std::vector<std::vector<std::uint16_t>> pair_histograms<std::uint16_t>(const CellList&, const HistogramLayout&,
                                                                               const std::function<void()>&);
template std::vector<std::vector<std::uint32_t>> pair_histograms<std::uint32_t>(const CellList&, const HistogramLayout&,
                                                                               const std::function<void()>&);

}  // namespace glassml::structure::detail
