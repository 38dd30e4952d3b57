// The finite-difference Hessian of a LAMMPS glass: second differences of the LAMMPS energy,
// zero translational modes, and its pseudo-inverse blocks by the dense and sparse methods
// against a full eigendecomposition.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "fixtures.hpp"
#include "core/error.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_sparse_inverse.hpp"
#include "md/harmonic_stiffness.hpp"
#include "md/hessian.hpp"
#include "md/lammps_potential.hpp"
#include "oracle.hpp"

using namespace glassml;
using namespace glassml::md;
using harmonic_test::kPotential;

namespace {
const harmonic_test::GlassHessian& glass_hessian() { return harmonic_test::lammps_fd_hessian(1e-3); }
}  // namespace

TEST(Hessian, EqualsSecondDifferencesOfTheLammpsEnergy) {
  const auto& g = glass_hessian();
  const auto& glass = g.glass;
  EXPECT_LT(g.max_force, 1e-4);  // eV/Å: a minimum
  // 250 atoms in a 16.5 Å box: no two atoms 4 r_c apart, so one atom per group, 6N calls.
  EXPECT_EQ(g.force_calls, 6 * glass.size());
  LammpsPotentialOptions o;
  o.log_path = harmonic_test::scratch("hessian_check.log");
  LammpsPotential pot(glass, read_eam_potential(kPotential), o);
  std::vector<Vec3> f;
  auto energy = [&](std::size_t i, int a, double di, std::size_t j, int b, double dj) {
    auto p = glass.position;
    p[i][a] += di;
    p[j][b] += dj;
    return pot.energy_forces(p, f);
  };
  // H_pq ≈ [E(+h,+h) − E(+h,−h) − E(−h,+h) + E(−h,−h)] / 4h², h = 5e-4 Å (truncation ~h² ∂⁴E
  // ~ 2.5e-4, round-off ~1e-13 eV / h² ~ 1e-6 eV/Å²). The tolerance is set by the potential, not
  // the arithmetic: LAMMPS interpolates the EAM tables by cubics with finite-difference slopes
  // on a 7.6e-4 Å grid, whose second derivatives jump at every knot, so second differences over
  // different steps disagree by up to ~1.5 % (measured here between h = 2e-3 and 5e-4 Å).
  const double h = 5e-4;
  std::mt19937 rng(11);
  int near = 0, far = 0, self = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t i = rng() % glass.size();
    const std::size_t j = trial % 3 == 0 ? i : rng() % glass.size();
    const int a = static_cast<int>(rng() % 3), b = static_cast<int>(rng() % 3);
    const double d = norm(glass.box.minimum_image(glass.position[j] - glass.position[i]));
    const double fd = (energy(i, a, h, j, b, h) - energy(i, a, h, j, b, -h) - energy(i, a, -h, j, b, h) +
                       energy(i, a, -h, j, b, -h)) / (4 * h * h);
    const std::size_t q = g.h.find(i, j);
    ASSERT_NE(q, SIZE_MAX);
    EXPECT_NEAR(g.h.block[q][3 * a + b], fd, 2e-3 + 2e-2 * std::abs(fd)) << i << " " << j << " at " << d << " Å";
    (i == j ? self : d < 7.6 ? near : far)++;
    if (i == j && a == b) {
      EXPECT_GT(fd, 0.1);  // on-site curvature of a minimum: eV/Å²
    }
  }
  EXPECT_GT(self, 10);
  EXPECT_GT(far, 5);  // pairs coupled only through a common neighbour (EAM embedding)
}

TEST(Hessian, TranslationsAreZeroModes) {
  const auto& g = glass_hessian();
  // Σ_j H_ij = 0: the energy does not change under a uniform translation. Diagonal entries are
  // ~1-10 eV/Å²; finite-difference noise ~1e-8 / h.
  EXPECT_LT(max_translation_residual(g.h), 1e-5);
  std::vector<double> x(3 * g.h.natoms), y;
  for (int a = 0; a < 3; ++a) {
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = k % 3 == static_cast<std::size_t>(a) ? 1.0 : 0.0;
    g.h.multiply(x, y);
    for (double v : y) ASSERT_LT(std::abs(v), 1e-5);
  }
}

TEST(Hessian, PseudoInverseBlocksMatchAnEigendecomposition) {
  const auto& g = glass_hessian();
  const auto oracle = harmonic_test::oracle_pseudo_inverse(g.h);
  // A minimum: three zero modes, none negative.
  EXPECT_LT(std::abs(oracle.eigenvalues(0)), 1e-5);
  EXPECT_LT(std::abs(oracle.eigenvalues(2)), 1e-5);
  EXPECT_GT(oracle.eigenvalues(3), 1e-3);
  const auto dense = pseudo_inverse_blocks_dense(g.h);
  const auto order = nested_dissection_order(g.glass.position, g.glass.box, 2 * 7.6 + 0.5);
  const auto sparse = pseudo_inverse_blocks_sparse(g.h, order);
  // Entries of H⁺ blocks are ~0.1-1 Å²/eV; the oracle's own error ~ε‖H‖/λ_min² ~ 1e-8.
  EXPECT_LT(harmonic_test::max_block_difference(dense, oracle.blocks), 1e-6);
  EXPECT_LT(harmonic_test::max_block_difference(sparse, oracle.blocks), 1e-6);
  const auto k = harmonic_stiffness(dense);
  double mean = 0;
  for (double v : k) {
    EXPECT_GT(v, 0.1);
    mean += v / k.size();
  }
  EXPECT_GT(mean, 0.4);  // eV/Å²: the reference glasses have a mean K_h near 1
  EXPECT_LT(mean, 3.0);
}

TEST(Hessian, NegativeModesAreRefused) {
  harmonic_test::mpi();
  // A B2 crystal with atoms displaced at random by up to 0.3 Å: far from any minimum.
  auto c = harmonic_test::b2_lattice(5, 3.26);
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> u(-0.3, 0.3);
  for (auto& p : c.position) p += Vec3{u(rng), u(rng), u(rng)};
  LammpsPotentialOptions o;
  o.log_path = harmonic_test::scratch("negative.log");
  LammpsPotential pot(c, read_eam_potential(kPotential), o);
  auto h = finite_difference_hessian(pot, c.position, c.box);
  const auto oracle = harmonic_test::oracle_pseudo_inverse(h);
  ASSERT_LT(oracle.eigenvalues(0), -0.01);  // the fixture does have negative modes
  EXPECT_THROW(pseudo_inverse_blocks_dense(h), ParameterError);
  const auto order = nested_dissection_order(c.position, c.box, 15.7);
  EXPECT_THROW(pseudo_inverse_blocks_sparse(h, order), ParameterError);
}

TEST(Hessian, AnalyticAndFiniteDifferenceGiveTheSameStiffness) {
  const auto& g = glass_hessian();
  const EamTables tables = read_eam_tables(kPotential, "eam/fs");
  const BlockSparseMatrix analytic = eam_hessian(tables, g.glass);
  ASSERT_EQ(analytic.col, g.h.col);  // same pattern (pairs within 2 r_c + 0.5 Å)
  double worst_entry = 0;
  for (std::size_t q = 0; q < analytic.block.size(); ++q)
    for (int e = 0; e < 9; ++e) worst_entry = std::max(worst_entry, std::abs(analytic.block[q][e] - g.h.block[q][e]));
  const auto k_fd = harmonic_stiffness(pseudo_inverse_blocks_dense(g.h));
  const auto k_an = harmonic_stiffness(pseudo_inverse_blocks_dense(analytic));
  double worst_k = 0, mean_k = 0;
  for (std::size_t i = 0; i < k_fd.size(); ++i) {
    worst_k = std::max(worst_k, std::abs(k_an[i] / k_fd[i] - 1));
    mean_k += std::abs(k_an[i] / k_fd[i] - 1) / k_fd.size();
  }
  // Entries differ where the finite differences (h = 1e-3 Å, across ~3 table knots) average the
  // jumps of the tables' second derivatives at the knots (up to ~1 % of an entry, see above),
  // which the analytic Hessian (the h -> 0 limit) does not: measured 0.066 eV/Å² at most, and
  // K_h 0.96 % at most, 0.17 % on average. Finite differences with h = 1e-4 Å come within
  // 0.26 % (0.015 % on average) of the analytic K_h, and h = 5e-4 vs 1e-3 differ by 0.5 %:
  // K_h is defined to a few 1e-3 by the tabulated potential itself.
  EXPECT_LT(worst_entry, 0.1);
  EXPECT_LT(worst_k, 0.02);
  EXPECT_LT(mean_k, 3e-3);
  std::printf("analytic vs finite-difference Hessian: max entry difference %.3g eV/A^2, max relative K_h difference %.3g (mean %.3g)\n",
              worst_entry, worst_k, mean_k);
}
