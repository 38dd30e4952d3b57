#include "structure/cell_list.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"

namespace glassml::structure {

CellList::CellList(const Box& box, std::span<const Vec3> positions, double r_cut, int subdivisions)
    : box_(box), r_cut_(r_cut), r_cut2_(r_cut * r_cut), subdivisions_(subdivisions) {
  box.validate();
  if (!(box.periodic[0] && box.periodic[1] && box.periodic[2]))
    throw ParameterError("neighbour search needs a box periodic in x, y and z");
  if (!(r_cut > 0.0) || !std::isfinite(r_cut))
    throw ParameterError(fmt::format("neighbour cutoff must be positive and finite (got {})", r_cut));
  if (subdivisions < 1 || subdivisions > 4)
    throw ParameterError(fmt::format("cell subdivisions must be 1..4 (got {})", subdivisions));
  const auto w = box.perpendicular_widths();
  const double wmin = box.min_periodic_width();
  if (2.0 * r_cut > wmin)
    throw ParameterError(fmt::format(
        "box too small for a neighbour cutoff of {:g} A: its shortest periodic width is {:.4f} A, under 2 x cutoff "
        "= {:g} A (use a larger or replicated sample, or a smaller cutoff)",
        r_cut, wmin, 2.0 * r_cut));
  if (positions.size() >= std::numeric_limits<std::uint32_t>::max())
    throw ParameterError("neighbour search supports at most 2^32-1 atoms");

  // Cells at least r_cut/m thick; the 1e-10 margin keeps the stencil argument valid under rounding.
  // Thicker cells stay valid, so the count is halved where it would far exceed the atoms.
  const std::size_t n = positions.size();
  const double thick = r_cut * (1.0 + 1e-10) / subdivisions;
  for (int k = 0; k < 3; ++k) n_[k] = static_cast<int>(std::clamp(std::floor(w[k] / thick), 1.0, 4096.0));
  auto count_cells = [&] { return static_cast<std::size_t>(n_[0]) * n_[1] * n_[2]; };
  while (count_cells() > 4 * n + 64) {
    int& largest = *std::max_element(n_.begin(), n_.end());
    largest = (largest + 1) / 2;
  }
  const std::size_t ncell = count_cells();

  // Wrap, bin, and counting-sort the atoms by cell (stable: atom order within a cell).
  std::vector<Vec3> wrapped(n);
  std::vector<std::uint32_t> cell_of_atom(n);
  parallel_for(n, [&](std::size_t i) {
    Vec3 f = box.to_fractional(positions[i] - box.lo);
    for (int k = 0; k < 3; ++k) {
      f[k] -= std::floor(f[k]);
      if (f[k] >= 1.0) f[k] = 0.0;  // floor of -tiny gives 1.0 after subtraction
    }
    wrapped[i] = box.lo + box.to_cartesian(f);
    cell_of_atom[i] = static_cast<std::uint32_t>(cell_of_point(f));
  });
  cell_start_.assign(ncell + 1, 0);
  for (auto c : cell_of_atom) ++cell_start_[c + 1];
  for (std::size_t c = 0; c < ncell; ++c) cell_start_[c + 1] += cell_start_[c];
  std::vector<std::size_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  order_.resize(n);
  slot_.resize(n);
  cell_of_slot_.resize(n);
  x_.resize(n);
  y_.resize(n);
  z_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t s = fill[cell_of_atom[i]]++;
    order_[s] = static_cast<std::uint32_t>(i);
    slot_[i] = static_cast<std::uint32_t>(s);
    cell_of_slot_[s] = cell_of_atom[i];
    x_[s] = wrapped[i].x;
    y_[s] = wrapped[i].y;
    z_[s] = wrapped[i].z;
  }
  build_stencil(subdivisions);
}

std::size_t CellList::cell_of_point(const Vec3& f) const {
  std::size_t idx[3];
  for (int k = 0; k < 3; ++k)
    idx[k] = static_cast<std::size_t>(std::min(static_cast<int>(f[k] * n_[k]), n_[k] - 1));
  return idx[0] + static_cast<std::size_t>(n_[0]) * (idx[1] + static_cast<std::size_t>(n_[1]) * idx[2]);
}

void CellList::build_stencil(int m) {
  // A lower bound on the distance between points of two cells `o` apart: along each axis the
  // cells are separated by (|o_k| - 1) cell thicknesses h_k (measured along the face normal).
  // For an orthogonal box the normals are orthogonal and the bound is the Euclidean sum; for a
  // tilted box the largest single separation is still a valid bound.
  const auto w = box_.perpendicular_widths();
  const bool ortho = !box_.triclinic();
  auto lower_bound = [&](int ox, int oy, int oz) {
    const int o[3] = {ox, oy, oz};
    double sum2 = 0.0, largest = 0.0;
    for (int k = 0; k < 3; ++k) {
      const double gap = std::max(std::abs(o[k]) - 1, 0) * (w[k] / n_[k]);
      sum2 += gap * gap;
      largest = std::max(largest, gap);
    }
    return ortho ? std::sqrt(sum2) : largest;
  };
  full_.clear();
  half_.clear();
  for (int oz = -m; oz <= m; ++oz)
    for (int oy = -m; oy <= m; ++oy) {
      // The included x offsets form an interval [-reach, reach] (the bound grows with |ox|).
      int reach = -1;
      for (int ox = 0; ox <= m; ++ox)
        if (lower_bound(ox, oy, oz) < r_cut_) reach = ox;
      if (reach < 0) continue;
      full_.push_back({oy, oz, -reach, reach});
      if (oz > 0 || (oz == 0 && oy > 0)) half_.push_back({oy, oz, -reach, reach});
      else if (oz == 0 && oy == 0 && reach > 0) half_.push_back({0, 0, 1, reach});
    }
}

double CellList::stencil_diameter() const {
  // Stencil offsets reach at most m cells along each cell vector: the stencil spans (2m + 1)
  // cells, i.e. the fraction (2m + 1) / n_k of cell vector k.
  const Vec3 v[3] = {box_.a(), box_.b(), box_.c()};
  double d = 0.0;
  for (int k = 0; k < 3; ++k) d += (2.0 * subdivisions_ + 1.0) / n_[k] * norm(v[k]);
  return d;
}

std::size_t CellList::num_stencil_cells() const {
  std::size_t count = 0;
  for (const Run& r : full_) count += static_cast<std::size_t>(r.ox_hi - r.ox_lo + 1);
  return count;
}

std::vector<Neighbor> CellList::neighbors(std::size_t i) const {
  std::vector<Neighbor> out;
  for_each_neighbor(i, [&](std::size_t j, const Vec3& d, double r2) { out.push_back({j, d, r2}); });
  std::sort(out.begin(), out.end(), [](const Neighbor& a, const Neighbor& b) { return a.j < b.j; });
  return out;
}

std::vector<std::vector<Neighbor>> CellList::all_neighbors(double r) const {
  std::vector<std::vector<Neighbor>> lists(size());
  const double r2max = std::min(r, r_cut_) * std::min(r, r_cut_);
  parallel_for(size(), [&](std::size_t i) {
    auto& list = lists[i];
    for_each_neighbor(i, [&](std::size_t j, const Vec3& d, double r2) {
      if (r2 < r2max) list.push_back({j, d, r2});
    });
    std::sort(list.begin(), list.end(), [](const Neighbor& a, const Neighbor& b) { return a.j < b.j; });
  });
  return lists;
}

}  // namespace glassml::structure
