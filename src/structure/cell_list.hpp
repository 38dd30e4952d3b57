#pragma once
// Neighbour search in a periodic, orthogonal or triclinic box by cell lists (link cells; Allen &
// Tildesley, "Computer Simulation of Liquids", 2nd ed., OUP 2017, section 5.3.2). Every structural
// descriptor finds its neighbours here.
//
// Geometry. Atoms are binned in fractional coordinates s = H^-1 (r - lo) into n_k cells along
// each cell vector, n_k = floor(w_k * m / r_cut) with w_k the perpendicular width of the box and
// m the number of subdivisions. s_k * w_k is the distance of a point from the lattice plane
// spanned by the two other cell vectors, so |Δs_k| * w_k <= |d| for any displacement d: a pair
// closer than r_cut is at most m cells apart along every axis, whatever the tilt. The cells
// within +-m are visited through a stencil of precomputed offsets; each offset carries the
// lattice shift of the periodic image it reaches, so the inner loop is plain subtraction (no
// minimum-image rounding) over atoms stored contiguously per cell.
//
// Requires a box periodic in x, y and z with 2 * r_cut <= its smallest perpendicular width:
// then at most one image of an atom lies within r_cut of another, and that image is the minimum
// image. Results (neighbour sets, visit order) do not depend on the number of threads.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/box.hpp"
#include "core/parallel.hpp"
#include "core/vec3.hpp"
#include "structure/distance_filter.hpp"

namespace glassml::structure {

/// One neighbour j of an atom (or point) i.
struct Neighbor {
  std::size_t j = 0;  ///< atom index, in the order of the positions given to CellList
  Vec3 d{};           ///< r_j - r_i, minimum image, Å
  double r2 = 0.0;    ///< |d|², Å²
};

class CellList {
 public:
  /// Bins the atoms (positions anywhere: they are wrapped into the box). `subdivisions` m
  /// trades the number of cells visited against the number of distances computed (cells are
  /// >= r_cut/m thick). Throws ParameterError for a non-periodic box, r_cut <= 0, a box whose
  /// smallest periodic width is under 2*r_cut, or m outside 1..4.
  CellList(const Box& box, std::span<const Vec3> positions, double r_cut, int subdivisions = 2);

  std::size_t size() const { return order_.size(); }
  double cutoff() const { return r_cut_; }
  const Box& box() const { return box_; }
  std::array<int, 3> cells_per_axis() const { return n_; }
  std::size_t num_cells() const { return cell_start_.size() - 1; }
  /// Cells visited around each atom (the full stencil).
  std::size_t num_stencil_cells() const;

  /// Atoms are stored sorted by cell; slot s holds atom atom_at(s). Pair loops report slots so
  /// that per-atom accumulators can be laid out in cell order (cache-friendly).
  std::size_t atom_at(std::size_t slot) const { return order_[slot]; }
  std::size_t slot_of(std::size_t atom) const { return slot_[atom]; }

  /// Per-atom loop: fn(j, d, r2) for every atom j != i with |d| < r_cut, d = r_j - r_i.
  template <class Fn>
  void for_each_neighbor(std::size_t i, Fn&& fn) const;
  /// Radius query around any point: fn(j, d, r2) for every atom with |d| < r, d = r_j - point.
  /// Requires r <= cutoff(). An atom sitting on the point is reported (r2 = 0).
  template <class Fn>
  void for_each_within(const Vec3& point, double r, Fn&& fn) const;
  /// Neighbours of atom i within r_cut, sorted by j.
  std::vector<Neighbor> neighbors(std::size_t i) const;
  /// Neighbours within r <= cutoff() of every atom, in parallel over atoms; each list sorted by j.
  std::vector<std::vector<Neighbor>> all_neighbors(double r) const;

  /// Each unordered pair closer than r_cut exactly once, in parallel over cells:
  /// fn(chunk, slot_i, slot_j, d, r2) with d = r_j - r_i. The cells are split into `chunks`
  /// contiguous ranges, one per parallel task; `chunk` (< chunks) lets the caller keep one
  /// accumulator per task. The pairs each chunk sees do not depend on the thread count.
  template <class Fn>
  void for_each_pair_slots(std::size_t chunks, Fn&& fn) const;
  /// Slots of cell c: [cell_begin(c), cell_end(c)).
  std::size_t cell_begin(std::size_t c) const { return cell_start_[c]; }
  std::size_t cell_end(std::size_t c) const { return cell_start_[c + 1]; }
  /// Wrapped position of slot s; all of them as arrays (structure of arrays, slot order).
  Vec3 slot_position(std::size_t s) const { return {x_[s], y_[s], z_[s]}; }
  const double* slot_x() const { return x_.data(); }
  const double* slot_y() const { return y_.data(); }
  const double* slot_z() const { return z_.data(); }
  /// The half stencil of a cell (every other cell whose atoms may pair with it, each pair of
  /// cells once), as fn(begin, end, shift): slots [begin, end) whose positions + shift are the
  /// images near the cell. With the cell itself (j > i) it gives every pair once.
  template <class Fn>
  void for_each_half_stencil_run(std::size_t cell, Fn&& fn) const { visit(cell, half_, fn); }
  /// An upper bound on the distance between two points of a cell's stencil (the images that
  /// for_each_half_stencil_run reports included): sum over cell vectors of (2m + 1) cell lengths.
  double stencil_diameter() const;

  /// The same pairs in blocks sharing slot_i, for kernels that vectorize over neighbours:
  /// fn(chunk, slot_i, n, slot_j[], r2[]) with n >= 1 pairs (slot_i, slot_j[k]) at squared
  /// distance r2[k] < r_cut². The arrays are valid during the call only.
  template <class Fn>
  void for_each_pair_block(std::size_t chunks, Fn&& fn) const;

 private:
  /// Cells (cx + ox_lo .. cx + ox_hi, cy + oy, cz + oz) relative to a cell (cx, cy, cz): a run
  /// of cells that are contiguous in memory unless the run wraps around the box.
  struct Run {
    int oy, oz, ox_lo, ox_hi;
  };

  void build_stencil(int subdivisions);
  /// Calls fn(begin, end, shift) for the contiguous slot ranges of `runs` around `cell`; shift
  /// is the lattice vector to add to the stored positions of those slots.
  template <class Fn>
  void visit(std::size_t cell, const std::vector<Run>& runs, Fn&& fn) const;
  std::size_t cell_of_point(const Vec3& wrapped_fractional) const;
  /// r_j − r_i for two slots closer than r_cut (minimum image by rounding fractional coordinates).
  Vec3 min_image_of_slots(std::size_t si, std::size_t sj) const {
    Vec3 f = box_.to_fractional({x_[sj] - x_[si], y_[sj] - y_[si], z_[sj] - z_[si]});
    for (int k = 0; k < 3; ++k) f[k] -= std::nearbyint(f[k]);
    return box_.to_cartesian(f);
  }

  Box box_;
  double r_cut_ = 0.0, r_cut2_ = 0.0;
  int subdivisions_ = 2;
  std::array<int, 3> n_{1, 1, 1};
  std::vector<std::uint32_t> order_, slot_, cell_of_slot_;
  std::vector<std::size_t> cell_start_;  ///< slots of cell c: [cell_start_[c], cell_start_[c+1])
  std::vector<double> x_, y_, z_;        ///< wrapped positions, slot order
  std::vector<Run> full_, half_;         ///< full stencil; half stencil (positive offsets only)
};

// ---- templates -----------------------------------------------------------------------------

namespace detail {
inline int floor_div(int a, int n) { return a >= 0 ? a / n : -((-a + n - 1) / n); }
}  // namespace detail

template <class Fn>
void CellList::visit(std::size_t cell, const std::vector<Run>& runs, Fn&& fn) const {
  const int nx = n_[0], ny = n_[1], nz = n_[2];
  const int cx = static_cast<int>(cell % nx);
  const int cy = static_cast<int>((cell / nx) % ny);
  const int cz = static_cast<int>(cell / (static_cast<std::size_t>(nx) * ny));
  const Vec3 a = box_.a(), b = box_.b(), c = box_.c();
  for (const Run& run : runs) {
    const int uy = cy + run.oy, uz = cz + run.oz;
    const int my = detail::floor_div(uy, ny), mz = detail::floor_div(uz, nz);
    const std::size_t row = static_cast<std::size_t>(nx) * ((uy - my * ny) + static_cast<std::size_t>(ny) * (uz - mz * nz));
    const Vec3 base = b * double(my) + c * double(mz);
    // Split the x run where it crosses the box boundary: each piece has its own image shift.
    for (int u = cx + run.ox_lo, hi = cx + run.ox_hi; u <= hi;) {
      const int mx = detail::floor_div(u, nx);
      const int last = std::min(hi, (mx + 1) * nx - 1);
      const std::size_t begin = cell_start_[row + (u - mx * nx)];
      const std::size_t end = cell_start_[row + (last - mx * nx) + 1];
      if (begin < end) fn(begin, end, base + a * double(mx));
      u = last + 1;
    }
  }
}

template <class Fn>
void CellList::for_each_neighbor(std::size_t i, Fn&& fn) const {
  const std::size_t si = slot_[i];
  visit(cell_of_slot_[si], full_, [&](std::size_t begin, std::size_t end, const Vec3& shift) {
    const double qx = x_[si] - shift.x, qy = y_[si] - shift.y, qz = z_[si] - shift.z;
    for (std::size_t s = begin; s < end; ++s) {
      const Vec3 d{x_[s] - qx, y_[s] - qy, z_[s] - qz};
      const double r2 = d.x * d.x + d.y * d.y + d.z * d.z;
      if (r2 < r_cut2_ && s != si) fn(std::size_t{order_[s]}, d, r2);
    }
  });
}

template <class Fn>
void CellList::for_each_within(const Vec3& point, double r, Fn&& fn) const {
  Vec3 f = box_.to_fractional(point - box_.lo);
  for (int k = 0; k < 3; ++k) {
    f[k] -= std::floor(f[k]);
    if (f[k] >= 1.0) f[k] = 0.0;
  }
  const Vec3 p = box_.lo + box_.to_cartesian(f);
  const double rr = std::min(r, r_cut_), r2max = rr * rr;
  visit(cell_of_point(f), full_, [&](std::size_t begin, std::size_t end, const Vec3& shift) {
    const double qx = p.x - shift.x, qy = p.y - shift.y, qz = p.z - shift.z;
    for (std::size_t s = begin; s < end; ++s) {
      const Vec3 d{x_[s] - qx, y_[s] - qy, z_[s] - qz};
      const double r2 = d.x * d.x + d.y * d.y + d.z * d.z;
      if (r2 < r2max) fn(std::size_t{order_[s]}, d, r2);
    }
  });
}

template <class Fn>
void CellList::for_each_pair_block(std::size_t chunks, Fn&& fn) const {
  const std::size_t ncell = num_cells();
  if (chunks == 0) chunks = 1;
  parallel_for(chunks, [&](std::size_t t) {
    // Per (atom, run of cells): the hits among the run's atoms (structure/distance_filter.hpp).
    std::vector<std::uint32_t> slot_buffer;
    std::vector<double> hit_r2_buffer;
    const detail::FilterFunction filter = detail::filter_function();
    const std::size_t c0 = ncell * t / chunks, c1 = ncell * (t + 1) / chunks;
    for (std::size_t c = c0; c < c1; ++c) {
      const std::size_t a0 = cell_start_[c], a1 = cell_start_[c + 1];
      if (a0 == a1) continue;
      auto block = [&](std::size_t si, std::size_t begin, std::size_t end, const Vec3& shift) {
        if (slot_buffer.size() < end - begin + 8) {  // + 8: see filter_within
          slot_buffer.resize(2 * (end - begin) + 8);
          hit_r2_buffer.resize(2 * (end - begin) + 8);
        }
        const std::size_t n = filter(x_.data(), y_.data(), z_.data(), begin, end, x_[si] - shift.x,
                                                    y_[si] - shift.y, z_[si] - shift.z, r_cut2_, slot_buffer.data(),
                                                    hit_r2_buffer.data());
        if (n) fn(t, si, n, static_cast<const std::uint32_t*>(slot_buffer.data()), static_cast<const double*>(hit_r2_buffer.data()));
      };
      for (std::size_t si = a0; si + 1 < a1; ++si) block(si, si + 1, a1, Vec3{});  // same cell, j > i
      visit(c, half_, [&](std::size_t begin, std::size_t end, const Vec3& shift) {
        for (std::size_t si = a0; si < a1; ++si) block(si, begin, end, shift);
      });
    }
  });
}

template <class Fn>
void CellList::for_each_pair_slots(std::size_t chunks, Fn&& fn) const {
  for_each_pair_block(chunks, [&](std::size_t t, std::size_t si, std::size_t n, const std::uint32_t* sj, const double* r2) {
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t s = sj[k];
      // d from the stored positions; the image shift follows from the minimum image of the
      // wrapped difference (exact here: |d| < r_cut <= half the smallest width).
      fn(t, si, s, min_image_of_slots(si, s), r2[k]);
    }
  });
}

}  // namespace glassml::structure
