// Anharmonic stiffness from the soft modes of a 250-atom CuZr glass (md/harmonic_anharmonic.hpp):
// the energies along a mode against LAMMPS's energy of the displaced structure, their curvature
// against the mode's eigenvalue, and K_anh → K_h (of the Cholesky route) as T → 0.
#include <gtest/gtest.h>

#include <cmath>

#include "core/constants.hpp"
#include "fixtures.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_anharmonic.hpp"
#include "md/harmonic_modes.hpp"
#include "md/harmonic_stiffness.hpp"
#include "md/lammps_potential.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {

struct GlassModes {
  Configuration glass;
  EamTables tables;
  BlockSparseMatrix h;
  HessianModes modes;
};

/// The glass, its analytic Hessian (the point second derivatives: what a line's curvature at
/// tiny amplitude is) and its modes; made once per test process.
const GlassModes& glass_modes() {
  static const GlassModes g = [] {
    GlassModes r;
    r.glass = harmonic_test::small_glass();
    r.tables = read_eam_tables(harmonic_test::kPotential, "eam/fs");
    r.h = eam_hessian(r.tables, r.glass);
    r.modes = hessian_modes(r.h);
    return r;
  }();
  return g;
}

}  // namespace

TEST(HarmonicAnharmonicModes, LineEnergiesAreLammpsEnergiesOfTheDisplacedStructure) {
  const GlassModes& g = glass_modes();
  LammpsPotentialOptions o;
  o.log_path = harmonic_test::scratch("anharmonic_lines.log");
  LammpsPotential lammps(g.glass, read_eam_potential(harmonic_test::kPotential), o);
  std::vector<Vec3> f;
  const double e0 = lammps.energy_forces(g.glass.position, f);
  const ModeLineEnergy line(g.tables, g.glass, 0.5);
  const std::vector<double> q{-1.0, -0.4, 0.15, 0.7, 1.0};
  for (Eigen::Index k : {3, 4, 40, 300}) {
    const Eigen::VectorXd v = g.modes.vectors.col(k);
    double umax = 0;
    for (Eigen::Index i = 0; i < v.size() / 3; ++i) umax = std::max(umax, v.segment(3 * i, 3).norm());
    const double scale = 0.2 / umax;  // the atom that moves most moves by 0.2 Å at |q| = 1
    std::vector<double> qs;
    for (double x : q) qs.push_back(scale * x);
    const std::vector<double> mine = line.energies(v, qs);
    double largest = 0;
    for (std::size_t m = 0; m < qs.size(); ++m) {
      std::vector<Vec3> x = g.glass.position;
      for (std::size_t i = 0; i < x.size(); ++i) x[i] += qs[m] * Vec3{v(3 * i), v(3 * i + 1), v(3 * i + 2)};
      const double ref = lammps.energy_forces(x, f) - e0;
      EXPECT_NEAR(mine[m], ref, 1e-9 + 1e-9 * std::abs(ref)) << "mode " << k << " q " << qs[m];
      largest = std::max(largest, std::abs(ref));
    }
    EXPECT_GT(largest, 1e-2) << "mode " << k;  // the check has teeth: far beyond round-off
  }
}

TEST(HarmonicAnharmonicModes, CurvatureAlongAModeIsItsEigenvalue) {
  // Central second difference at a small amplitude against λ_k of the analytic Hessian.
  const GlassModes& g = glass_modes();
  const ModeLineEnergy line(g.tables, g.glass, 0.5);
  for (Eigen::Index k : {3, 10, 100, 500, 749}) {
    const double a = 2e-3;
    const std::vector<double> e = line.energies(g.modes.vectors.col(k), {-a, a});
    EXPECT_NEAR((e[0] + e[1]) / (a * a) / g.modes.eigenvalues(k), 1.0, 2e-3) << "mode " << k;
  }
}

TEST(HarmonicAnharmonicModes, TinyTemperaturesGiveKh) {
  const GlassModes& g = glass_modes();
  const std::vector<double> kh = harmonic_stiffness(pseudo_inverse_blocks_dense(g.h));
  AnharmonicOptions o;
  o.cutoff = 2.0;
  o.temperatures = {1e-5, 2e-5};
  const AnharmonicStiffness cold = anharmonic_stiffness(g.tables, g.glass, g.modes, o);
  ASSERT_GT(cold.modes.size(), 100u);  // of the 747
  double worst = 0, worst_pt = 0;
  for (std::size_t i = 0; i < kh.size(); ++i)
    worst = std::max(worst, std::abs(cold.stiffness[i] / kh[i] - 1)),
    worst_pt = std::max(worst_pt, std::abs(cold.stiffness_perturbative[i] / kh[i] - 1));
  EXPECT_LT(worst, 1e-3);
  EXPECT_LT(worst_pt, 1e-3);
  // At the label's temperatures K_anh departs from K_h by far more than the tolerance above (the
  // check has teeth; on this glass the modes stiffen along their own lines, K_anh/K_h ~ 1.05: the
  // quartic terms win over the cubic ones), and the two estimates of the modes' variances agree
  // in the mean.
  o.temperatures = {50, 100, 150, 200, 250, 300};
  const AnharmonicStiffness warm = anharmonic_stiffness(g.tables, g.glass, g.modes, o);
  double mean_ratio = 0;
  for (std::size_t i = 0; i < kh.size(); ++i) mean_ratio += warm.stiffness[i] / kh[i] / kh.size();
  EXPECT_GT(std::abs(mean_ratio - 1), 1e-2);
  double r = 0, rp = 0;
  for (const auto& m : warm.modes) r += m.ratio_hot / warm.modes.size(), rp += m.ratio_hot_perturbative / warm.modes.size();
  EXPECT_NEAR(r, rp, 0.2 * std::abs(r - 1) + 0.02);
}
