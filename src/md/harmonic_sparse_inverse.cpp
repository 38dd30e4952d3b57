#include "md/harmonic_sparse_inverse.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "md/harmonic_blas.hpp"

namespace glassml::md {
namespace {

using Eigen::MatrixXd;
constexpr std::size_t kTileAtoms = 64;
constexpr std::size_t kLeafAtoms = 512;

// ---- ordering -------------------------------------------------------------------------------

struct Dissection {
  const std::vector<Vec3>& s;              // fractional coordinates in [0, 1)
  std::array<double, 3> width;             // perpendicular widths (Å)
  double range;
  std::vector<std::size_t>& out;

  void order_by_position(std::vector<std::size_t> atoms, int d) {
    std::sort(atoms.begin(), atoms.end(), [&](std::size_t a, std::size_t b) { return s[a][d] < s[b][d]; });
    out.insert(out.end(), atoms.begin(), atoms.end());
  }

  void split(const std::vector<std::size_t>& atoms, std::array<bool, 3> wraps) {
    // Widest direction of the set (a wrapping set spans the whole width).
    std::array<double, 3> lo{1, 1, 1}, hi{0, 0, 0}, extent{};
    for (std::size_t a : atoms)
      for (int k = 0; k < 3; ++k) lo[k] = std::min(lo[k], s[a][k]), hi[k] = std::max(hi[k], s[a][k]);
    for (int k = 0; k < 3; ++k) extent[k] = wraps[k] ? width[k] : (hi[k] - lo[k]) * width[k];
    const int d = static_cast<int>(std::max_element(extent.begin(), extent.end()) - extent.begin());
    if (atoms.size() <= kLeafAtoms) return order_by_position(atoms, d);
    const double w = range / width[d];  // slab thickness in fractional units
    std::vector<std::size_t> left, right, separator;
    for (std::size_t a : atoms) {
      const double x = s[a][d];
      if (wraps[d]) {  // slabs [0, w) and [1/2, 1/2 + w): two halves that no longer wrap
        if (x < w || (x >= 0.5 && x < 0.5 + w)) separator.push_back(a);
        else (x < 0.5 ? left : right).push_back(a);
      } else {
        const double mid = 0.5 * (lo[d] + hi[d]);
        if (std::abs(x - mid) < 0.5 * w) separator.push_back(a);
        else (x < mid ? left : right).push_back(a);
      }
    }
    if (left.empty() || right.empty() || 2 * separator.size() > atoms.size()) return order_by_position(atoms, d);
    wraps[d] = false;
    split(left, wraps);
    split(right, wraps);
    order_by_position(separator, d);
  }
};

// ---- tiled lower triangle -------------------------------------------------------------------

class TiledLower {
 public:
  TiledLower(std::size_t n, std::size_t t) : n_(n), t_(t), nt_((n + t - 1) / t), tiles_(nt_ * (nt_ + 1) / 2) {}
  std::size_t count() const { return nt_; }
  std::size_t tile_size() const { return t_; }
  Eigen::Index dim(std::size_t i) const { return static_cast<Eigen::Index>(std::min(t_, n_ - i * t_)); }
  MatrixXd* get(std::size_t i, std::size_t j) const { return tiles_[slot(i, j)].get(); }
  MatrixXd& make(std::size_t i, std::size_t j) {
    auto& p = tiles_[slot(i, j)];
    if (!p) p = std::make_unique<MatrixXd>(MatrixXd::Zero(dim(i), dim(j)));
    return *p;
  }
  /// Tile rows I > k with a nonzero tile (I, k), increasing.
  std::vector<std::size_t> rows_below(std::size_t k) const {
    std::vector<std::size_t> r;
    for (std::size_t i = k + 1; i < nt_; ++i)
      if (get(i, k)) r.push_back(i);
    return r;
  }
  std::size_t stored() const {
    return static_cast<std::size_t>(std::count_if(tiles_.begin(), tiles_.end(), [](const auto& p) { return p != nullptr; }));
  }

 private:
  std::size_t slot(std::size_t i, std::size_t j) const { return i * (i + 1) / 2 + j; }
  std::size_t n_, t_, nt_;
  std::vector<std::unique_ptr<MatrixXd>> tiles_;
};

/// A = L Lᵀ in place (right-looking; fill tiles created on demand).
void factorize(TiledLower& a, Progress* progress, std::uint64_t& done) {
  for (std::size_t k = 0; k < a.count(); ++k) {
    MatrixXd& d = *a.get(k, k);
    if (!blas::cholesky_lower(d))
      throw ParameterError("the Hessian has negative modes: the structure is not at an energy minimum (minimize it first)");
    const auto rows = a.rows_below(k);
    parallel_for_dynamic(rows.size(), 1, [&](std::size_t r) {
      blas::solve_right_lower_transposed(d, *a.get(rows[r], k));  // L_IK = A_IK L_KK⁻ᵀ
    });
    // Schur update A_IJ -= L_IK L_JKᵀ; one tile column J per task, so no two tasks share a tile.
    parallel_for_dynamic(rows.size(), 1, [&](std::size_t jj) {
      const MatrixXd& ljk = *a.get(rows[jj], k);
      for (std::size_t ii = jj; ii < rows.size(); ++ii) blas::gemm(false, true, -1.0, *a.get(rows[ii], k), ljk, 1.0, a.make(rows[ii], rows[jj]));
    });
    if (progress) progress->update(++done);
  }
}

/// X <- A⁻¹ X with the factor (forward then backward substitution).
void solve(const TiledLower& l, MatrixXd& x) {
  const auto t = static_cast<Eigen::Index>(l.tile_size());
  for (std::size_t k = 0; k < l.count(); ++k) {
    auto xk = x.middleRows(static_cast<Eigen::Index>(k) * t, l.dim(k));
    l.get(k, k)->triangularView<Eigen::Lower>().solveInPlace(xk);
    for (std::size_t i : l.rows_below(k)) x.middleRows(static_cast<Eigen::Index>(i) * t, l.dim(i)).noalias() -= *l.get(i, k) * xk;
  }
  for (std::size_t k = l.count(); k-- > 0;) {
    auto xk = x.middleRows(static_cast<Eigen::Index>(k) * t, l.dim(k));
    for (std::size_t i : l.rows_below(k)) xk.noalias() -= l.get(i, k)->transpose() * x.middleRows(static_cast<Eigen::Index>(i) * t, l.dim(i));
    l.get(k, k)->triangularView<Eigen::Lower>().transpose().solveInPlace(xk);
  }
}

/// L -> Z = A⁻¹ on the tiles of L (selected inversion, see the header).
void selected_inversion(TiledLower& l, Progress* progress, std::uint64_t& done) {
  for (std::size_t k = l.count(); k-- > 0;) {
    MatrixXd& d = *l.get(k, k);
    MatrixXd linv = d.triangularView<Eigen::Lower>();
    blas::invert_lower(linv);
    const auto rows = l.rows_below(k);
    parallel_for_dynamic(rows.size(), 1, [&](std::size_t r) {  // U_JK = L_JK L_KK⁻¹
      blas::multiply_right_lower(linv, *l.get(rows[r], k));
    });
    std::vector<MatrixXd> z(rows.size());
    parallel_for_dynamic(rows.size(), 1, [&](std::size_t ii) {
      const std::size_t i = rows[ii];
      z[ii] = MatrixXd::Zero(l.dim(i), l.dim(k));
      for (std::size_t jj = 0; jj < rows.size(); ++jj) {
        const std::size_t j = rows[jj];
        if (i >= j) blas::gemm(false, false, -1.0, *l.get(i, j), *l.get(j, k), 1.0, z[ii]);
        else blas::gemm(true, false, -1.0, *l.get(j, i), *l.get(j, k), 1.0, z[ii]);
      }
    });
    MatrixXd zkk = MatrixXd::Zero(l.dim(k), l.dim(k));
    blas::gemm(true, false, 1.0, linv, linv, 0.0, zkk);
    for (std::size_t jj = 0; jj < rows.size(); ++jj) blas::gemm(true, false, -1.0, *l.get(rows[jj], k), z[jj], 1.0, zkk);
    for (std::size_t jj = 0; jj < rows.size(); ++jj) *l.get(rows[jj], k) = std::move(z[jj]);
    d = 0.5 * (zkk + zkk.transpose());
    if (progress) progress->update(++done);
  }
}

}  // namespace

std::vector<std::size_t> nested_dissection_order(const std::vector<Vec3>& positions, const Box& box, double range) {
  std::vector<Vec3> s(positions.size());
  for (std::size_t i = 0; i < positions.size(); ++i) {
    s[i] = box.to_fractional(positions[i] - box.lo);
    for (int k = 0; k < 3; ++k) s[i][k] -= std::floor(s[i][k]);
  }
  std::vector<std::size_t> out, all(positions.size());
  std::iota(all.begin(), all.end(), 0);
  Dissection nd{s, box.perpendicular_widths(), range, out};
  nd.split(all, {true, true, true});
  return out;
}

std::vector<Block3> pseudo_inverse_blocks_sparse(const BlockSparseMatrix& h, const std::vector<std::size_t>& order,
                                                 Progress* progress, SparseInverseStats* stats) {
  const std::size_t natoms = h.natoms;
  if (order.size() != natoms) throw std::invalid_argument("sparse inverse: order is not a permutation of the atoms");
  if (natoms < 2) throw ParameterError("the harmonic analysis needs at least 2 atoms");
  constexpr std::size_t kNone = SIZE_MAX;
  std::vector<std::size_t> pos(natoms, kNone);
  for (std::size_t p = 0; p < natoms; ++p) {
    if (order[p] >= natoms || pos[order[p]] != kNone) throw std::invalid_argument("sparse inverse: order is not a permutation");
    pos[order[p]] = p;
  }
  const std::size_t ground = order.back();
  const std::size_t n = 3 * (natoms - 1), t = 3 * kTileAtoms;
  TiledLower a(n, t);
  for (std::size_t i = 0; i < natoms; ++i) {
    if (i == ground) continue;
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q) {
      const std::size_t j = h.col[q];
      if (j == ground || pos[j] > pos[i]) continue;  // lower triangle in the new order
      for (int x = 0; x < 3; ++x)
        for (int y = 0; y < 3; ++y) {
          const std::size_t r = 3 * pos[i] + x, c = 3 * pos[j] + y;
          if (r >= c) a.make(r / t, c / t)(static_cast<Eigen::Index>(r % t), static_cast<Eigen::Index>(c % t)) = h.block[q][3 * x + y];
        }
    }
  }
  std::uint64_t done = 0;
  blas::ThreadScope one_blas_thread(1);  // the tile loops are parallel already
  factorize(a, progress, done);
  // Row sums of G: X = A⁻¹ R, R(3p + x, x) = 1.
  MatrixXd rowsum = MatrixXd::Zero(static_cast<Eigen::Index>(n), 3);
  for (std::size_t r = 0; r < n; ++r) rowsum(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(r % 3)) = 1.0;
  solve(a, rowsum);
  if (stats) {
    stats->tile_size = t;
    stats->stored_tiles = a.stored();
    stats->total_tiles = a.count() * (a.count() + 1) / 2;
    stats->stored_bytes = stats->stored_tiles * t * t * sizeof(double);
  }
  selected_inversion(a, progress, done);

  // [H⁺]_ii = G_ii − (g_i + g_iᵀ)/N + s/N².
  const double inv_n = 1.0 / static_cast<double>(natoms);
  Eigen::Matrix3d total = Eigen::Matrix3d::Zero();
  for (std::size_t p = 0; p + 1 < natoms; ++p) total += rowsum.middleRows(static_cast<Eigen::Index>(3 * p), 3);
  std::vector<Block3> out(natoms);
  for (std::size_t i = 0; i < natoms; ++i) {
    Eigen::Matrix3d g = Eigen::Matrix3d::Zero(), gi = Eigen::Matrix3d::Zero();
    if (i != ground) {
      const std::size_t r = 3 * pos[i];
      g = a.get(r / t, r / t)->block(static_cast<Eigen::Index>(r % t), static_cast<Eigen::Index>(r % t), 3, 3);
      gi = rowsum.middleRows(static_cast<Eigen::Index>(r), 3);
    }
    const Eigen::Matrix3d b = g - (gi + gi.transpose()) * inv_n + total * inv_n * inv_n;
    for (int x = 0; x < 3; ++x)
      for (int y = 0; y < 3; ++y) out[i][3 * x + y] = b(x, y);
  }
  return out;
}

}  // namespace glassml::md
