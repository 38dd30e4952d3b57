#include "md/hessian.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "md/lammps_potential.hpp"

namespace glassml::md {
namespace {

/// Minimum-image distance test |d| < range. Rounding in fractional coordinates gives the
/// shortest image whenever the result is shorter than half the smallest periodic width; only
/// otherwise (tilted boxes) the exact search of Box::minimum_image is needed.
struct ImageTester {
  const Box& box;
  double half_width;
  bool tilted;

  explicit ImageTester(const Box& b) : box(b), half_width(0.5 * b.min_periodic_width()), tilted(b.triclinic()) {}

  bool within(const Vec3& si, const Vec3& sj, double range) const {
    Vec3 ds = sj - si;
    for (int k = 0; k < 3; ++k) ds[k] -= std::nearbyint(ds[k]);
    const double d = norm(box.to_cartesian(ds));
    if (d < range) return true;
    if (!tilted || d <= half_width) return false;
    return norm(box.minimum_image(box.to_cartesian(ds))) < range;
  }
};

std::vector<Vec3> fractional(const std::vector<Vec3>& positions, const Box& box) {
  std::vector<Vec3> s(positions.size());
  for (std::size_t i = 0; i < positions.size(); ++i) s[i] = box.to_fractional(positions[i] - box.lo);
  return s;
}

}  // namespace

std::size_t BlockSparseMatrix::find(std::size_t i, std::size_t j) const {
  auto begin = col.begin() + static_cast<std::ptrdiff_t>(row_start[i]);
  auto end = col.begin() + static_cast<std::ptrdiff_t>(row_start[i + 1]);
  auto it = std::lower_bound(begin, end, j);
  return (it != end && *it == j) ? static_cast<std::size_t>(it - col.begin()) : SIZE_MAX;
}

void BlockSparseMatrix::multiply(const std::vector<double>& x, std::vector<double>& y) const {
  y.assign(3 * natoms, 0.0);
  parallel_for(natoms, [&](std::size_t i) {
    double acc[3] = {0, 0, 0};
    for (std::size_t p = row_start[i]; p < row_start[i + 1]; ++p) {
      const Block3& b = block[p];
      const double* xj = &x[3 * col[p]];
      for (int a = 0; a < 3; ++a) acc[a] += b[3 * a] * xj[0] + b[3 * a + 1] * xj[1] + b[3 * a + 2] * xj[2];
    }
    for (int a = 0; a < 3; ++a) y[3 * i + a] = acc[a];
  });
}

BlockSparseMatrix pair_pattern(const std::vector<Vec3>& positions, const Box& box, double range) {
  const std::size_t n = positions.size();
  const auto s = fractional(positions, box);
  const ImageTester tester(box);
  // Brute force over pairs (O(N²) distance tests, threaded): ~4e8 tests for 20,000 atoms, a few
  // seconds, negligible next to the force calls.
  std::vector<std::vector<std::size_t>> rows(n);
  parallel_for_dynamic(n, 16, [&](std::size_t i) {
    for (std::size_t j = 0; j < n; ++j)
      if (j == i || tester.within(s[i], s[j], range)) rows[i].push_back(j);
  });
  BlockSparseMatrix m;
  m.natoms = n;
  m.row_start.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) m.row_start[i + 1] = m.row_start[i] + rows[i].size();
  m.col.reserve(m.row_start[n]);
  for (auto& r : rows) m.col.insert(m.col.end(), r.begin(), r.end());
  m.block.assign(m.col.size(), Block3{});
  return m;
}

std::vector<std::vector<std::size_t>> separated_groups(const std::vector<Vec3>& positions, const Box& box,
                                                       double separation) {
  const auto s = fractional(positions, box);
  const ImageTester tester(box);
  std::vector<std::vector<std::size_t>> groups;
  // First fit: an atom joins the first group none of whose members is within `separation`.
  // Groups hold at most (L / separation)³ members, so each test is short; the scan is
  // O(N x groups x members) = O(N²) at worst.
  for (std::size_t i = 0; i < positions.size(); ++i) {
    bool placed = false;
    for (std::size_t g = 0; g < groups.size() && !placed; ++g) {
      bool fits = true;
      for (std::size_t m : groups[g])
        if (tester.within(s[m], s[i], separation)) {
          fits = false;
          break;
        }
      if (fits) groups[g].push_back(i), placed = true;
    }
    if (!placed) groups.push_back({i});
  }
  return groups;
}

void symmetrize(BlockSparseMatrix& h) {
  const std::size_t n = h.natoms;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q) {
      const std::size_t j = h.col[q];
      if (j < i) continue;
      const std::size_t r = h.find(j, i);
      Block3& bij = h.block[q];
      Block3& bji = h.block[r];
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) {
          if (j == i && b <= a) continue;
          const double v = 0.5 * (bij[3 * a + b] + bji[3 * b + a]);
          bij[3 * a + b] = v;
          bji[3 * b + a] = v;
        }
    }
}

namespace {

/// Solves L φ = a for the graph Laplacian of h's pattern ((Lφ)_i = Σ_{j≠i} (φ_i − φ_j)), three
/// right-hand sides at once, by conjugate gradients from φ = 0 (a sums to zero: the system is
/// consistent and the iterates stay orthogonal to L's null space, the constants).
std::vector<Vec3> solve_pattern_laplacian(const BlockSparseMatrix& h, const std::vector<Vec3>& a) {
  const std::size_t n = h.natoms;
  auto apply = [&](const std::vector<Vec3>& x, std::vector<Vec3>& y) {
    parallel_for(n, [&](std::size_t i) {
      Vec3 acc{};
      for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q) acc += x[i] - x[h.col[q]];
      y[i] = acc;
    });
  };
  std::vector<Vec3> phi(n, Vec3{}), r = a, p = a, lp(n);
  for (int c = 0; c < 3; ++c) {
    double rr = 0, rr0;
    for (std::size_t i = 0; i < n; ++i) rr += r[i][c] * r[i][c];
    rr0 = rr;
    // Relative residual 1e-13: below it round-off (the constant component) would grow.
    for (int it = 0; it < 1000 && rr > 1e-26 * rr0; ++it) {
      apply(p, lp);
      double plp = 0;
      for (std::size_t i = 0; i < n; ++i) plp += p[i][c] * lp[i][c];
      if (!(plp > 0)) break;
      const double alpha = rr / plp;
      double rr_new = 0;
      for (std::size_t i = 0; i < n; ++i) {
        phi[i][c] += alpha * p[i][c];
        r[i][c] -= alpha * lp[i][c];
        rr_new += r[i][c] * r[i][c];
      }
      for (std::size_t i = 0; i < n; ++i) p[i][c] = r[i][c] + (rr_new / rr) * p[i][c];
      rr = rr_new;
    }
  }
  return phi;
}

}  // namespace

double impose_translational_invariance(BlockSparseMatrix& h) {
  const std::size_t n = h.natoms;
  std::vector<Block3> sum(n, Block3{});
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q)
      for (int e = 0; e < 9; ++e) sum[i][e] += h.block[q][e];
    for (double v : sum[i]) worst = std::max(worst, std::abs(v));
  }
  // Axial vector of the antisymmetric part: [a]× = (R − Rᵀ)/2, [a]×_{yx} = a_z etc.
  std::vector<Vec3> axial(n);
  Vec3 mean{};
  for (std::size_t i = 0; i < n; ++i) {
    const Block3& R = sum[i];
    axial[i] = Vec3{0.5 * (R[7] - R[5]), 0.5 * (R[2] - R[6]), 0.5 * (R[3] - R[1])};
    mean += axial[i] * (1.0 / n);
    Block3& d = h.block[h.find(i, i)];
    for (int x = 0; x < 3; ++x)
      for (int y = 0; y < 3; ++y) d[3 * x + y] -= 0.5 * (R[3 * x + y] + R[3 * y + x]);
  }
  for (auto& v : axial) v -= mean;  // Σ_i a_i = 0 up to round-off
  const std::vector<Vec3> phi = solve_pattern_laplacian(h, axial);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q) {
      const std::size_t j = h.col[q];
      if (j == i) continue;
      const Vec3 w = phi[j] - phi[i];  // Σ_j [w_ij]× = −[(Lφ)_i]× = −[a_i]×; w_ji = −w_ij
      Block3& b = h.block[q];
      b[1] -= w[2], b[2] += w[1], b[3] += w[2], b[5] -= w[0], b[6] -= w[1], b[7] += w[0];
    }
  return worst;
}

BlockSparseMatrix finite_difference_hessian(LammpsPotential& potential, const std::vector<Vec3>& positions,
                                            const Box& box, const HessianOptions& options, Progress* progress) {
  const std::size_t n = positions.size();
  if (n != potential.size())
    throw std::invalid_argument(fmt::format("hessian: {} positions for a potential of {} atoms", n, potential.size()));
  if (!(options.step > 0 && options.step < 0.1))
    throw ParameterError(fmt::format("finite-difference step {} Å: must be in (0, 0.1)", options.step));
  const double range = 2 * potential.cutoff() + options.margin;
  BlockSparseMatrix h = pair_pattern(positions, box, range);
  std::vector<std::vector<std::size_t>> groups;
  if (options.group) {
    groups = separated_groups(positions, box, 2 * range);
  } else {
    for (std::size_t i = 0; i < n; ++i) groups.push_back({i});
  }

  const double step = options.step;
  std::vector<Vec3> p = positions, f_plus, f_minus;
  std::uint64_t calls = 0;
  for (const auto& group : groups) {
    for (int a = 0; a < 3; ++a) {
      for (std::size_t i : group) p[i][a] = positions[i][a] + step;
      potential.energy_forces(p, f_plus);
      for (std::size_t i : group) p[i][a] = positions[i][a] - step;
      potential.energy_forces(p, f_minus);
      for (std::size_t i : group) p[i][a] = positions[i][a];
      // Column (i, a): H_{kb,ia} = -(F+_kb - F-_kb) / 2h for the atoms k near i; stored in
      // row i as H_{ia,kb} (the true Hessian is symmetric; symmetrized below).
      for (std::size_t i : group)
        for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q) {
          const std::size_t k = h.col[q];
          for (int b = 0; b < 3; ++b) h.block[q][3 * a + b] = -(f_plus[k][b] - f_minus[k][b]) / (2 * step);
        }
      calls += 2;
      if (progress) progress->update(calls);
    }
  }
  symmetrize(h);
  if (options.translation_invariant) impose_translational_invariance(h);
  return h;
}

}  // namespace glassml::md
