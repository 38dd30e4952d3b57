// Anharmonic stiffness from the soft modes of a 250-atom CuZr glass (md/harmonic_anharmonic.hpp):
// the energies along a mode against LAMMPS's energy of the displaced structure, their curvature
// against the mode's eigenvalue, K_anh → K_h (of the Cholesky route) as T → 0, and the sampled
// thermal mean force against −(k_B T/2) ∇ ln det′H by differences of analytic Hessians, in a
// smooth EAM potential written by the test (in CuZr_mm the two differ by 30-60 % along the soft
// modes at 2-20 K: its third derivatives are knot noise at the scale of the differences).
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <fstream>

#include "core/constants.hpp"
#include "fixtures.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_anharmonic.hpp"
#include "md/harmonic_modes.hpp"
#include "md/harmonic_stiffness.hpp"
#include "md/harmonic_thermal_shift.hpp"
#include "md/lammps_potential.hpp"
#include "md/lammps_session.hpp"

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

namespace {

/// A smooth two-element EAM potential (eam/alloy layout) on a fine grid, at full precision: Morse
/// pairs and exponential densities with a (1 − r/r_c)⁴ cutoff, F(ρ) = −√(ρ + ½). Unlike the
/// CuZr_mm tables (single-precision knot noise, amplified in third derivatives by 1/δ³), its
/// third derivatives are smooth, so a sampled mean force and a difference of ln det H agree.
void write_smooth_eam(const std::string& path) {
  const int nrho = 5000, nr = 5000;
  const double drho = 0.01, dr = 0.001, rc = 4.99;
  auto cut = [&](double r) { return r < rc ? std::pow(1 - r / rc, 4) : 0.0; };
  std::ofstream out(path);
  out << "smooth test potential\nMorse pairs, exponential densities\nglassml tests\n2 Cu Zr\n"
      << nrho << " " << drho << " " << nr << " " << dr << " " << rc << "\n";
  out.precision(17);
  const double mass[2] = {63.546, 91.224}, z[2] = {29, 40};
  for (int e = 0; e < 2; ++e) {
    out << z[e] << " " << mass[e] << " 3.6 fcc\n";
    for (int k = 0; k < nrho; ++k) out << -std::sqrt(k * drho + 0.5) << "\n";
    for (int k = 0; k < nr; ++k) out << (1.0 + 0.3 * e) * std::exp(-1.2 * (k * dr - 2.8)) * cut(k * dr) << "\n";
  }
  const double r0[2][2] = {{2.55, 2.85}, {2.85, 3.15}}, depth[2][2] = {{0.25, 0.35}, {0.35, 0.45}};
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b <= a; ++b)
      for (int k = 0; k < nr; ++k) {
        const double r = k * dr, x = std::exp(-1.6 * (r - r0[a][b]));
        out << r * depth[a][b] * (x * x - 2 * x) * cut(r) << "\n";
      }
}

/// The small glass relaxed (LAMMPS CG, same box) in the smooth potential.
Configuration relaxed_in(const std::string& potential) {
  Configuration c = harmonic_test::small_glass();
  LammpsSession lmp(harmonic_test::scratch("smooth_min.log"));
  lmp.create_atoms(c);
  lmp.command("pair_style eam/alloy");
  lmp.command("pair_coeff * * " + potential + " Cu Zr");
  lmp.command("min_style cg");
  lmp.command("minimize 0 1e-10 20000 200000");
  return lmp.gather_configuration(c);
}

/// ln det′H = Σ_{k≥3} ln λ_k of the analytic Hessian at `c`.
double log_det(const EamTables& t, const Configuration& c) {
  const HessianModes m = hessian_modes(eam_hessian(t, c));
  double s = 0;
  for (Eigen::Index k = 3; k < m.eigenvalues.size(); ++k) s += std::log(m.eigenvalues(k));
  return s;
}

}  // namespace

TEST(HarmonicAnharmonicModes, ThermalMeanForceIsMinusHalfKTGradientOfLogDetH) {
  const std::string file = harmonic_test::scratch("smooth.eam.alloy");
  write_smooth_eam(file);
  const Configuration glass = relaxed_in(file);
  const EamTables tables = read_eam_tables(file, "eam/alloy");
  const HessianModes modes = hessian_modes(eam_hessian(tables, glass));
  const double kT = constants::kBoltzmann * 20;
  // Single-pair estimates along a few soft modes: mean and standard error over 400 seeds.
  const std::vector<Eigen::Index> ks{3, 4, 5, 8, 20};
  const int samples = 400;
  std::vector<double> sum(ks.size(), 0.0), sum2(ks.size(), 0.0);
  for (int s = 0; s < samples; ++s) {
    const Eigen::VectorXd f = thermal_mean_force(tables, glass, modes, kT, 1, 1000 + s);
    for (std::size_t a = 0; a < ks.size(); ++a) {
      const double x = modes.vectors.col(ks[a]).dot(f);
      sum[a] += x, sum2[a] += x * x;
    }
  }
  std::size_t resolved = 0;
  for (std::size_t a = 0; a < ks.size(); ++a) {
    const double mean = sum[a] / samples, se = std::sqrt((sum2[a] / samples - mean * mean) / samples);
    // Oracle: −(k_B T/2) d/dq ln det′H(x0 + q v_k), central difference over q = ±0.01 Å.
    const double q = 0.01;
    Configuration plus = glass, minus = glass;
    const Eigen::VectorXd v = modes.vectors.col(ks[a]);
    for (std::size_t i = 0; i < plus.size(); ++i) {
      const Vec3 d{v(3 * i), v(3 * i + 1), v(3 * i + 2)};
      plus.position[i] += q * d, minus.position[i] -= q * d;
    }
    const double oracle = -0.5 * kT * (log_det(tables, plus) - log_det(tables, minus)) / (2 * q);
    // Measured: within 0.3 standard errors for all five (the mean is 5-8 % off, the noise 25-30 %).
    EXPECT_NEAR(mean, oracle, 3 * se) << "mode " << ks[a] << " lambda " << modes.eigenvalues(ks[a]);
    resolved += std::abs(oracle) > 3 * se;
  }
  EXPECT_GE(resolved, 3u);  // the check has teeth: the signal stands above the sampling noise
}

TEST(HarmonicAnharmonicModes, RelaxationSolvesHessianSystem) {
  // H δx = f on the non-translational subspace, by the sparse Hessian's own product.
  const GlassModes& g = glass_modes();
  Eigen::VectorXd f = Eigen::VectorXd::Random(3 * static_cast<Eigen::Index>(g.glass.size()));
  for (int a = 0; a < 3; ++a) f(Eigen::seqN(a, g.glass.size(), 3)).array() -= f(Eigen::seqN(a, g.glass.size(), 3)).mean();
  const Eigen::VectorXd dx = relaxation_under_force(g.modes, f);
  std::vector<double> x(dx.data(), dx.data() + dx.size()), y;
  g.h.multiply(x, y);
  double worst = 0;
  for (Eigen::Index r = 0; r < f.size(); ++r) worst = std::max(worst, std::abs(y[r] - f(r)));
  EXPECT_LT(worst, 1e-8 * f.cwiseAbs().maxCoeff());
}
