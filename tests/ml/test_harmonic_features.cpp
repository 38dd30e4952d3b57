// Per-atom inputs for learning the anharmonic part of the stiffness (issue 9): the EAM site
// energies and virials (md/eam_site_properties.hpp) against LAMMPS (compute pe/atom, compute
// stress/atom) and against finite differences of the energy under a homogeneous strain; the
// mode-resolved harmonic fluctuation (md/harmonic_modes.hpp) against an Eigen eigendecomposition.
#include <gtest/gtest.h>

#include <random>

#include "../harmonic/fixtures.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_site_properties.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_modes.hpp"
#include "md/harmonic_stiffness.hpp"

#include <Eigen/Dense>

using namespace glassml;
using namespace glassml::md;

namespace {

/// The configuration stretched by (1 + e) along axis a (box and positions, about the origin).
Configuration stretched(Configuration c, int a, double e) {
  for (auto& p : c.position) p[a] *= 1 + e;
  Vec3 lo = c.box.lo, hi = c.box.hi();
  lo[a] *= 1 + e, hi[a] *= 1 + e;
  c.box = Box::orthogonal(lo, hi);
  return c;
}

}  // namespace

// Σ_i W_i,aa = −∂E/∂ε_aa (virial theorem for a homogeneous strain), central differences.
TEST(EamSiteProperties, VirialIsStrainDerivativeOfEnergy) {
  const EamTables t = read_eam_tables(harmonic_test::kPotential, "eam/fs");
  const Configuration c = harmonic_test::jiggled(harmonic_test::b2_lattice(5, 3.26), 0.2, 3);
  const EamSiteProperties s = eam_site_properties(t, c);
  double energy = 0;
  for (double e : s.energy) energy += e;
  EXPECT_NEAR(energy, eam_energy_forces(t, c).energy, 1e-9 * std::abs(energy));
  const double h = 1e-5;
  for (int a = 0; a < 3; ++a) {
    double w = 0;
    for (const auto& v : s.virial) w += v[a];
    const double de = (eam_energy_forces(t, stretched(c, a, h)).energy - eam_energy_forces(t, stretched(c, a, -h)).energy) / (2 * h);
    EXPECT_NEAR(w, -de, 1e-5 * std::abs(de) + 1e-6) << "axis " << a;
  }
}

// A perfect B2 crystal: every atom of a species has the same energy and pressure, and by cubic
// symmetry no shear (analytic truth); compressed below its equilibrium spacing the pressure is
// positive, stretched negative.
TEST(EamSiteProperties, CubicCrystalHasNoShearAndSignedPressure) {
  const EamTables t = read_eam_tables(harmonic_test::kPotential, "eam/fs");
  for (double a : {3.0, 3.6}) {
    const Configuration c = harmonic_test::b2_lattice(6, a);
    const EamSiteProperties s = eam_site_properties(t, c);
    for (std::size_t i = 0; i < c.size(); ++i) {
      const std::size_t first = c.type[i] == c.type[0] ? 0 : 1;
      EXPECT_NEAR(s.energy[i], s.energy[first], 1e-9);
      EXPECT_NEAR(s.pressure_volume[i], s.pressure_volume[first], 1e-9);
      EXPECT_NEAR(s.shear_volume[i], 0.0, 1e-8);
      if (a < 3.1) EXPECT_GT(s.pressure_volume[i], 0.1);
      else EXPECT_LT(s.pressure_volume[i], -0.1);
    }
  }
}

// Mode bins of a 250-atom glass: they add up to Tr[H⁺]_ii = 1/K_h,i of the Cholesky route
// (md/harmonic_stiffness, no eigendecomposition), and each bin equals a brute-force sum over
// Eigen's own eigendecomposition of the dense Hessian.
TEST(HarmonicModes, BinsSumToInverseKhAndMatchEigen) {
  const Configuration& c = harmonic_test::small_glass();
  const EamTables t = read_eam_tables(harmonic_test::kPotential, "eam/fs");
  const BlockSparseMatrix h = eam_hessian(t, c);
  const auto edges = default_mode_bin_edges();
  const auto g = mode_resolved_fluctuation(h, edges);
  const auto kh = harmonic_stiffness(pseudo_inverse_blocks_dense(h));
  ASSERT_EQ(g.size(), edges.size());
  const Eigen::Index n = static_cast<Eigen::Index>(3 * c.size());
  Eigen::MatrixXd dense = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t i = 0; i < h.natoms; ++i)
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q)
      for (int x = 0; x < 3; ++x)
        for (int y = 0; y < 3; ++y) dense(3 * i + x, 3 * h.col[q] + y) = h.block[q][3 * x + y];
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(dense);
  std::size_t populated = 0;
  for (std::size_t b = 0; b < edges.size(); ++b) {
    const double lo = edges[b], hi = b + 1 < edges.size() ? edges[b + 1] : 1e300;
    double worst = 0, total = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
      double ref = 0;
      for (Eigen::Index k = 3; k < n; ++k)
        if (eig.eigenvalues()(k) >= lo && eig.eigenvalues()(k) < hi)
          ref += eig.eigenvectors().col(k).segment(3 * static_cast<Eigen::Index>(i), 3).squaredNorm() / eig.eigenvalues()(k);
      worst = std::max(worst, std::abs(g[b][i] - ref)), total += ref;
    }
    EXPECT_LT(worst, 1e-9) << "bin " << b;
    populated += total > 0;
  }
  EXPECT_GE(populated, 4u);  // the check has teeth: several bins hold modes
  for (std::size_t i = 0; i < c.size(); ++i) {
    double sum = 0;
    for (const auto& bin : g) sum += bin[i];
    EXPECT_NEAR(sum * kh[i], 1.0, 1e-9) << "atom " << i;
  }
}
